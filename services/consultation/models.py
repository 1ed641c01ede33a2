"""Consultation: the knowledge base, the conversation's state and follow-up meetings."""
import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from requests_app.models import Request, RequestEvent
from services.catalogue.models import Office


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED)

    def for_office(self, office):
        """Articles for every office plus the office's own."""
        if office is None:
            return self.filter(office__isnull=True)
        return self.filter(models.Q(office__isnull=True) | models.Q(office=office))


class Article(models.Model):
    """A knowledge-base article: what a visitor reads before asking an officer."""

    class Topic(models.TextChoices):
        DATA = "data", _("Data")
        METADATA = "metadata", _("Metadata")
        CLASSIFICATION = "classification", _("Klasifikasi")
        METHOD = "method", _("Metode")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PUBLISHED = "published", _("Terbit")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    summary = models.CharField(_("ringkasan"), max_length=300, blank=True)
    body = models.TextField(
        _("isi"), help_text=_("Paragraf dipisah baris kosong; daftar dengan baris berawalan “- ”.")
    )
    topic = models.CharField(_("topik"), max_length=20, choices=Topic.choices)
    tags = models.CharField(_("kata kunci"), max_length=200, blank=True, help_text=_("Dipisah koma."))
    office = models.ForeignKey(
        Office, verbose_name=_("kantor"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="articles", help_text=_("Kosongkan untuk semua kantor."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("penulis"), on_delete=models.SET_NULL,
                               null=True, blank=True, related_name="+")
    source_request = models.ForeignKey(
        "requests_app.Request", verbose_name=_("dari konsultasi"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("artikel basis pengetahuan")
        verbose_name_plural = _("artikel basis pengetahuan")
        indexes = [models.Index(fields=["status", "office"], name="article_status_office_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("consultation:article", args=[self.slug])

    def tag_list(self):
        return [t.strip() for t in self.tags.split(",") if t.strip()]

    def blocks(self):
        """The body as [("p", text) | ("ul", [items])] for templates."""
        found = []
        for chunk in self.body.replace("\r\n", "\n").split("\n\n"):
            lines = [line.strip() for line in chunk.strip().split("\n") if line.strip()]
            if not lines:
                continue
            items = [line[2:] for line in lines if line.startswith("- ")]
            lead = [line for line in lines if not line.startswith("- ")]
            if lead:
                found.append(("p", " ".join(lead)))
            if items:
                found.append(("ul", items))
        return found


# Product sales: the catalogue of products and the tariff (PNBP) they are priced by.


class Consultation(models.Model):
    """What a consultation adds to its request: the topic, the silence clock, and for a
    walk-in (no account) who came and how long it took."""

    TOPICS = [*Article.Topic.choices, ("other", _("Lainnya"))]

    request = models.OneToOneField(Request, on_delete=models.CASCADE, related_name="consultation")
    topic = models.CharField(_("topik"), max_length=20, choices=TOPICS, default=Article.Topic.DATA)
    searched_for = models.CharField(_("yang dicari lebih dulu"), max_length=200, blank=True)
    # Silence: set when an officer writes, cleared when the visitor does.
    awaiting_visitor_since = models.DateTimeField(null=True, blank=True, db_index=True)
    silence_warning_sent_at = models.DateTimeField(null=True, blank=True)
    # Walk-in consultations recorded at the desk.
    guest_name = models.CharField(_("nama tamu"), max_length=150, blank=True)
    guest_contact = models.CharField(_("kontak tamu"), max_length=150, blank=True)
    guest_institution = models.CharField(_("instansi tamu"), max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("lama layanan (menit)"), null=True, blank=True)

    class Meta:
        verbose_name = _("konsultasi")
        verbose_name_plural = _("konsultasi")

    def __str__(self):
        return f"{self.request.code} ({self.get_topic_display()})"


class Meeting(models.Model):
    """A follow-up an officer proposes: in person at the office, or a video meeting."""

    class Kind(models.TextChoices):
        IN_PERSON = "in_person", _("Tatap muka di kantor")
        VIDEO = "video", _("Pertemuan video")

    class Answer(models.TextChoices):
        PROPOSED = "proposed", _("Menunggu jawaban")
        ACCEPTED = "accepted", _("Diterima")
        DECLINED = "declined", pgettext_lazy("jawaban atas usulan pertemuan", "Ditolak")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="meetings")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    starts_at = models.DateTimeField(_("mulai"))
    duration_minutes = models.PositiveSmallIntegerField(_("lama (menit)"), default=30)
    place = models.CharField(_("tempat"), max_length=300, blank=True)
    link = models.URLField(_("tautan pertemuan video"), blank=True)
    answer = models.CharField(_("jawaban"), max_length=10, choices=Answer.choices, default=Answer.PROPOSED)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    event = models.ForeignKey(RequestEvent, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="meetings")
    answer_event = models.ForeignKey(RequestEvent, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")

    class Meta:
        ordering = ["starts_at"]

    def __str__(self):
        return f"{self.request_id} {self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)




