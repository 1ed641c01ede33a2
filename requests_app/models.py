"""Requests, their timeline, clock pauses and documents.

A request moves only through ``requests_app.workflow.perform``; nothing else
writes ``status``. Deadlines are stored columns (``due_at``, ``at_risk_from``,
``clock_paused_at``) computed by the office's working-day calendar, so the
queue sorts by urgency in SQL.
"""
import secrets
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from requests_app.reminder_notes import ReminderKind, reminder_kind_choices
from requests_app.storage import private_storage
from services.catalogue.models import Channel, Office, Requirement, ServiceKind, Standard, section_channel

# No 0/O, 1/I/L, 5/S or 8/B: a code is read out on the phone.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXYZ2345679"
CODE_RANDOM_LENGTH = 6  # 28**6 ≈ 482 million codes per office and year


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    RETURNED = "returned", _("Dikembalikan untuk perbaikan")
    RESUBMITTED = "resubmitted", _("Diajukan kembali")
    IN_PROCESS = "in_process", _("Sedang diproses")
    AWAITING_APPROVAL = "awaiting_approval", _("Menunggu persetujuan kepala")
    COMPLETED = "completed", _("Selesai")
    REJECTED = "rejected", _("Ditolak")
    CANCELLED = "cancelled", _("Dibatalkan")
    CLOSED_INACTIVE = "closed_inactive", _("Ditutup karena tidak ada tanggapan")


class StatusGroup:
    """Statuses of the core plus those a service registers for the same purpose (``ServiceType``'s
    ``open_statuses``, ``waiting_statuses``): read when used, after every service app is ready, so a
    rule's sources or a query's ``status__in`` include a service's own statuses."""

    def __init__(self, *core, extended_by=None, without=()):
        self.core, self.extended_by, self.without = core, extended_by, without

    def members(self):
        from requests_app.registry import service_types

        extra = [s for service in service_types() for s in getattr(service, self.extended_by, ())] \
            if self.extended_by else []
        seen = []
        for status in (*self.core, *extra):
            if status not in seen and status not in self.without:
                seen.append(status)
        return seen

    def __iter__(self):
        return iter(self.members())

    def __contains__(self, status):
        return status in self.members()

    def __len__(self):
        return len(self.members())


def status_choices():
    """The core's statuses and every service's own (``ServiceType.statuses``), for the status field."""
    from requests_app.registry import service_types

    return [*Status.choices, *(choice for service in service_types() for choice in service.statuses)]


def status_label(status):
    return dict(status_choices()).get(status, status)


OPEN_STATUSES = StatusGroup(Status.SUBMITTED, Status.RETURNED, Status.RESUBMITTED, Status.IN_PROCESS,
                            Status.AWAITING_APPROVAL, extended_by="open_statuses")
# Open and waiting on the visitor, the clock paused: returned, or what a service waits for (a payment).
WAITING_ON_VISITOR = StatusGroup(Status.RETURNED, extended_by="waiting_statuses")
FINAL_STATUSES = (Status.COMPLETED, Status.REJECTED, Status.CANCELLED, Status.CLOSED_INACTIVE)


def new_tracking_code(office_code, when=None):
    when = when or timezone.now()
    random_part = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_RANDOM_LENGTH))
    return f"{office_code}-{when:%y}-{random_part}"


def save_with_a_free_code(instance, save, make_code, *args, **kwargs):
    """``save()`` ``instance`` under a new random ``code`` (``make_code()``) unless it has one, drawing
    again on the rare clash with another row's code (a request's, a complaint's)."""
    if instance.code:
        return save(*args, **kwargs)
    for _attempt in range(10):
        instance.code = make_code()
        try:
            with transaction.atomic():
                return save(*args, **kwargs)
        except IntegrityError:
            if type(instance)._default_manager.filter(code=instance.code).exists():
                continue
            raise
    raise IntegrityError(f"Could not find a free {type(instance)._meta.verbose_name} code.")


def normalize_tracking_code(text):
    """What a person typed (any case, spaces, with or without dashes) as a stored code."""
    compact = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if len(compact) != 4 + 2 + CODE_RANDOM_LENGTH:
        return ""
    return f"{compact[:4]}-{compact[4:6]}-{compact[6:]}"


class Request(models.Model):
    code = models.CharField(_("kode pelacakan"), max_length=20, unique=True, editable=False)
    office = models.ForeignKey(Office, verbose_name=_("kantor"), on_delete=models.PROTECT,
                               related_name="requests")
    service_kind = models.ForeignKey(ServiceKind, verbose_name=_("layanan"), on_delete=models.PROTECT,
                                     related_name="requests")
    standard = models.ForeignKey(
        Standard, verbose_name=_("standar pelayanan"), on_delete=models.PROTECT, related_name="requests",
        help_text=_("Versi standar yang berlaku saat permintaan diajukan."),
    )
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pengguna layanan"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="service_requests",
    )
    purpose = models.TextField(_("keperluan"))
    confirmed_requirements = models.ManyToManyField(
        Requirement, verbose_name=_("persyaratan yang dinyatakan terpenuhi"), blank=True,
        related_name="+",
    )
    language = models.CharField(_("bahasa email"), max_length=5, default="id")
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    status = models.CharField(_("status"), max_length=20, choices=status_choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=0, editable=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("petugas"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="assigned_requests",
    )
    closing_note = models.TextField(_("catatan penutupan"), blank=True)

    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    # Deadline (see requests_app.deadlines)
    working_days_allowed = models.PositiveSmallIntegerField(_("batas hari kerja"), null=True, blank=True)
    clock_started_at = models.DateTimeField(_("waktu mulai dihitung"), null=True, blank=True)
    due_at = models.DateTimeField(_("tenggat"), null=True, blank=True)
    at_risk_from = models.DateTimeField(_("berisiko sejak"), null=True, blank=True)
    due_soon_from = models.DateTimeField(_("satu hari kerja lagi sejak"), null=True, blank=True)
    clock_paused_at = models.DateTimeField(_("dijeda sejak"), null=True, blank=True)
    working_days_left_at_pause = models.SmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("permintaan layanan")
        verbose_name_plural = _("permintaan layanan")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["office", "status", "due_at"], name="request_queue_idx"),
            models.Index(fields=["status", "due_at"], name="request_sweep_idx"),
            models.Index(fields=["visitor", "-created_at"], name="request_visitor_idx"),
            models.Index(fields=["office", "assigned_to", "status"], name="request_assignee_idx"),
            # The deadline sweep (requests_app.reminders) selects on these.
            models.Index(fields=["status", "at_risk_from"], name="request_at_risk_idx"),
            models.Index(fields=["status", "due_soon_from"], name="request_due_soon_idx"),
            # The queue's counts per status and its filtered counts, read from the index alone (PostgreSQL).
            models.Index(fields=["office", "status"], include=["submitted_at", "channel", "due_at"],
                         name="request_office_status_idx"),
            # The office's rows by age (a closed view, the figures): newest filed and closed first.
            models.Index(fields=["office", "-submitted_at"], name="request_office_filed_idx"),
            models.Index(fields=["office", "-closed_at"], name="request_office_closed_idx"),
        ]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        return save_with_a_free_code(self, super().save, lambda: new_tracking_code(self.office.code),
                                     *args, **kwargs)

    def get_absolute_url(self):
        return reverse("requests_app:detail", args=[self.code])

    def get_staff_url(self):
        return reverse("requests_app:staff_detail", args=[self.code])

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_final(self):
        return self.status in FINAL_STATUSES

    @property
    def is_paused(self):
        return self.clock_paused_at is not None

    @property
    def section(self):
        return self.standard.sections.filter(channel=section_channel(self.channel)).first()

    @cached_property
    def queue_minutes(self):
        """Where the standard's section for this channel gives no working-day time but serves within
        minutes of the previous visitor in the queue (a walk-in desk), those minutes; else None.
        (The queue annotates it as ``deadlines.queue_minutes_expression``.)"""
        if self.working_days_allowed or self.standard_id is None:
            return None
        section = self.section
        if section is None or section.completion_kind != section.CompletionKind.QUEUE_MINUTES:
            return None
        return section.completion_value

    def _walk_in_guest(self):
        """The walk-in guest without an account (as the request's service recorded them), or None."""
        if self.visitor_id:
            return None
        from requests_app.registry import service_for

        remote = getattr(self, "remote_contact", None)  # recorded from WhatsApp, LiveChat, email, phone
        return remote if remote is not None else service_for(self).walk_in_guest(self)

    @property
    def requester_name(self):
        """Who the request is for: the visitor's name, or the walk-in guest's recorded at the desk."""
        if self.visitor_id:
            return self.visitor.get_full_name()
        guest = self._walk_in_guest()
        return guest.guest_name if guest else ""

    @property
    def requester_institution(self):
        if self.visitor_id:
            return self.visitor.institution
        guest = self._walk_in_guest()
        return guest.guest_institution if guest else ""

    def record_requirements_met_at_desk(self):
        """The person came to the desk and met the walk-in section's requirements there (the officer
        records the request): every requirement of the section is recorded as met."""
        section = self.section
        self.confirmed_requirements.set(section.requirements.all() if section else [])

    def requirement_rows(self):
        """[RequirementRow] for the requirements of the filed standard's section that apply to this
        visitor: whether each is confirmed, its current document, and whether it is met."""
        section = self.section
        if section is None:
            return []
        confirmed = set(self.confirmed_requirements.values_list("pk", flat=True))
        current = {d.requirement_id: d
                   for d in self.documents.filter(is_current=True, requirement__isnull=False)}
        segment = self.visitor.segment if self.visitor_id else ""
        at_desk = self.channel == Channel.WALK_IN
        return [RequirementRow(r, r.pk in confirmed, current.get(r.pk), at_desk=at_desk and r.pk in confirmed)
                for r in section.requirements_for(segment)]

    def missing_requirements(self):
        """Requirements not yet met: uploads without a current document, statements not confirmed."""
        return [row.requirement for row in self.requirement_rows() if not row.met]


@dataclass(frozen=True)
class RequirementRow:
    requirement: Requirement
    confirmed: bool
    document: object  # the current Document, or None
    at_desk: bool = False  # shown and recorded at the desk (a walk-in), whatever its evidence

    @property
    def met(self):
        if self.at_desk:
            return True
        if self.requirement.evidence == Requirement.Evidence.UPLOAD:
            return self.document is not None
        return self.confirmed


class RequestEvent(models.Model):
    """One line of a request's timeline: who did what, from which state to which."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    action = models.CharField(_("tindakan"), max_length=30)
    from_status = models.CharField(max_length=20, choices=status_choices, blank=True)
    to_status = models.CharField(max_length=20, choices=status_choices, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    is_internal = models.BooleanField(
        _("catatan internal"), default=False, help_text=_("Tidak pernah ditampilkan kepada pengguna layanan.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)
    # The request's version the action was taken from (the version the actor's page showed), so
    # that the same submission sent twice finds the event that already succeeded.
    request_version = models.PositiveIntegerField(null=True, blank=True)
    # What a note written by the system is made of (a reminder's kind, days, officer, deadline), so that
    # it reads in the reader's language (``display_note``); ``note`` keeps it as it was written.
    note_params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["request", "created_at"], name="event_timeline_idx")]

    # True on an event returned for a repeated submission (nothing was done a second time).
    repeated = False

    def __str__(self):
        return f"{self.request_id} {self.action}"

    @property
    def action_label(self):
        from requests_app.actions import action_label

        return action_label(self.action)

    @property
    def display_note(self):
        """The note in the current language: a note the portal wrote is written again from its
        parameters (a reminder, a billing line); what a person typed is shown as typed."""
        if self.note_params:
            from requests_app.reminder_notes import note_text

            return note_text(self.note_params)
        return self.note


class ClockPause(models.Model):
    """An interval during which the request waited on the visitor."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="pauses")
    paused_at = models.DateTimeField()
    resumed_at = models.DateTimeField(null=True, blank=True)
    # None where the standard gives no working-day time (served in the desk's queue): the wait is
    # recorded, there are no working days to keep.
    working_days_left = models.SmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["paused_at"]

    def __str__(self):
        return f"{self.request_id} {self.paused_at:%Y-%m-%d %H:%M}–{self.resumed_at or ''}"


def document_path(document, filename):
    now = timezone.now()
    return f"requests/{now:%Y/%m}/{uuid.uuid4().hex}{document.extension}"


class Document(models.Model):
    """A file a visitor (or officer) attached to a request. Old versions are kept."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="documents")
    requirement = models.ForeignKey(
        Requirement, verbose_name=_("persyaratan"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    file = models.FileField(storage=private_storage, upload_to=document_path, max_length=200)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField(_("ukuran"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    is_current = models.BooleanField(default=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced_by"
    )
    event = models.ForeignKey(
        RequestEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents",
        help_text="The message this file was attached to, if any.",
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_download_url(self):
        return reverse("requests_app:document", args=[self.request.code, self.token])


class Reminder(models.Model):
    """A reminder or escalation sent about a request: at most one per request, kind and deadline (the
    database refuses a second, so overlapping or retried sweeps cannot send twice)."""

    Kind = ReminderKind

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("jenis"), max_length=20, choices=reminder_kind_choices)
    deadline = models.DateTimeField(_("tenggat atau menunggu sejak"))
    created_at = models.DateTimeField(default=timezone.now)
    event = models.ForeignKey(RequestEvent, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    # Working days left (negative: late) or waited when it was written: what its email says.
    days = models.SmallIntegerField(_("hari kerja"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengingat")
        verbose_name_plural = _("pengingat")
        constraints = [
            models.UniqueConstraint(fields=["request", "kind", "deadline"], name="one_reminder_per_deadline"),
        ]

    def __str__(self):
        return f"{self.request_id} {self.kind} {self.deadline:%Y-%m-%d %H:%M}"


class Digest(models.Model):
    """The morning email of one office to one audience on one day: sent once."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    audience = models.CharField(max_length=10)  # "officers" or "head"
    created_at = models.DateTimeField(default=timezone.now)
    counts = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "day", "audience"], name="one_digest_per_day"),
        ]

    def __str__(self):
        return f"{self.office_id} {self.day} {self.audience}"


class DiscardedDraft(models.Model):
    """What is kept of a draft its visitor discarded: its code, for that visitor only (the draft, its
    documents and files are deleted). The same "discard" sent again lands on the result, not a 404."""

    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=20)
    discarded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visitor", "code"], name="one_discard_per_visitor_and_code"),
        ]

    def __str__(self):
        return f"{self.visitor_id} {self.code}"


# The walk-in desk's details of a request (own module; imported here so Django finds it).
from requests_app.desk_models import DeskDetails  # noqa: E402,F401
from requests_app.remote_models import RemoteContact  # noqa: E402,F401
