"""The rules every service shares: who may take each core action from which status, what it does to
the status and the clock, and whether it notifies (a service adds its own through
``requests_app.registry``; ``rule_for`` finds a request's rule in its service first)."""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from requests_app.actions import Action
from requests_app.models import OPEN_STATUSES, Status, StatusGroup
from requests_app.registry import service_for, service_types

# Who may act. The visitor is the request's own visitor; officers and heads act only
# within their own office; "system" is a scheduled job (actor None).
VISITOR, OFFICER, HEAD, SYSTEM = "visitor", "officer", "head", "system"

WORKING = (Status.SUBMITTED, Status.RESUBMITTED, Status.IN_PROCESS)
REQUIRED, OPTIONAL, NONE = "required", "optional", "none"
UNKNOWN_ACTION = _("Tindakan ini tidak tersedia untuk layanan ini.")
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
    versioned: bool = False  # changes the request (its order, its officer) without state or clock
    files: bool = False  # files the request: it reaches the office and its working days are fixed
    closing: bool = False  # its note is the request's closing note
    asked_only: bool = False  # a permission pages ask (``may``), never taken with ``perform``
    walk_in_only: bool = False  # recorded at the desk: only for a request of the walk-in channel
    text_is_the_whole: bool = False  # its note is all it carries: the same text again at once is a repeat
    help: object = ""  # one line on what it does, beside its button (core rules: ACTION_HINTS)

    @property
    def hint(self):
        """One line on what the action does, beside its button (a service may say it its own way:
        ``ServiceType.hint``)."""
        return self.help or ACTION_HINTS.get(self.action, "")

    @property
    def changes_request(self):
        """Whether the request itself changes (state, clock, officer, or what its order holds: the
        verified payment, the signed SPPD, a prepared file, new links), so that a page showing the
        old version must not act on it and the same submission sent twice is found as a repeat.
        A message, a note or a document does not."""
        return self.target is not None or self.clock is not None or self.versioned


EVERY_STATUS_BUT_DRAFT = StatusGroup(*Status.values, extended_by="statuses_values", without=(Status.DRAFT,))

RULES = {
    rule.action: rule
    for rule in (
        Rule(Action.SUBMIT, _("Kirim permintaan"), (Status.DRAFT,), frozenset({VISITOR}),
             Status.SUBMITTED, note=NONE, clock="start_if_complete", notify=True, style="primary",
             files=True),
        # The officer files what arrived by WhatsApp, LiveChat, email or phone: as a visitor's submission.
        Rule(Action.RECORD_REMOTE, _("Catat permintaan dari kanal lain"), (Status.DRAFT,),
             frozenset({OFFICER}), Status.SUBMITTED, note=NONE, clock="start_if_complete", notify=True,
             files=True),
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
             Status.COMPLETED, clock="stop", notify=True, style="success", closing=True),
        Rule(Action.SEND_BACK, _("Kembalikan ke petugas"), (Status.AWAITING_APPROVAL,), frozenset({HEAD}),
             Status.IN_PROCESS, note=REQUIRED, internal=True, notify=True, style="warning"),
        Rule(Action.COMPLETE, _("Selesaikan"), (Status.IN_PROCESS,), frozenset({OFFICER}),
             Status.COMPLETED, clock="stop", notify=True, style="success", closing=True),
        # Also a returned request, or an unpaid order, whose visitor does not answer.
        Rule(Action.REJECT, _("Tolak"), StatusGroup(*WORKING, Status.RETURNED,
                                                    extended_by="waiting_statuses"),
             frozenset({OFFICER}), Status.REJECTED,
             note=REQUIRED, clock="stop", notify=True, style="outline-danger", closing=True),
        # A draft is not cancelled but discarded (filing.discard_draft): it never reached the office.
        Rule(Action.CANCEL, _("Batalkan permintaan"), OPEN_STATUSES, frozenset({VISITOR}),
             Status.CANCELLED, clock="stop", notify=True, style="outline-danger"),
        Rule(Action.CLOSE_INACTIVE, _("Tutup karena tidak ada tanggapan"),
             (Status.RETURNED, Status.IN_PROCESS), frozenset({SYSTEM}), Status.CLOSED_INACTIVE, note=NONE,
             clock="stop", notify=True),
        Rule(Action.CLAIM, _("Ambil"), OPEN_STATUSES, frozenset({OFFICER}), note=NONE, internal=True,
             versioned=True),
        Rule(Action.ASSIGN, _("Tugaskan"), OPEN_STATUSES, frozenset({OFFICER, HEAD}), note=NONE,
             internal=True, versioned=True),
        Rule(Action.NOTE, _("Catatan internal"), EVERY_STATUS_BUT_DRAFT,
             frozenset({OFFICER, HEAD}), note=REQUIRED, internal=True, text_is_the_whole=True),
        # A returned request's documents come with its answer (``RESUBMIT``), not on their own.
        Rule(Action.ADD_DOCUMENTS, _("Tambah dokumen"),
             StatusGroup(Status.DRAFT, *OPEN_STATUSES.core, extended_by="open_statuses",
                         without=(Status.RETURNED,)),
             frozenset({VISITOR}), note=OPTIONAL, text_is_the_whole=True),
        # Reminders of the scheduled jobs: the system writes them (once each: requests_app.reminders),
        # they change neither the state nor the clock, and their emails go through the notifier.
        Rule(Action.DEADLINE_REMINDER, _("Pengingat tenggat kepada petugas"), OPEN_STATUSES,
             frozenset({SYSTEM}), internal=True, notify=True),
        Rule(Action.ESCALATION, _("Eskalasi kepada kepala kantor"), OPEN_STATUSES, frozenset({SYSTEM}),
             internal=True, notify=True),
        Rule(Action.VISITOR_REMINDER, _("Pengingat kepada pengguna layanan"), OPEN_STATUSES,
             frozenset({SYSTEM}), notify=True),
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



def rule_for(request, action):
    """The rule of ``action`` for this request: its service's own first, then the core's."""
    return service_for(request).rule(action) or RULES.get(action)


def every_rule():
    """The core's rules and every registered service's (a service's own may share a name)."""
    rules = list(RULES.values())
    for service in service_types():
        rules.extend(service.rules)
    return rules
