"""Demo reply templates for a development portal (``make run``): a few per office, created once."""
from replies.models import ReplyTemplate
from services.catalogue.models import Office

DEMO_REPLIES = (
    ("Kurang surat pengantar", None,
     "Yth. {nama}, permintaan {kode} kami kembalikan: mohon lampirkan surat pengantar dari instansi atau "
     "kampus Anda, lalu kirim perbaikannya."),
    # For one service only: the first the office offers.
    ("Data tersedia di situs web", "first",
     "Yth. {nama}, data yang Anda tanyakan ({kode}) tersedia di situs web BPS pada menu "
     "Tabel Statistik. Bila belum sesuai, balas pesan ini."),
    ("Terima kasih", None, "Terima kasih, {nama}. Permintaan {kode} sedang kami proses."),
)


def create_demo_replies():
    """The demo templates of every office that offers a service; returns how many were new."""
    created = 0
    for office in Office.objects.filter(standards__isnull=False).distinct():
        first = office.standards.select_related("service_kind").order_by("service_kind__order").first()
        for title, scope, body in DEMO_REPLIES:
            kind = first.service_kind if scope == "first" else None
            _reply, new = ReplyTemplate.objects.get_or_create(
                office=office, title=title, defaults={"body": body, "service_kind": kind})
            created += new
    return created
