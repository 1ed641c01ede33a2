"""The portal's user: one account per email, with a role and, for staff, an office."""
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .validators import normalize_npwp, normalize_phone


class Role(models.TextChoices):
    VISITOR = "visitor", _("Pengguna layanan")
    OFFICER = "officer", _("Petugas PST")
    HEAD = "head", _("Kepala BPS")
    ADMIN = "admin", _("Administrator")


STAFF_ROLES_WITH_OFFICE = (Role.OFFICER, Role.HEAD)


class Segment(models.TextChoices):
    INDIVIDUAL = "individual", _("Perorangan")
    ACADEMIC = "academic", _("Pelajar/mahasiswa/akademisi")
    PRIVATE = "private", _("Swasta (badan usaha)")
    GOVERNMENT = "government", _("Instansi pemerintah")
    INTERNATIONAL = "international", _("Organisasi internasional")
    OTHER = "other", _("Lainnya")


class IdentityType(models.TextChoices):
    KTP = "ktp", _("KTP (NIK)")
    SIM = "sim", _("SIM")
    PASSPORT = "passport", _("Paspor")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=Role.ADMIN)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("alamat email"), unique=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    role = models.CharField(_("peran"), max_length=10, choices=Role.choices, default=Role.VISITOR)
    office = models.ForeignKey(
        "catalogue.Office",
        verbose_name=_("kantor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("Wajib bagi petugas dan kepala: mereka hanya melihat pekerjaan kantornya."),
    )
    # Profile of a service user (pengguna layanan).
    phone = models.CharField(_("nomor telepon/WhatsApp"), max_length=20, blank=True,
                             validators=[normalize_phone])
    identity_type = models.CharField(
        _("jenis kartu identitas"), max_length=10, choices=IdentityType.choices, blank=True
    )
    identity_number = models.CharField(_("nomor kartu identitas"), max_length=20, blank=True)
    segment = models.CharField(_("segmen pengguna"), max_length=15, choices=Segment.choices, blank=True)
    institution = models.CharField(_("instansi/lembaga"), max_length=200, blank=True)
    npwp = models.CharField(_("NPWP"), max_length=16, blank=True, validators=[normalize_npwp])
    agency_unit = models.CharField(_("unit kerja"), max_length=200, blank=True)

    is_active = models.BooleanField(_("aktif"), default=True)
    is_staff = models.BooleanField(_("akses admin"), default=False)
    date_joined = models.DateTimeField(_("terdaftar"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=["officer", "head"]) | models.Q(office__isnull=False),
                name="officer_and_head_belong_to_an_office",
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return (self.full_name or self.email).split()[0]

    @property
    def is_visitor(self):
        return self.role == Role.VISITOR

    @property
    def second_factor_required(self):
        """Heads and administrators sign in with a one-time code (TOTP) as well as their password;
        without one set up they set it up before anything else."""
        return self.role in (Role.HEAD, Role.ADMIN) or self.is_superuser or self.is_staff

    @property
    def second_factor_offered(self):
        """Staff (officers, heads, administrators) may set up a one-time code; visitors are not asked."""
        return self.second_factor_required or self.role == Role.OFFICER

    def has_second_factor(self):
        from allauth.mfa.models import Authenticator

        return Authenticator.objects.filter(user=self, type=Authenticator.Type.TOTP).exists()

    def missing_profile_fields(self):
        """Profile fields a visitor still has to fill before filing a request."""
        missing = [f for f in ("full_name", "phone", "identity_type", "identity_number", "segment")
                   if not getattr(self, f)]
        if self.segment == Segment.PRIVATE and not self.npwp:
            missing.append("npwp")
        if self.segment == Segment.GOVERNMENT and not (self.institution and self.agency_unit):
            missing += [f for f in ("institution", "agency_unit") if not getattr(self, f)]
        return missing


class DeskCode(models.Model):
    """A one-time code emailed to an address an officer typed at the service desk: the visitor reads
    it out to show they are present and agree that the desk uses their account (accounts.desk). Only
    a hash of the code is kept; it serves once, for the officer who asked for it, for a short time and
    a few attempts."""

    email = models.EmailField(_("alamat email"), db_index=True)
    officer = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name=_("petugas"))
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kode konfirmasi meja layanan")
        verbose_name_plural = _("kode konfirmasi meja layanan")

    def __str__(self):
        return f"{self.email} ({self.created_at:%Y-%m-%d %H:%M})"
