"""The complaint's one small state machine: received → in review → answered → closed.

A ``Rule`` says from which statuses an action starts, where it leads and who may take it. ``may``
answers "may this person do this now?", ``allowed_actions`` gives the buttons a page shows, and
``perform`` checks, changes the status, writes the timeline event and sends the complainant's email
after commit. The complainant acts either signed in (their own complaint) or through the private link.
"""
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from complaints import notify
from complaints.complaint_models import Complaint, ComplaintEvent
from complaints.complaint_models import ComplaintStatus as S
from complaints.labels import ANSWER, CLOSE, EVENT_LABELS, REVIEW  # noqa: F401 (EVENT_LABELS: read from here too)


class Refused(Exception):
    pass


def is_staff_of(user, complaint):
    return (user is not None and user.is_authenticated and user.is_active
            and user.role in (Role.OFFICER, Role.HEAD) and user.office_id == complaint.office_id)


def is_complainant(user, complaint, by_link=False):
    """The complainant: through the private link (a complaint without an account), or signed in."""
    if by_link:
        return complaint.complainant_id is None
    return user is not None and user.is_authenticated and complaint.complainant_id == user.pk


@dataclass(frozen=True)
class Rule:
    action: str
    label: object
    sources: tuple
    target: str
    staff: bool = True
    complainant: bool = False
    needs_note: bool = False



RULES = {rule.action: rule for rule in (
    Rule(REVIEW, _("Mulai tinjau"), (S.RECEIVED,), S.IN_REVIEW),
    Rule(ANSWER, _("Kirim jawaban"), (S.RECEIVED, S.IN_REVIEW), S.ANSWERED, needs_note=True),
    Rule(CLOSE, _("Tutup pengaduan"), (S.ANSWERED,), S.CLOSED, complainant=True),
)}


def may(complaint, action, user, by_link=False):
    rule = RULES.get(action)
    if rule is None or complaint.status not in rule.sources:
        return False
    return bool((rule.staff and not by_link and is_staff_of(user, complaint))
                or (rule.complainant and is_complainant(user, complaint, by_link)))


def allowed_actions(complaint, user, by_link=False):
    return [rule for rule in RULES.values() if may(complaint, rule.action, user, by_link)]


def write_event(complaint, action, user=None, *, by_complainant=False, note="", is_internal=False,
                from_status="", to_status=""):
    return ComplaintEvent.objects.create(
        complaint=complaint, action=action, actor=user if user and user.is_authenticated else None,
        by_complainant=by_complainant, note=note, is_internal=is_internal, from_status=from_status,
        to_status=to_status)


def perform(complaint, action, user, *, note="", by_link=False):
    """Take ``action`` on ``complaint`` as ``user`` (or the private link's holder). Raises Refused."""
    note = (note or "").strip()
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if not may(locked, action, user, by_link):
            raise Refused(_("Tindakan ini tidak dapat dilakukan pada pengaduan ini sekarang."))
        rule = RULES[action]
        if rule.needs_note and not note:
            raise Refused(_("Tulis jawaban untuk pengadu."))
        before, now = locked.status, timezone.now()
        locked.status = rule.target
        fields = ["status"]
        if action == ANSWER:
            locked.answered_at, locked.answer = now, note
            fields += ["answered_at", "answer"]
        if action == CLOSE:
            locked.closed_at = now
            fields.append("closed_at")
        locked.save(update_fields=fields)
        by_complainant = is_complainant(user, locked, by_link) and not is_staff_of(user, locked)
        event = write_event(locked, action, user, by_complainant=by_complainant, note=note,
                            from_status=before, to_status=rule.target)
        if action == ANSWER:
            transaction.on_commit(lambda: notify.complainant_email(locked, "answered"))
    complaint.refresh_from_db()
    return event
