"""The kinds of reminder the scheduled jobs write, and each one's line on the timeline in the reader's
language (from the parameters stored with its event: ``RequestEvent.display_note``)."""
from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from requests_app.registry import service_types


class ReminderKind(models.TextChoices):
    AT_RISK = "at_risk", _("Pengingat: tenggat berisiko")
    DUE_TOMORROW = "due_tomorrow", _("Pengingat: satu hari kerja sebelum tenggat")
    OVERDUE = "overdue", _("Eskalasi ke kepala: melewati tenggat")
    # Late by more than its whole allowance again (elapsed working days over twice those allowed).
    VERY_OVERDUE = "very_overdue", _("Eskalasi kedua ke kepala: sangat terlambat")
    VISITOR_3 = "visitor_3", _("Pengingat pengguna layanan: 3 hari kerja menunggu")
    VISITOR_6 = "visitor_6", _("Pengingat pengguna layanan: 6 hari kerja menunggu")



Kind = ReminderKind


def reminder_kind_choices():
    """The core's kinds of reminder and every service's own (``ServiceType.reminder_kinds``)."""
    return [*ReminderKind.choices,
            *(choice for service in service_types() for choice in service.reminder_kinds)]


def reminder_kind_label(kind):
    return dict(reminder_kind_choices()).get(kind, kind)
# Escalations: they go to the office's head.
ESCALATION_KINDS = (Kind.OVERDUE, Kind.VERY_OVERDUE)
# Reminders the visitor receives (and sees on their timeline); the others go to the office's staff.
VISITOR_KINDS = (Kind.VISITOR_3, Kind.VISITOR_6)


def visitor_kinds():
    """The core's visitor reminders and every service's own (``ServiceType.visitor_reminder_kinds``)."""
    return (*VISITOR_KINDS, *(kind for service in service_types() for kind in service.visitor_reminder_kinds))


def note_text(params):
    """A reminder's line in the current language, from ``_note_params``."""
    kind = params["kind"]
    for service in service_types():  # a note of a service's own (a billing line, links about to expire)
        if kind in service.note_texts:
            return service.note_texts[kind](params)
    days = params["days"]
    if kind in visitor_kinds():
        return ngettext("Permintaan ini sudah %(days)d hari kerja menunggu tanggapan Anda.",
                        "Permintaan ini sudah %(days)d hari kerja menunggu tanggapan Anda.", days) % {
            "days": days}
    officer = params.get("officer") or gettext("belum ditugaskan")
    if kind == Kind.VERY_OVERDUE:
        return gettext("Sangat terlambat: %(late)d hari kerja melewati tenggat %(due)s, lebih lama dari "
                       "waktu layanannya (%(allowed)d hari kerja); petugas: %(officer)s.") % {
            "late": abs(days), "due": params.get("due"), "allowed": params.get("allowed") or 0,
            "officer": officer}
    return _staff_note(kind, days, officer, params.get("due"))


def _staff_note(kind, days, officer, due):
    if kind == Kind.OVERDUE:
        if days < 0:
            return gettext("Melewati tenggat %(due)s, %(late)d hari kerja lalu; petugas: %(officer)s.") % {
                "due": due, "late": abs(days), "officer": officer}
        return gettext("Melewati tenggat %(due)s; petugas: %(officer)s.") % {"due": due, "officer": officer}
    if kind == Kind.DUE_TOMORROW:
        if days <= 0:
            return gettext("Tenggat hari ini; petugas: %(officer)s.") % {"officer": officer}
        return gettext("Tenggat besok (1 hari kerja lagi); petugas: %(officer)s.") % {"officer": officer}
    return gettext("Tenggat berisiko: %(days)d hari kerja lagi; petugas: %(officer)s.") % {
        "days": days, "officer": officer}
