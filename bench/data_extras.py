"""Around the requests: ratings of finished ones, complaints, walk-in queue tickets, the outbox's emails
(about five per request), the job runs beat records (about 20 per request, most of them the
every-minute outbox drain) and the performance figures rebuilt for the history."""

import datetime
import uuid

from django.db.models import Max
from django.utils import timezone

from bench.data_copy import copy_rows, insert
from bench.data_people import person_name
from complaints.complaint_models import Complaint, ComplaintEvent
from complaints.rating_models import ELEMENT_NAMES, Rating
from desk.models import Ticket, TicketCounter
from pst_portal.models import JobRun, OutgoingEmail
from requests_app.models import CODE_ALPHABET

RATED_SHARE = 0.35
COMPLAINT_SHARE = 0.01
JOB_RUNS_PER_REQUEST = 20
JOBS = (
    ("drain_outbox", 60),
    ("sweep_deadlines", 300),
    ("send_digests", 600),
    ("sweep_complaint_deadlines", 600),
    ("remind_visitors", 1800),
    ("remind_link_expiry", 1800),
)
TICKET_PREFIX = {"konsultasi": "K", "penjualan-produk": "P", "rekomendasi": "R"}
BATCH = 5000


def write_for_stories(ctx, stories):
    _ratings(ctx, stories)
    _complaints(ctx, stories)
    _tickets(ctx, stories)
    _outbox(ctx, stories)


def _ratings(ctx, stories):
    rng, rows = ctx.rng, []
    for story in stories:
        request = story.request
        if request.status != "completed" or rng.random() > RATED_SHARE:
            continue
        base = rng.choice([3, 3, 4, 4, 4, 2])
        scores = {name: min(4, max(1, base + rng.choice([-1, 0, 0, 0, 1]))) for name in ELEMENT_NAMES}
        if request.service_kind.slug != "penjualan-produk":
            scores["fee"] = None
        at = request.closed_at + datetime.timedelta(hours=rng.randrange(1, 72))
        rows.append(
            Rating(
                request=request,
                office=request.office,
                service_slug=request.service_kind.slug,
                channel=request.channel,
                local_date=timezone.localtime(at, request.office.zone).date(),
                created_at=min(at, ctx.now),
                comment=rng.choice(["", "", "Pelayanan cepat.", "Petugas ramah dan jelas."]),
                **scores,
            )
        )
    insert(rows)


def _complaint_code(ctx, office_code, when):
    while True:
        code = f"P-{office_code}-{when:%y}-" + "".join(ctx.rng.choice(CODE_ALPHABET) for _ in range(6))
        if code not in ctx.codes:
            ctx.codes.add(code)
            return code


def _complaints(ctx, stories):
    rng, rows = ctx.rng, []
    for story in stories:
        request = story.request
        if rng.random() > COMPLAINT_SHARE or request.submitted_at is None:
            continue
        received = min(
            ctx.now - datetime.timedelta(hours=1),
            request.submitted_at + datetime.timedelta(days=rng.randrange(2, 20)),
        )
        closed = received + datetime.timedelta(days=rng.randrange(1, 10))
        done = closed < ctx.now - datetime.timedelta(days=3)
        due = ctx.calendars.due_for(request.office, received, 5)
        rows.append(
            Complaint(
                code=_complaint_code(ctx, request.office.code, received),
                private_token=f"{rng.getrandbits(160):040x}",
                office=request.office,
                complainant_id=request.visitor_id,
                full_name="" if request.visitor_id else person_name(rng),
                email="" if request.visitor_id else "tamu@contoh.id",
                subject=rng.choice(["request", "conduct", "data", "facilities"]),
                request=request,
                text="Permintaan saya lama sekali diproses.",
                channel="website",
                status="closed" if done else "received",
                received_at=received,
                response_days=5,
                due_at=due,
                remind_from=due - datetime.timedelta(days=1),
                answered_at=closed if done else None,
                closed_at=closed if done else None,
                answer="Mohon maaf, sudah kami tindak lanjuti." if done else "",
            )
        )
    insert(rows)
    events = []
    for complaint in rows:
        events.append(
            ComplaintEvent(
                complaint=complaint,
                action="receive",
                to_status="received",
                by_complainant=True,
                created_at=complaint.received_at,
            )
        )
        if complaint.closed_at:
            events.append(
                ComplaintEvent(
                    complaint=complaint,
                    action="answer",
                    from_status="received",
                    to_status="closed",
                    note=complaint.answer,
                    created_at=complaint.closed_at,
                )
            )
    insert(events)


def _tickets(ctx, stories):
    """A queue ticket for each walk-in request, served within minutes, numbered per office, day and line."""
    rng, rows = ctx.rng, []
    numbers = ticket_numbers(ctx)
    for story in stories:
        request = story.request
        if request.channel != "walk_in" or request.submitted_at is None:
            continue
        slug, office = request.service_kind.slug, request.office
        issued = request.submitted_at - datetime.timedelta(minutes=rng.randrange(5, 40))
        day = timezone.localtime(issued, office.zone).date()
        number = numbers[(office.pk, day, slug)] = numbers.get((office.pk, day, slug), 0) + 1
        called = issued + datetime.timedelta(minutes=rng.randrange(1, 15))
        rows.append(
            Ticket(
                office=office,
                issued_service=slug,
                service=slug,
                day=day,
                number=number,
                code=f"{TICKET_PREFIX.get(slug, 'X')}-{number:03d}",
                token=uuid.UUID(int=rng.getrandbits(128), version=4),
                status="done",
                issued_at=issued,
                called_at=called,
                called_by_id=story.officer,
                serving_started_at=called + datetime.timedelta(minutes=1),
                finished_at=request.submitted_at,
                request=request,
                visitor_id=request.visitor_id,
                guest_name=person_name(rng),
                guest_contact=f"+62815{rng.randrange(10**7, 10**8)}",
            )
        )
    insert(rows)


def ticket_numbers(ctx):
    """The last number per (office, day, line): those already issued (the demo's) first."""
    if not hasattr(ctx, "ticket_numbers"):
        ctx.ticket_numbers = {
            (office, day, line): number
            for office, day, line, number in Ticket.objects.values_list("office_id", "day", "issued_service")
            .annotate(last=Max("number"))
            .values_list("office_id", "day", "issued_service", "last")
        }
    return ctx.ticket_numbers


def save_ticket_counters(ctx):
    """The desk's counters of the recent days follow the tickets made (a ticket issued today takes the
    next number); older days' counters are never read again."""
    for (office_id, day, line), number in ticket_numbers(ctx).items():
        if day >= (ctx.now - datetime.timedelta(days=2)).date():
            counter, _created = TicketCounter.objects.get_or_create(
                office_id=office_id, day=day, service=line
            )
            if counter.last_number < number:
                TicketCounter.objects.filter(pk=counter.pk).update(last_number=number)


OUTBOX_COLUMNS = (
    "payload",
    "subject",
    "recipients",
    "created_at",
    "sent_at",
    "attempts",
    "last_error",
    "next_attempt_at",
    "failed_at",
    "sending_since",
)


def _outbox(ctx, stories):
    """The emails the notified events sent (sent a minute later); a few given up after refusals."""
    rng, rows = ctx.rng, []
    for story in stories:
        for event in story.events:
            if event.notified_at is None:  # one email per notified event
                continue
            subject = f"[{story.request.code}] {event.action}"
            failed = rng.random() < 0.002
            payload = {
                "subject": subject,
                "body": "Status permintaan Anda berubah.",
                "from_email": "PST BPS <pst-noreply@bps.go.id>",
                "to": ["pengguna@contoh.id"],
                "cc": [],
                "bcc": [],
                "reply_to": [],
                "headers": {},
                "alternatives": [],
                "attachments": [],
            }
            rows.append(
                (
                    payload,
                    subject,
                    "pengguna@contoh.id",
                    event.created_at,
                    None if failed else event.created_at + datetime.timedelta(minutes=1),
                    OutgoingEmail.MAX_ATTEMPTS if failed else 1,
                    "550 mailbox unavailable" if failed else "",
                    None,
                    event.created_at + datetime.timedelta(hours=6) if failed else None,
                    None,
                )
            )
    copy_rows(OutgoingEmail, OUTBOX_COLUMNS, rows)


def write_background(ctx, requests):
    """Job runs as beat records them, the most recent ones at their schedule's pace (the drain once a
    minute), ``JOB_RUNS_PER_REQUEST`` per request in all."""
    total = requests * JOB_RUNS_PER_REQUEST
    per_second = sum(1 / every for _name, every in JOBS)
    span = datetime.timedelta(seconds=total / per_second)
    made = 0
    for name, every in JOBS:
        count = int(total * (1 / every) / per_second)
        for first in range(0, count, 50000):
            rows = []
            for n in range(first, min(count, first + 50000)):
                started = ctx.now - span + datetime.timedelta(seconds=every * n)
                rows.append(
                    (
                        name,
                        started,
                        started + datetime.timedelta(milliseconds=40 + (n * 37) % 400),
                        {"sent": n % 3} if name == "drain_outbox" else {},
                        "",
                        "worker-1",
                        1000 + n % 7,
                    )
                )
            copy_rows(JobRun, ("name", "started_at", "finished_at", "counts", "error", "host", "pid"), rows)
            made += len(rows)
    return made


def rebuild_figures(ctx, days=None):
    """The daily figures of every office for the last ``days`` days (None: the whole history), with
    ``performance.aggregates`` (what ``manage.py rebuild_figures`` runs); the office-days rebuilt."""
    from performance.aggregates import local_day, rebuild_range
    from services.catalogue.models import Office

    total = 0
    for office in Office.objects.all():
        today = local_day(office, ctx.now)
        span = days if days is not None else 365 * ctx.years + 31
        total += len(rebuild_range(office, today - datetime.timedelta(days=span - 1), today))
    return total
