"""The ratings' demo for a development portal (``make run``): every finished demo request is rated, and
at every office with walk-in lines and a demo officer, 36 walk-in visits of the last 20 working days
(finished queue tickets) are rated through the same functions as real ones, so the office has an IKM to
show. Created once: an office that has its demo respondents already gets no more."""
import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from desk.models import Ticket
from desk.numbering import issue_ticket, office_lines
from requests_app.demo import working_days_ago
from requests_app.models import Request
from services.catalogue.models import Office

from . import ratings
from .ikm import ikm
from .rating_models import ELEMENT_NAMES, Rating

DEMO_RESPONDENTS = 36
DEMO_DAYS = 30
DEMO_WORKING_DAYS = 20
DEMO_GUEST = "Responden Demo"
# How the demo visitors tend to answer each element (the chance of a 4, of a 3; the rest is a 2), so the
# weakest elements differ from the strongest: facilities and completion time score lowest.
TENDENCY = {"requirements": (.6, .35), "procedure": (.5, .4), "duration": (.3, .45), "fee": (.9, .1),
            "product": (.55, .4), "competence": (.6, .35), "conduct": (.7, .28),
            "complaint_handling": (.4, .4), "facilities": (.25, .45)}
COMMENTS = ("Petugas ramah dan jelas.", "Ruang tunggu perlu kursi lebih banyak.", "")


@dataclass
class DemoIkm:
    office: Office
    first_day: datetime.date
    last_day: datetime.date
    result: object


def answers(chance):
    """One demo respondent's answers (one element skipped now and then)."""
    given = {}
    for name in ELEMENT_NAMES:
        four, three = TENDENCY[name]
        roll = chance.random()
        given[name] = 4 if roll < four else 3 if roll < four + three else 2
    if chance.random() < .15:
        given[chance.choice(ELEMENT_NAMES)] = None
    return given


def rate_demo_requests(chance):
    finished = Request.objects.filter(status__in=ratings.ASKED_STATUSES, satisfaction__isnull=True)
    return [ratings.rate_request(request, answers(chance), chance.choice(COMMENTS),
                                 now=request.closed_at or timezone.now()) for request in finished]


@transaction.atomic
def _rated_visits(office, officer, chance, now):
    for index in range(DEMO_RESPONDENTS):  # on working days of the last four weeks, in office hours
        moment = working_days_ago(office, 1 + index % DEMO_WORKING_DAYS, now) + datetime.timedelta(
            hours=index % 6, minutes=7 * (index // DEMO_WORKING_DAYS))
        open_lines = [slug for slug, _name in office_lines(office, moment)]
        if not open_lines:
            continue
        ticket = issue_ticket(office, open_lines[index % len(open_lines)], f"{DEMO_GUEST} {index + 1}",
                              issued_by=officer, now=moment)
        called = moment + datetime.timedelta(minutes=chance.randint(1, 9))
        finished = called + datetime.timedelta(minutes=chance.randint(5, 20))
        Ticket.objects.filter(pk=ticket.pk).update(
            status=Ticket.Status.DONE, called_at=called, called_by=officer, serving_started_at=called,
            finished_at=finished)
        ticket.refresh_from_db()
        ratings.rate_ticket(ticket, answers(chance), chance.choice(COMMENTS), now=finished)


def create_demo_ratings(now=None):
    """Rate the finished demo requests and give each walk-in office its demo respondents (once);
    returns the IKM of the last 30 days of each office that has one."""
    now = now or timezone.now()
    chance = random.Random(18)
    rate_demo_requests(chance)
    shown = []
    for office in Office.objects.filter(is_active=True).order_by("code"):
        officer = User.objects.filter(role=Role.OFFICER, office=office).order_by("pk").first()
        lines = [slug for slug, _name in office_lines(office)]
        if officer is None or not lines:
            continue
        if not Rating.objects.filter(office=office, ticket__guest_name__startswith=DEMO_GUEST).exists():
            _rated_visits(office, officer, chance, now)
        last_day = timezone.localtime(now, office.zone).date()
        first_day = last_day - datetime.timedelta(days=DEMO_DAYS)
        shown.append(DemoIkm(office, first_day, last_day, ikm(office, first_day, last_day)))
    return shown
