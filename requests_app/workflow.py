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

Service-specific behaviour (consultation, product sales, recommendation)
hooks in through ``requests_app.behaviours``; it is never copied here.
"""
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from pst_portal.mail import enqueue_after_commit

from . import deadlines
from .behaviours import behaviour_for
from .models import FINAL_STATUSES, OPEN_STATUSES, Request, RequestEvent, Status


class ActionRefused(Exception):
    """The action is not allowed (role, office, ownership, state or missing note)."""


class StaleRequest(ActionRefused):
    """Someone else acted on the request first."""


class Action:
    SUBMIT = "submit"
    MARK_COMPLETE = "mark_complete"
    PROCESS = "process"
    RETURN = "return"
    RESUBMIT = "resubmit"
    REQUEST_APPROVAL = "request_approval"
    APPROVE = "approve"
    SEND_BACK = "send_back"
    COMPLETE = "complete"
    REJECT = "reject"
    CANCEL = "cancel"
    CLOSE_INACTIVE = "close_inactive"
    CLAIM = "claim"
    ASSIGN = "assign"
    NOTE = "note"
    ADD_DOCUMENTS = "add_documents"
    # Services with a conversation (consultation)
    MESSAGE = "message"
    PROPOSE_MEETING = "propose_meeting"
    ACCEPT_MEETING = "accept_meeting"
    DECLINE_MEETING = "decline_meeting"
    REOPEN = "reopen"
    RECORD_WALK_IN = "record_walk_in"
    # Product sales (orders)
    FILE_AT_DESK = "file_at_desk"
    CONFIRM_ORDER = "confirm_order"
    RECORD_SPPD = "record_sppd"
    ISSUE_BILLING = "issue_billing"
    SUBMIT_PAYMENT = "submit_payment"
    VERIFY_PAYMENT = "verify_payment"
    REFUSE_PAYMENT = "refuse_payment"
    PREPARE_FILE = "prepare_file"
    DELIVER = "deliver"
    READY_FOR_PICKUP = "ready_for_pickup"
    HAND_OVER = "hand_over"
    RENEW_LINKS = "renew_links"
    # Recommendation (see requests_app.recommendations)
    DECLARE_FEASIBLE = "declare_feasible"
    DRAFT_LETTER = "draft_letter"
    # Written by the scheduled jobs (requests_app.reminders, the silence job) as the system.
    DEADLINE_REMINDER = "deadline_reminder"
    ESCALATION = "escalation"
    VISITOR_REMINDER = "visitor_reminder"
    SILENCE_WARNING = "silence_warning"
    LINK_EXPIRY_WARNING = "link_expiry_warning"


# Steps that change neither state nor clock but change the request (so its version) all the same.
VERSIONED_STEPS = frozenset({
    Action.CLAIM, Action.ASSIGN, Action.VERIFY_PAYMENT, Action.RECORD_SPPD, Action.PREPARE_FILE,
    Action.RENEW_LINKS,
})

# Who may act. The visitor is the request's own visitor; officers and heads act only
# within their own office; "system" is a scheduled job (actor None).
VISITOR, OFFICER, HEAD, SYSTEM = "visitor", "officer", "head", "system"

WORKING = (Status.SUBMITTED, Status.RESUBMITTED, Status.IN_PROCESS)
REQUIRED, OPTIONAL, NONE = "required", "optional", "none"
STALE_MESSAGE = _("Permintaan ini baru saja diubah oleh orang lain, jadi tindakan Anda tidak dijalankan. "
                  "Periksa status terbarunya di bawah sebelum bertindak lagi.")


@dataclass(frozen=True)
class Rule:
    action: str
    label: object
    sources: tuple
    actors: frozenset
    target: str | None = None  # None: the status does not change
    note: str = OPTIONAL
    clock: str | None = None  # start | start_if_complete | pause | resume | stop
    internal: bool = False  # an event the visitor never sees
    notify: bool = False  # send the notifications of this action after commit
    style: str = "outline-primary"
    takes_request: bool = False  # the officer who starts the work becomes its officer if it has none

    @property
    def hint(self):
        """One line on what the action does, beside its button (a service may say it its own way:
        ``ServiceBehaviour.hint``)."""
        return ACTION_HINTS.get(self.action, "")

    @property
    def changes_request(self):
        """Whether the request itself changes (state, clock, officer, or what its order holds: the
        verified payment, the signed SPPD, a prepared file, new links), so that a page showing the
        old version must not act on it and the same submission sent twice is found as a repeat.
        A message, a note or a document does not."""
        return self.target is not None or self.clock is not None or self.action in VERSIONED_STEPS


RULES = {
    rule.action: rule
    for rule in (
        Rule(Action.SUBMIT, _("Kirim permintaan"), (Status.DRAFT,), frozenset({VISITOR}),
             Status.SUBMITTED, note=NONE, clock="start_if_complete", notify=True, style="primary"),
        Rule(Action.MARK_COMPLETE, _("Nyatakan lengkap"), (Status.SUBMITTED, Status.RESUBMITTED),
             frozenset({OFFICER}), clock="start", style="success"),
        Rule(Action.PROCESS, _("Proses"), (Status.SUBMITTED, Status.RESUBMITTED), frozenset({OFFICER}),
             Status.IN_PROCESS, clock="start", style="primary", takes_request=True),
        Rule(Action.RETURN, _("Kembalikan untuk perbaikan"), WORKING, frozenset({OFFICER}),
             Status.RETURNED, note=REQUIRED, clock="pause", notify=True, style="warning"),
        Rule(Action.RESUBMIT, _("Kirim perbaikan"), (Status.RETURNED,), frozenset({VISITOR}),
             Status.RESUBMITTED, note=REQUIRED, clock="resume", notify=True, style="primary"),
        Rule(Action.REQUEST_APPROVAL, _("Ajukan persetujuan kepala"), (Status.IN_PROCESS,),
             frozenset({OFFICER}), Status.AWAITING_APPROVAL, notify=True, style="primary"),
        Rule(Action.APPROVE, _("Setujui"), (Status.AWAITING_APPROVAL,), frozenset({HEAD}),
             Status.COMPLETED, clock="stop", notify=True, style="success"),
        Rule(Action.SEND_BACK, _("Kembalikan ke petugas"), (Status.AWAITING_APPROVAL,), frozenset({HEAD}),
             Status.IN_PROCESS, note=REQUIRED, internal=True, notify=True, style="warning"),
        Rule(Action.COMPLETE, _("Selesaikan"), (Status.IN_PROCESS,), frozenset({OFFICER}),
             Status.COMPLETED, clock="stop", notify=True, style="success"),
        # Also a returned request, or an unpaid order, whose visitor does not answer.
        Rule(Action.REJECT, _("Tolak"), (*WORKING, Status.RETURNED, Status.AWAITING_PAYMENT),
             frozenset({OFFICER}), Status.REJECTED,
             note=REQUIRED, clock="stop", notify=True, style="outline-danger"),
        # A draft is not cancelled but discarded (filing.discard_draft): it never reached the office.
        Rule(Action.CANCEL, _("Batalkan permintaan"), OPEN_STATUSES, frozenset({VISITOR}),
             Status.CANCELLED, clock="stop", notify=True, style="outline-danger"),
        Rule(Action.CLOSE_INACTIVE, _("Tutup karena tidak ada tanggapan"),
             (Status.RETURNED, Status.IN_PROCESS), frozenset({SYSTEM}), Status.CLOSED_INACTIVE, note=NONE,
             clock="stop", notify=True),
        Rule(Action.CLAIM, _("Ambil"), OPEN_STATUSES, frozenset({OFFICER}), note=NONE, internal=True),
        Rule(Action.ASSIGN, _("Tugaskan"), OPEN_STATUSES, frozenset({OFFICER, HEAD}), note=NONE,
             internal=True),
        Rule(Action.NOTE, _("Catatan internal"), tuple(s for s in Status.values if s != Status.DRAFT),
             frozenset({OFFICER, HEAD}), note=REQUIRED, internal=True),
        Rule(Action.ADD_DOCUMENTS, _("Tambah dokumen"), (Status.DRAFT, *OPEN_STATUSES),
             frozenset({VISITOR}), note=OPTIONAL),
        Rule(Action.MESSAGE, _("Kirim pesan"), WORKING, frozenset({VISITOR, OFFICER}), note=REQUIRED,
             notify=True),
        Rule(Action.PROPOSE_MEETING, _("Usulkan pertemuan"), WORKING, frozenset({OFFICER}),
             note=OPTIONAL, notify=True),
        Rule(Action.ACCEPT_MEETING, _("Terima pertemuan"), WORKING, frozenset({VISITOR}), note=OPTIONAL,
             notify=True),
        Rule(Action.DECLINE_MEETING, _("Tolak pertemuan"), WORKING, frozenset({VISITOR}), note=OPTIONAL,
             notify=True),
        Rule(Action.REOPEN, _("Buka kembali"), (Status.CLOSED_INACTIVE,), frozenset({VISITOR}),
             Status.IN_PROCESS, note=NONE, clock="restart", notify=True),
        Rule(Action.RECORD_WALK_IN, _("Catat konsultasi kunjungan langsung"), (Status.DRAFT,),
             frozenset({OFFICER}), Status.COMPLETED, note=REQUIRED),
        # Product sales: see requests_app.orders.
        Rule(Action.FILE_AT_DESK, _("Catat pesanan di meja layanan"), (Status.DRAFT,), frozenset({OFFICER}),
             Status.SUBMITTED, note=NONE, notify=True),
        Rule(Action.CONFIRM_ORDER, _("Konfirmasi pesanan dan harga"), WORKING, frozenset({OFFICER}),
             Status.IN_PROCESS, clock="start", notify=True, style="success", takes_request=True),
        Rule(Action.RECORD_SPPD, _("Catat SPPD bertanda tangan"), WORKING, frozenset({OFFICER}),
             note=OPTIONAL),
        Rule(Action.ISSUE_BILLING, _("Terbitkan kode billing"), (Status.IN_PROCESS, Status.AWAITING_PAYMENT),
             frozenset({OFFICER}), Status.AWAITING_PAYMENT, clock="pause", notify=True, style="primary"),
        Rule(Action.SUBMIT_PAYMENT, _("Kirim bukti pembayaran"), (Status.AWAITING_PAYMENT,),
             frozenset({VISITOR, OFFICER}), Status.IN_PROCESS, clock="resume", notify=True, style="primary"),
        Rule(Action.VERIFY_PAYMENT, _("Pembayaran sah"), (Status.IN_PROCESS,), frozenset({OFFICER}),
             notify=True, style="success"),
        Rule(Action.REFUSE_PAYMENT, _("Bukti pembayaran tidak sah"), (Status.IN_PROCESS,),
             frozenset({OFFICER}), Status.AWAITING_PAYMENT, note=REQUIRED, clock="pause", notify=True,
             style="warning"),
        Rule(Action.PREPARE_FILE, _("Lampirkan berkas pesanan"), (Status.IN_PROCESS,), frozenset({OFFICER}),
             internal=True),
        Rule(Action.DELIVER, _("Kirim tautan unduhan"), (Status.IN_PROCESS,), frozenset({OFFICER}),
             Status.COMPLETED, clock="stop", notify=True, style="success"),
        Rule(Action.READY_FOR_PICKUP, _("Media siap diambil"), (Status.IN_PROCESS,), frozenset({OFFICER}),
             clock="pause", notify=True, style="primary"),
        Rule(Action.HAND_OVER, _("Media telah diserahkan"), (Status.IN_PROCESS,), frozenset({OFFICER}),
             Status.COMPLETED, clock="stop", notify=True, style="success"),
        Rule(Action.RENEW_LINKS, _("Buat tautan unduhan baru"), (Status.COMPLETED,), frozenset({OFFICER}),
             notify=True),
        # Recommendation: see requests_app.recommendations.
        Rule(Action.DECLARE_FEASIBLE, _("Nyatakan layak"), (Status.SUBMITTED, Status.RESUBMITTED),
             frozenset({OFFICER}), Status.IN_PROCESS, clock="start", notify=True, style="success",
             takes_request=True),
        Rule(Action.DRAFT_LETTER, _("Simpan draf surat"), (Status.IN_PROCESS,), frozenset({OFFICER}),
             note=NONE, internal=True),
        # Reminders of the scheduled jobs: the system writes them (once each: requests_app.reminders),
        # they change neither the state nor the clock, and their emails go through the notifier.
        Rule(Action.DEADLINE_REMINDER, _("Pengingat tenggat kepada petugas"), OPEN_STATUSES,
             frozenset({SYSTEM}), internal=True, notify=True),
        Rule(Action.ESCALATION, _("Eskalasi kepada kepala kantor"), OPEN_STATUSES, frozenset({SYSTEM}),
             internal=True, notify=True),
        Rule(Action.VISITOR_REMINDER, _("Pengingat kepada pengguna layanan"), OPEN_STATUSES,
             frozenset({SYSTEM}), notify=True),
        # service rule: moves with the registry (consultation: the warning before closing for silence)
        Rule(Action.SILENCE_WARNING, _("Peringatan sebelum ditutup karena tidak ada tanggapan"), WORKING,
             frozenset({SYSTEM}), note=NONE, notify=True),
        # service rule: moves with the registry (product sales: download links about to expire)
        Rule(Action.LINK_EXPIRY_WARNING, _("Pengingat tautan unduhan segera kedaluwarsa"),
             (Status.COMPLETED,), frozenset({SYSTEM}), notify=True),
    )
}

ACTION_HINTS = {
    Action.MARK_COMPLETE: _("Persyaratan sudah lengkap: tenggat mulai dihitung, permintaan menunggu "
                            "diproses."),
    Action.PROCESS: _("Mulai mengerjakan permintaan ini; tenggat mulai dihitung bila belum."),
    Action.RETURN: _("Minta perbaikan kepada pengguna layanan (tulis catatannya); tenggat dijeda sampai "
                     "perbaikan dikirim."),
    Action.REJECT: _("Tutup permintaan ini dengan alasan (wajib) yang dikirim kepada pengguna layanan."),
    Action.COMPLETE: _("Permintaan selesai; pengguna layanan diberi tahu."),
    Action.REQUEST_APPROVAL: _("Kirim kepada kepala kantor untuk disetujui."),
    Action.APPROVE: _("Setujui; permintaan selesai dan pengguna layanan diberi tahu."),
    Action.SEND_BACK: _("Kembalikan kepada petugas dengan catatan (wajib)."),
    Action.CLAIM: _("Tugaskan permintaan ini kepada Anda sendiri."),
}

# Actions shown as buttons on a request page (claim, assign, notes and documents have their own forms).
STATE_ACTIONS = (
    Action.MARK_COMPLETE, Action.PROCESS, Action.REQUEST_APPROVAL, Action.COMPLETE, Action.APPROVE,
    Action.SEND_BACK, Action.RETURN, Action.REJECT, Action.RESUBMIT, Action.CANCEL,
)

EVENT_LABELS = {
    Action.SUBMIT: _("Permintaan diajukan"),
    Action.MARK_COMPLETE: _("Dinyatakan lengkap; tenggat mulai dihitung"),
    Action.PROCESS: _("Mulai diproses"),
    Action.RETURN: _("Dikembalikan untuk perbaikan"),
    Action.RESUBMIT: _("Perbaikan dikirim"),
    Action.REQUEST_APPROVAL: _("Diajukan untuk persetujuan kepala"),
    Action.APPROVE: _("Disetujui kepala"),
    Action.SEND_BACK: _("Dikembalikan kepala ke petugas"),
    Action.COMPLETE: _("Selesai"),
    Action.REJECT: _("Ditolak"),
    Action.CANCEL: _("Dibatalkan oleh pengguna layanan"),
    Action.CLOSE_INACTIVE: _("Ditutup karena tidak ada tanggapan"),
    Action.CLAIM: _("Diambil petugas"),
    Action.ASSIGN: _("Ditugaskan kepada petugas"),
    Action.NOTE: _("Catatan internal"),
    Action.ADD_DOCUMENTS: _("Dokumen ditambahkan"),
    Action.MESSAGE: _("Pesan"),
    Action.PROPOSE_MEETING: _("Pertemuan diusulkan"),
    Action.ACCEPT_MEETING: _("Pertemuan diterima"),
    Action.DECLINE_MEETING: _("Pertemuan ditolak"),
    Action.REOPEN: _("Dibuka kembali oleh pengguna layanan"),
    Action.RECORD_WALK_IN: _("Konsultasi kunjungan langsung dicatat"),
    Action.FILE_AT_DESK: _("Dicatat di meja layanan"),
    Action.CONFIRM_ORDER: _("Pesanan dan harga dikonfirmasi petugas"),
    Action.RECORD_SPPD: _("SPPD bertanda tangan dicatat"),
    Action.ISSUE_BILLING: _("Kode billing diterbitkan; menunggu pembayaran"),
    Action.SUBMIT_PAYMENT: _("Bukti pembayaran dikirim"),
    Action.VERIFY_PAYMENT: _("Pembayaran diverifikasi"),
    Action.REFUSE_PAYMENT: _("Bukti pembayaran tidak diterima"),
    Action.PREPARE_FILE: _("Berkas pesanan dilampirkan"),
    Action.DELIVER: _("Tautan unduhan dikirim; pesanan selesai"),
    Action.READY_FOR_PICKUP: _("Media siap diambil di kantor"),
    Action.HAND_OVER: _("Media diserahkan; pesanan selesai"),
    Action.RENEW_LINKS: _("Tautan unduhan baru dibuat"),
    Action.DECLARE_FEASIBLE: _("Formulir dinyatakan layak; surat rekomendasi disusun"),
    Action.DRAFT_LETTER: _("Draf surat rekomendasi disimpan"),
    # Written by the scheduled jobs (requests_app.reminders, the silence job) through perform().
    Action.DEADLINE_REMINDER: _("Pengingat tenggat kepada petugas"),
    Action.ESCALATION: _("Eskalasi kepada kepala kantor: melewati tenggat"),
    Action.VISITOR_REMINDER: _("Pengingat kepada pengguna layanan"),
    Action.SILENCE_WARNING: _("Peringatan: konsultasi ditutup otomatis bila tidak ada balasan"),
    Action.LINK_EXPIRY_WARNING: _("Pengingat kepada pengguna layanan"),
}


def action_label(action):
    return EVENT_LABELS.get(action, action)


def actor_kind(request, actor):
    """Which of the rule's actor kinds ``actor`` is for this request, or None."""
    if actor is None:
        return SYSTEM
    if not actor.is_authenticated or not actor.is_active:
        return None
    if actor.role == Role.VISITOR and request.visitor_id == actor.pk:
        return VISITOR
    if actor.office_id and actor.office_id == request.office_id:
        if actor.role == Role.OFFICER:
            return OFFICER
        if actor.role == Role.HEAD:
            return HEAD
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
    if rule.action == Action.MARK_COMPLETE and request.clock_started_at is not None:
        return _("Permintaan ini sudah dinyatakan lengkap.")
    if rule.action == Action.CLAIM and request.assigned_to_id == getattr(actor, "pk", None):
        return _("Permintaan ini sudah ditugaskan kepada Anda.")
    if rule.action == Action.ASSIGN:
        if assignee is None or assignee.role != Role.OFFICER or assignee.office_id != request.office_id \
                or not assignee.is_active:
            return _("Pilih petugas aktif dari kantor ini.")
    needs_approval = behaviour_for(request).needs_head_approval
    if rule.action in (Action.REQUEST_APPROVAL, Action.APPROVE, Action.SEND_BACK) and not needs_approval:
        return _("Layanan ini tidak memerlukan persetujuan kepala.")
    if rule.action == Action.COMPLETE and needs_approval:
        return _("Layanan ini diselesaikan dengan persetujuan kepala.")
    return behaviour_for(request).refusal(request, rule, actor, note=note)


def check(request, action, actor, *, note="", expected_version=None, assignee=None):
    """Raise ``ActionRefused`` when ``perform`` would refuse, without changing anything
    (for work, such as storing files, that should not happen for a refused action)."""
    rule = RULES[action]
    if expected_version is not None and request.version != int(expected_version):
        raise StaleRequest(STALE_MESSAGE)
    reason = refusal(request, rule, actor, note=note, assignee=assignee)
    if reason:
        raise ActionRefused(reason)


def repeated_event(request, action, actor, expected_version, *, note="", assignee=None):
    """The event of this very submission when it already succeeded, or None: a second click lands
    on the first one's result instead of a stale error. The same submission is the same actor,
    action, page version and note, of an action that changed the request (so it succeeded once at
    that version); anything else from an old page is still stale."""
    rule = RULES[action]
    if expected_version is None or actor is None or not rule.changes_request \
            or request.version == int(expected_version):
        return None
    event = request.events.filter(actor=actor, action=action, request_version=int(expected_version),
                                  note=_event_note(rule, note, assignee)).last()
    if event is not None:
        event.repeated = True
    return event


def _event_note(rule, note, assignee):
    if rule.action == Action.ASSIGN:
        return assignee.get_full_name() if assignee is not None else ""
    return (note or "").strip() if rule.note != NONE else ""


def may(request, action, actor, *, assignee=None):
    """Whether ``actor`` could take ``action`` now, a note aside (for what a page offers)."""
    return refusal(request, RULES[action], actor, note="-", assignee=assignee) is None


def allowed_actions(request, actor, actions=STATE_ACTIONS):
    """The rules ``actor`` could take now (notes aside), for the buttons of a request page."""
    return [RULES[action] for action in actions if may(request, action, actor, assignee=actor)]


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
    if rule.action in (Action.SUBMIT, Action.FILE_AT_DESK):
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
        elif rule.action == Action.REOPEN:
            request.closed_at = None


def perform(request, action, actor, *, note="", expected_version=None, assignee=None, now=None,
            language=None):
    """Take ``action`` on ``request`` as ``actor`` (None for a scheduled job). Returns the event."""
    rule = RULES.get(action)
    if rule is None:
        raise ActionRefused(_("Tindakan tidak dikenal."))
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
        _apply_clock(locked, behaviour_for(locked).clock(rule), now)
        if rule.action in (Action.REJECT, Action.COMPLETE, Action.APPROVE, Action.RECORD_WALK_IN,
                           Action.HAND_OVER) and note:
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
        )
        behaviour_for(locked).after(locked, event)
        if rule.notify:
            from .tasks import send_event_notifications

            transaction.on_commit(enqueue_after_commit(send_event_notifications, event.pk), robust=True)
    request.refresh_from_db()
    return event
