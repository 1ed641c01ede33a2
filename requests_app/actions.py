"""The core's actions, shared by every service, and the timeline's words for every action (a service
adds its own through ``requests_app.registry``)."""
from django.utils.translation import gettext_lazy as _

from requests_app.registry import service_for, service_types


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
    # An officer files a request that arrived by WhatsApp, LiveChat, email or phone (requests_app.remote).
    RECORD_REMOTE = "record_remote"
    # Its owner took such a request on from the link emailed to them (written by requests_app.remote).
    CONFIRM_CONTACT = "confirm_contact"
    # Written by the scheduled jobs (requests_app.reminders) as the system.
    DEADLINE_REMINDER = "deadline_reminder"
    ESCALATION = "escalation"
    VISITOR_REMINDER = "visitor_reminder"


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
    Action.RECORD_REMOTE: _("Permintaan dicatat petugas dari kanal lain"),
    Action.CONFIRM_CONTACT: _("Pengguna layanan mengonfirmasi permintaan ini sebagai miliknya"),
    # Written by the scheduled jobs (requests_app.reminders) through perform(), as the system.
    Action.DEADLINE_REMINDER: _("Pengingat tenggat kepada petugas"),
    Action.ESCALATION: _("Eskalasi kepada kepala kantor: melewati tenggat"),
    Action.VISITOR_REMINDER: _("Pengingat kepada pengguna layanan"),
}


def action_label(action, request=None):
    """The timeline's words for ``action`` (as the request's service says it, where it does)."""
    label = service_for(request).event_label(action) if request is not None else None
    if label is None and request is None:
        label = next((s.event_label(action) for s in service_types() if s.event_label(action)), None)
    return label or EVENT_LABELS.get(action, action)
