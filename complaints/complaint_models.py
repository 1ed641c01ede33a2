"""Complaints: what a complainant (signed in or not) or an officer recording another channel's complaint
wrote, its timeline, its attachments and its response deadline in the office's working days.

A complaint moves only through ``complaints.machine.perform``; nothing else writes ``status``.
``due_at`` and ``remind_from`` are stored (computed by the office's calendar at receipt), so the
reminder sweep is one query on indexed columns; ``reminded_at`` / ``escalated_at`` mark each email sent
once.
"""
import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.labels import EVENT_LABELS
from requests_app.models import new_tracking_code, save_with_a_free_code
from requests_app.storage import private_storage
from services.catalogue.models import Office

DEFAULT_RESPONSE_DAYS = 5


def new_complaint_code(office_code, when=None):
    """``P-6500-26-XXXXXX``: a request's kind of code with a P (pengaduan) in front."""
    return f"P-{new_tracking_code(office_code, when)}"


def new_private_token():
    return secrets.token_urlsafe(24)


class ComplaintSettings(models.Model):
    """An office's complaint rules: how many working days it has to answer."""

    office = models.OneToOneField(Office, verbose_name=_("kantor"), on_delete=models.CASCADE,
                                  related_name="complaint_settings")
    response_days = models.PositiveSmallIntegerField(
        _("batas waktu tanggapan (hari kerja)"), default=DEFAULT_RESPONSE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(60)])

    class Meta:
        verbose_name = _("pengaturan pengaduan kantor")
        verbose_name_plural = _("pengaturan pengaduan kantor")

    def __str__(self):
        return str(self.office)


def response_days_of(office):
    row = ComplaintSettings.objects.filter(office=office).first()
    return row.response_days if row else DEFAULT_RESPONSE_DAYS


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    IN_REVIEW = "in_review", _("Sedang ditinjau")
    ANSWERED = "answered", _("Dijawab")
    CLOSED = "closed", _("Ditutup")


OPEN_COMPLAINT_STATUSES = (ComplaintStatus.RECEIVED, ComplaintStatus.IN_REVIEW)


class Subject(models.TextChoices):
    REQUEST = "request", _("Permintaan layanan tertentu")
    CONDUCT = "conduct", _("Sikap atau perilaku petugas")
    DATA = "data", _("Kualitas data")
    FEE = "fee", _("Biaya/tarif")
    FACILITIES = "facilities", _("Sarana dan prasarana")
    OTHER = "other", _("Lainnya")


class ComplaintChannel(models.TextChoices):
    WEBSITE = "website", _("Portal (situs web)")
    BOX = "box", _("Kotak saran")
    EMAIL = "email", _("Email")
    WHATSAPP = "whatsapp", _("WhatsApp/SMS")
    LAPOR = "lapor", _("SP4N-LAPOR")
    IN_PERSON = "in_person", _("Langsung di kantor")


OTHER_CHANNELS = [c for c in ComplaintChannel if c != ComplaintChannel.WEBSITE]


class Complaint(models.Model):
    code = models.CharField(_("kode pelacakan"), max_length=24, unique=True, editable=False)
    private_token = models.CharField(max_length=40, unique=True, default=new_private_token, editable=False)
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    office = models.ForeignKey(Office, verbose_name=_("kantor"), on_delete=models.PROTECT,
                               related_name="complaints")
    complainant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pengadu (akun)"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="complaints")
    full_name = models.CharField(_("nama"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telepon/WhatsApp"), max_length=30, blank=True)
    language = models.CharField(_("bahasa email"), max_length=5, default="id")
    subject = models.CharField(_("tentang"), max_length=12, choices=Subject.choices)
    request = models.ForeignKey("requests_app.Request", verbose_name=_("permintaan terkait"),
                                on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    text = models.TextField(_("isi pengaduan"))
    channel = models.CharField(_("kanal"), max_length=10, choices=ComplaintChannel.choices,
                               default=ComplaintChannel.WEBSITE)
    lapor_reference = models.CharField(_("nomor SP4N-LAPOR"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("dicatat oleh"),
                                    on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    status = models.CharField(_("status"), max_length=10, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.RECEIVED)
    received_at = models.DateTimeField(_("diterima"), default=timezone.now)
    response_days = models.PositiveSmallIntegerField(_("batas hari kerja"))
    due_at = models.DateTimeField(_("tenggat tanggapan"))
    remind_from = models.DateTimeField(_("diingatkan sejak"))
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    escalated_at = models.DateTimeField(_("dieskalasi"), null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    answer = models.TextField(_("jawaban"), blank=True)

    class Meta:
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["office", "status", "due_at"], name="complaint_queue_idx"),
            models.Index(fields=["status", "remind_from"], name="complaint_remind_idx"),
            models.Index(fields=["status", "due_at"], name="complaint_due_idx"),
            models.Index(fields=["complainant", "-received_at"], name="complaint_mine_idx"),
        ]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        return save_with_a_free_code(self, super().save, lambda: new_complaint_code(self.office.code),
                                     *args, **kwargs)

    @property
    def is_open(self):
        return self.status in OPEN_COMPLAINT_STATUSES

    def is_overdue(self, now=None):
        return self.is_open and self.due_at <= (now or timezone.now())

    @property
    def service_kind_id(self):
        """The service of the request it is about, if any (reply templates of that service apply)."""
        return self.request.service_kind_id if self.request_id else None

    @property
    def contact_name(self):
        if self.complainant_id:
            return self.complainant.get_full_name()
        return self.full_name

    @property
    def contact_email(self):
        return self.complainant.email if self.complainant_id else self.email


class ComplaintEvent(models.Model):
    """One step of a complaint's timeline: who, when, what, with a note."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, choices=ComplaintStatus.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    by_complainant = models.BooleanField(default=False)
    is_internal = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.complaint_id} {self.action}"

    @property
    def label(self):
        return EVENT_LABELS.get(self.action, self.action)


def attachment_path(instance, filename):
    """A generated name, never the uploader's: the original name is kept in ``original_name``."""
    return f"complaints/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{instance.extension}"


class ComplaintAttachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=160)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.original_name
