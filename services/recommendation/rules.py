"""The recommendation's own steps: the form recorded at the desk, declared feasible, the letter drafted,
and who may edit the FS3/FP-KPA form when (``workflow.Rule``s, registered by
``services.recommendation.service``)."""
from django.utils.translation import gettext_lazy as _

from requests_app import workflow
from requests_app.models import Status
from requests_app.workflow import NONE, OFFICER, VISITOR, Rule

SERVICE_SLUG = "rekomendasi"  # the catalogue's ServiceKind


class Action(workflow.Action):
    """The core's actions and this service's own."""

    FILE_AT_DESK = "file_at_desk"
    DECLARE_FEASIBLE = "declare_feasible"
    DRAFT_LETTER = "draft_letter"
    EDIT_FORM = "edit_form"  # asked only (``workflow.may``): saving a section is not a step


RULES = (
    Rule(Action.FILE_AT_DESK, _("Catat formulir di meja layanan"), (Status.DRAFT,), frozenset({OFFICER}),
         Status.SUBMITTED, note=NONE, notify=True, files=True, walk_in_only=True),
    Rule(Action.DECLARE_FEASIBLE, _("Nyatakan layak"), (Status.SUBMITTED, Status.RESUBMITTED),
         frozenset({OFFICER}), Status.IN_PROCESS, clock="start", notify=True, style="success",
         takes_request=True),
    Rule(Action.DRAFT_LETTER, _("Simpan draf surat"), (Status.IN_PROCESS,), frozenset({OFFICER}),
         note=NONE, internal=True),
    # The agency edits its online draft and a returned form; the officer records a walk-in agency's
    # draft at the desk on its behalf.
    Rule(Action.EDIT_FORM, _("Ubah formulir"), (Status.DRAFT, Status.RETURNED), frozenset({VISITOR, OFFICER}),
         note=NONE, internal=True, asked_only=True),
)

EVENT_LABELS = {
    Action.FILE_AT_DESK: _("Dicatat di meja layanan"),
    Action.DECLARE_FEASIBLE: _("Formulir dinyatakan layak; surat rekomendasi disusun"),
    Action.DRAFT_LETTER: _("Draf surat rekomendasi disimpan"),
}

VISITOR_MESSAGES = {
    Action.FILE_AT_DESK: _(
        "Formulir rekomendasi kegiatan statistik instansi Anda telah direkam petugas di meja layanan PST dan "
        "dinyatakan lengkap; hasil pemeriksaannya paling lambat 30 hari kerja. Bila akun Anda baru dibuat "
        "petugas, buat kata sandi lewat email terpisah untuk mengikuti permintaan ini."),
    Action.RETURN: _(
        "Petugas mengembalikan formulir rekomendasi Anda untuk diperbaiki. Catatan per bagian ada di halaman "
        "permintaan, di samping isian yang perlu diperbaiki. Tenggat dijeda sampai Anda mengirim perbaikan."),
    Action.DECLARE_FEASIBLE: _(
        "Rancangan kegiatan statistik Anda dinyatakan layak. Petugas menyusun surat rekomendasi untuk "
        "disetujui kepala kantor."),
    Action.APPROVE: _(
        "Surat rekomendasi kegiatan statistik Anda telah terbit: nomor %(number)s. Unduh surat di halaman "
        "permintaan. Siapa pun dapat memeriksa keasliannya di %(verify)s."),
}
