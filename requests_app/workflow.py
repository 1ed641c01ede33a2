"""The one state machine of every request.

``perform(request, action, actor, ...)`` is the only way a request changes
state. It checks who may act (role, office, ownership) and from which state,
changes the state, writes the timeline event, starts, pauses or resumes the
clock, and schedules notifications after the transaction commits. A refused
action raises ``ActionRefused`` and changes nothing; if someone else changed
the request since the actor's page was loaded, ``StaleRequest`` is raised.
The same submission sent twice (a double click: same actor, action and page
version) returns the event of the first one, marked ``repeated``, and does
nothing again: callers skip their own work for a repeated event.

A service type adds its own rules, guards and step hook through
``requests_app.registry`` (``rule_for`` finds a request's rule in its service first); the core's
rules here are the ones every service shares.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from pst_portal.mail import enqueue_after_commit
from requests_app import deadlines
from requests_app.access import is_staff_of
from requests_app.actions import EVENT_LABELS, Action, action_label  # noqa: F401 (the workflow's names)
from requests_app.models import FINAL_STATUSES, Request, RequestEvent
from requests_app.registry import service_for, step_related
from requests_app.rules import (  # noqa: F401 (the workflow's names, for the services' rules)
    ACTION_HINTS,
    HEAD,
    NONE,
    OFFICER,
    OPTIONAL,
    REQUIRED,
    RULES,
    STALE_MESSAGE,
    STATE_ACTIONS,
    SYSTEM,
    UNKNOWN_ACTION,
    VISITOR,
    WORKING,
    Rule,
    every_rule,
    rule_for,
)
from requests_app.signals import announce_event_after_commit, announce_events_after_commit
from services.catalogue.models import REMOTE_CHANNELS


class ActionRefused(Exception):
    """The action is not allowed (role, office, ownership, state or missing note)."""


class StaleRequest(ActionRefused):
    """Someone else acted on the request first."""



def actor_kind(request, actor):
    """Which of the rule's actor kinds ``actor`` is for this request, or None."""
    if actor is None:
        return SYSTEM
    if not actor.is_authenticated or not actor.is_active:
        return None
    if actor.role == Role.VISITOR and request.visitor_id == actor.pk:
        return VISITOR
    if is_staff_of(actor, request):
        return OFFICER if actor.role == Role.OFFICER else HEAD
    return None


def refusal(request, rule, actor, *, note="", assignee=None):
    """Why ``actor`` may not take ``rule`` on ``request`` now (a message), or None when allowed."""
    if actor_kind(request, actor) not in rule.actors:
        return _("Anda tidak berwenang melakukan tindakan ini pada permintaan ini.")
    if request.status not in rule.sources:
        return _("Tindakan “%(action)s” tidak dapat dilakukan karena status permintaan sekarang "
                 "“%(status)s”.") % {"action": rule.label, "status": request.get_status_display()}
    if rule.note == REQUIRED and not note.strip():
        return _("Tuliskan catatan atau alasan untuk tindakan ini.")
    if rule.walk_in_only and request.channel != "walk_in":
        return _("Hanya permintaan kunjungan langsung yang dicatat di meja layanan.")
    if rule.action == Action.MARK_COMPLETE and request.clock_started_at is not None:
        return _("Permintaan ini sudah dinyatakan lengkap.")
    if rule.action == Action.CLAIM and request.assigned_to_id == getattr(actor, "pk", None):
        return _("Permintaan ini sudah ditugaskan kepada Anda.")
    if rule.action == Action.ASSIGN:
        if assignee is None or assignee.role != Role.OFFICER or assignee.office_id != request.office_id \
                or not assignee.is_active:
            return _("Pilih petugas aktif dari kantor ini.")
    if rule.action == Action.RECORD_REMOTE and not records_remote(request):
        return _("Permintaan layanan ini tidak dicatat dari kanal lain.")
    needs_approval = service_for(request).needs_head_approval
    if rule.action in (Action.REQUEST_APPROVAL, Action.APPROVE, Action.SEND_BACK) and not needs_approval:
        return _("Layanan ini tidak memerlukan persetujuan kepala.")
    if rule.action == Action.COMPLETE and needs_approval:
        return _("Layanan ini diselesaikan dengan persetujuan kepala.")
    return service_for(request).refusal(request, rule, actor, note=note)


def records_remote(request):
    """Whether ``request`` is one an officer records from another channel: its channel is WhatsApp,
    LiveChat, email or phone and its service takes such requests (``ServiceType.records_remote``)."""
    return request.channel in REMOTE_CHANNELS and service_for(request).records_remote


def check(request, action, actor, *, note="", expected_version=None, assignee=None):
    """Raise ``ActionRefused`` when ``perform`` would refuse, without changing anything
    (for work, such as storing files, that should not happen for a refused action)."""
    rule = rule_for(request, action)
    if rule is None:
        raise ActionRefused(UNKNOWN_ACTION)
    if expected_version is not None and request.version != int(expected_version):
        raise StaleRequest(STALE_MESSAGE)
    reason = refusal(request, rule, actor, note=note, assignee=assignee)
    if reason:
        raise ActionRefused(reason)


def repeated_event(request, action, actor, expected_version, *, note="", assignee=None):
    """The event of this very submission when it already succeeded, or None: a second click lands
    on the first one's result instead of a stale error. The same submission is the same actor,
    action, page version and note, of an action that changed the request (so it succeeded once at
    that version); anything else from an old page is still stale. An action whose text is all it
    carries (``text_is_the_whole``: a message, a note, documents added) has no version: the same actor
    sending the same action and text within ``DOUBLE_SUBMIT_WINDOW`` is the same submission."""
    rule = rule_for(request, action)
    if actor is None:
        return None
    same = request.events.filter(actor=actor, action=action, note=_event_note(rule, note, assignee))
    if rule.text_is_the_whole:  # a message, a note, added documents: the same one again at once
        event = same.filter(created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW).last()
    elif not rule.changes_request or expected_version is None \
            or request.version == int(expected_version):
        return None
    else:
        event = same.filter(request_version=int(expected_version)).last()
    if event is not None:
        event.repeated = True
    return event


DOUBLE_SUBMIT_WINDOW = datetime.timedelta(seconds=15)


def _event_note(rule, note, assignee):
    if rule.action == Action.ASSIGN:
        return assignee.get_full_name() if assignee is not None else ""
    return (note or "").strip() if rule.note != NONE else ""


def may(request, action, actor, *, assignee=None):
    """Whether ``actor`` could take ``action`` now, a note aside (for what a page offers)."""
    rule = rule_for(request, action)
    return rule is not None and refusal(request, rule, actor, note="-", assignee=assignee) is None


def allowed_actions(request, actor, actions=STATE_ACTIONS):
    """The rules ``actor`` could take now (notes aside), for the buttons of a request page."""
    return [rule_for(request, action) for action in actions if may(request, action, actor, assignee=actor)]


def _apply_clock(request, clock, now):
    if clock == "start":
        deadlines.start_clock(request, now)
    elif clock == "start_if_complete":
        if not request.missing_requirements():
            deadlines.start_clock(request, now)
    elif clock == "pause":
        deadlines.pause_clock(request, now)
    elif clock == "resume":
        deadlines.resume_clock(request, now)
    elif clock == "stop":
        deadlines.stop_clock(request, now)
    elif clock == "restart":
        deadlines.restart_clock(request, now)


def _apply_status(request, rule, actor, now, assignee):
    if rule.files:
        request.submitted_at = now
        section = request.section
        if section is not None and section.completion_kind == section.CompletionKind.WORKING_DAYS:
            request.working_days_allowed = section.completion_value
    if rule.action == Action.CLAIM or (rule.takes_request and request.assigned_to_id is None):
        request.assigned_to = actor
    if rule.action == Action.ASSIGN:
        request.assigned_to = assignee
    if rule.target is not None:
        request.status = rule.target
        if rule.target in FINAL_STATUSES:
            request.closed_at = now
        elif request.closed_at is not None:  # a closed request opened again
            request.closed_at = None


def perform(request, action, actor, *, note="", expected_version=None, assignee=None, now=None,
            language=None, data=None, note_params=None):
    """Take ``action`` on ``request`` as ``actor`` (None for a scheduled job). Returns the event.
    ``data`` is what the step carries for its service (an order's prices, a review's checklist): the
    service's step hook writes it inside this transaction. ``note_params``: what a note written by
    the portal is made of, so that it reads in each reader's language (``RequestEvent.display_note``)."""
    rule = rule_for(request, action)
    if rule is None or rule.asked_only:
        raise ActionRefused(UNKNOWN_ACTION)
    note = (note or "").strip() if rule.note != NONE else ""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Request.objects.select_for_update().select_related("office", "service_kind").get(
            pk=request.pk
        )
        repeated = repeated_event(locked, action, actor, expected_version, note=note, assignee=assignee)
        if repeated is not None:
            request.refresh_from_db()
            return repeated
        check(locked, action, actor, note=note, expected_version=expected_version, assignee=assignee)
        from_status = locked.status
        taken_at_version = locked.version
        _apply_status(locked, rule, actor, now, assignee)
        _apply_clock(locked, service_for(locked).clock(rule), now)
        if rule.closing and note:
            locked.closing_note = note
        if language and actor_kind(locked, actor) == VISITOR:
            locked.language = language
        if rule.changes_request:
            # The row is locked on PostgreSQL; the version check also holds where it cannot (SQLite).
            claimed = Request.objects.filter(pk=locked.pk, version=locked.version).update(
                version=locked.version + 1
            )
            if not claimed:
                raise StaleRequest(STALE_MESSAGE)
            locked.version += 1
            locked.save()
        elif actor is not None:
            locked.save(update_fields=["language", "updated_at"])
        # else: a system event that changes nothing (a reminder) leaves the request's row as it is
        event = RequestEvent.objects.create(
            request=locked,
            actor=actor,
            action=rule.action,
            from_status=from_status,
            to_status=locked.status,
            note=_event_note(rule, note, assignee),
            is_internal=rule.internal,
            created_at=now,
            request_version=taken_at_version,
            note_params=note_params or {},
        )
        service_for(locked).step(locked, event, data or {})
        announce_event_after_commit(event, changes_request=rule.changes_request)
        if rule.notify:
            from requests_app.notify_tasks import send_event_notifications

            transaction.on_commit(enqueue_after_commit(send_event_notifications, event.pk), robust=True)
    request.refresh_from_db()
    return event


def perform_system_many(items, now):
    """``perform`` for many system events that change nothing on their request (reminders): ``items``
    are (request, action, note, note_params). Inside the caller's transaction and in a constant number
    of queries: locks the requests, checks each rule as ``perform`` would, writes the events in one
    insert, runs each service's step hook, and after commit announces them and hands their
    notifications to the notifier in one task. Returns the events in the items' order, None for one
    refused (the request has moved on)."""
    rules = []
    for request, action, _note, _params in items:
        rule = rule_for(request, action)
        if rule is None or rule.asked_only or rule.changes_request or SYSTEM not in rule.actors:
            raise ValueError(f"{action} is not a system event that changes nothing")
        rules.append(rule)
    # Locked in the order of their keys, so that two sweeps' chunks cannot wait on each other.
    locked = {row.pk: row for row in Request.objects.select_for_update(of=("self",))
              .select_related("office", "service_kind", *step_related())
              .filter(pk__in={request.pk for request, *_rest in items}).order_by("pk")}
    events, written = [], []
    for (request, _action, note, params), rule in zip(items, rules, strict=True):
        row = locked.get(request.pk)
        note = (note or "").strip() if rule.note != NONE else ""
        if row is None or refusal(row, rule, None, note=note) is not None:
            events.append(None)
            continue
        event = RequestEvent(request=row, actor=None, action=rule.action, from_status=row.status,
                             to_status=row.status, note=_event_note(rule, note, None),
                             is_internal=rule.internal, created_at=now, request_version=row.version,
                             note_params=params or {})
        events.append(event)
        written.append((row, event, rule))
    RequestEvent.objects.bulk_create([event for _row, event, _rule in written])
    for row, event, _rule in written:
        service_for(row).step(row, event, {})
    announce_events_after_commit([event for _row, event, _rule in written], changes_request=False)
    notifying = [event.pk for _row, event, rule in written if rule.notify]
    if notifying:
        from requests_app.notify_tasks import send_events_notifications

        transaction.on_commit(enqueue_after_commit(send_events_notifications, notifying), robust=True)
    return events
