"""The words of a complaint's timeline, by action."""
from django.utils.translation import gettext_lazy as _

REVIEW, ANSWER, CLOSE = "review", "answer", "close"
EVENT_LABELS = {
    "receive": _("Pengaduan diterima"),
    "record": _("Pengaduan dicatat dari kanal lain"),
    REVIEW: _("Pengaduan mulai ditinjau"),
    ANSWER: _("Pengaduan dijawab"),
    CLOSE: _("Pengaduan ditutup"),
    "reminder": _("Pengingat tenggat dikirim ke petugas"),
    "escalation": _("Terlambat: dieskalasi ke kepala kantor"),
}
