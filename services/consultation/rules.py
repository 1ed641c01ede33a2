"""The consultation's own steps: the conversation, follow-up meetings, the walk-in record and the
knowledge-base article a consultation becomes (``workflow.Rule``s, registered by
``services.consultation.service``)."""
import datetime

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from requests_app import workflow
from requests_app.models import Status
from requests_app.workflow import NONE, OFFICER, OPTIONAL, REQUIRED, SYSTEM, VISITOR, WORKING, Rule

SERVICE_SLUG = "konsultasi"  # the catalogue's ServiceKind
SILENCE = datetime.timedelta(days=7)  # without the visitor's reply, a consultation closes itself
REOPEN_WITHIN = datetime.timedelta(days=30)  # the visitor's reply reopens it within this of the closing


class Action(workflow.Action):
    """The core's actions and this service's own."""

    MESSAGE = "message"
    PROPOSE_MEETING = "propose_meeting"
    ACCEPT_MEETING = "accept_meeting"
    DECLINE_MEETING = "decline_meeting"
    REOPEN = "reopen"
    RECORD_WALK_IN = "record_walk_in"
    MAKE_ARTICLE = "make_article"
    SILENCE_WARNING = "silence_warning"  # the system, two days before closing for silence


RULES = (
    Rule(Action.MESSAGE, _("Kirim pesan"), WORKING, frozenset({VISITOR, OFFICER}), note=REQUIRED,
         notify=True, text_is_the_whole=True),
    Rule(Action.PROPOSE_MEETING, _("Usulkan pertemuan"), WORKING, frozenset({OFFICER}), note=OPTIONAL,
         notify=True),
    Rule(Action.ACCEPT_MEETING, _("Terima pertemuan"), WORKING, frozenset({VISITOR}), note=OPTIONAL,
         notify=True),
    Rule(Action.DECLINE_MEETING, _("Tolak pertemuan"), WORKING, frozenset({VISITOR}), note=OPTIONAL,
         notify=True),
    Rule(Action.REOPEN, _("Buka kembali"), (Status.CLOSED_INACTIVE,), frozenset({VISITOR}),
         Status.IN_PROCESS, note=NONE, clock="restart", notify=True),
    Rule(Action.RECORD_WALK_IN, _("Catat konsultasi kunjungan langsung"), (Status.DRAFT,),
         frozenset({OFFICER}), Status.COMPLETED, note=REQUIRED, closing=True, walk_in_only=True),
    # A completed consultation, or one recorded at the desk, may become a draft article.
    Rule(Action.SILENCE_WARNING, _("Peringatan sebelum ditutup karena tidak ada tanggapan"), WORKING,
         frozenset({SYSTEM}), note=NONE, notify=True),
    Rule(Action.MAKE_ARTICLE, _("Jadikan artikel basis pengetahuan"), tuple(Status.values),
         frozenset({OFFICER}), note=NONE, internal=True),
)

EVENT_LABELS = {
    Action.MESSAGE: _("Pesan"),
    Action.PROPOSE_MEETING: _("Pertemuan diusulkan"),
    Action.ACCEPT_MEETING: _("Pertemuan diterima"),
    Action.DECLINE_MEETING: _("Pertemuan ditolak"),
    Action.REOPEN: _("Dibuka kembali oleh pengguna layanan"),
    Action.RECORD_WALK_IN: _("Konsultasi kunjungan langsung dicatat"),
    Action.MAKE_ARTICLE: _("Draf artikel basis pengetahuan dibuat"),
    Action.SILENCE_WARNING: _("Peringatan: konsultasi ditutup otomatis bila tidak ada balasan"),
}

VISITOR_MESSAGES = {
    Action.MESSAGE: _("Petugas membalas permintaan Anda."),
    Action.PROPOSE_MEETING: _("Petugas mengusulkan pertemuan lanjutan. Terima atau tolak usulan ini di "
                              "halaman permintaan Anda; undangan kalender terlampir."),
}

# (roles to tell, message); each goes to the request's officer when it has one.
STAFF_MESSAGES = {
    Action.MESSAGE: ((Role.OFFICER,), _("Pengguna layanan mengirim pesan.")),
    Action.ACCEPT_MEETING: ((Role.OFFICER,), _("Pengguna layanan menerima usulan pertemuan.")),
    Action.DECLINE_MEETING: ((Role.OFFICER,), _("Pengguna layanan menolak usulan pertemuan.")),
    Action.REOPEN: ((Role.OFFICER,), _("Pengguna layanan membuka kembali konsultasi.")),
}
