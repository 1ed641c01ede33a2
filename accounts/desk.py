"""Accounts at the service desk (walk-in orders and recommendations): the standards' "the officer
helps the visitor create an account".

The desk reaches an account only with the visitor present and consenting: every address the
officer types gets a one-time code by email (``send_code``), which the visitor reads out and the
officer types (``find_or_create_visitor``). Until then the officer learns nothing of the address:
the messages are the same for a staff account, an existing visitor and a new address. The desk
never writes into an existing profile; what the visitor told it is kept on the request
(``record_told``)."""
import copy
import datetime
import re
import secrets

from allauth.account.forms import ResetPasswordForm
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import DeskCode, Role, Segment, User

CODE_DIGITS = 6
CODE_LIFETIME = datetime.timedelta(minutes=15)
MAX_ATTEMPTS = 5  # wrong codes typed before a code is void
MAX_CODES_PER_HOUR = 5  # codes sent to one address

WRONG_CODE = _(
    "Kode konfirmasi tidak cocok atau sudah tidak berlaku. Periksa kodenya, atau kirim kode baru."
)
NOT_USABLE = _(
    "Alamat email ini tidak dapat dipakai di meja layanan. Minta alamat email lain dari pengunjung."
)
TOO_MANY = _("Sudah terlalu banyak kode dikirim ke alamat ini. Silakan coba lagi satu jam lagi.")


class DeskAccountError(ValueError):
    pass


def normalize(email):
    return User.objects.normalize_email(email).strip().lower()


def _hash(salt, code):
    return salted_hmac("accounts.desk.DeskCode", f"{salt}:{code}", algorithm="sha256").hexdigest()


def send_code(officer, email):
    """Email a new one-time code to ``email`` for ``officer`` to type; the code sent before is void.
    Done the same way for every address, whatever account it belongs to (or none)."""
    email = normalize(email)
    now = timezone.now()
    DeskCode.objects.filter(created_at__lt=now - datetime.timedelta(days=1)).delete()  # long void
    if DeskCode.objects.filter(email=email, created_at__gt=now - datetime.timedelta(hours=1)).count() >= (
        MAX_CODES_PER_HOUR
    ):
        raise DeskAccountError(TOO_MANY)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    salt = secrets.token_hex(16)
    DeskCode.objects.create(email=email, officer=officer, salt=salt, code_hash=_hash(salt, code),
                            created_at=now, expires_at=now + CODE_LIFETIME)
    minutes = int(CODE_LIFETIME.total_seconds() // 60)
    body = gettext(
        "Kode konfirmasi Anda: %(code)s\n\n"
        "Petugas PST %(office)s meminta kode ini untuk mencatat permintaan Anda di meja layanan "
        "dengan akun alamat email ini. Bacakan kode ini kepada petugas hanya bila Anda sedang berada "
        "di meja layanan. Kode berlaku %(minutes)d menit dan hanya sekali pakai.\n\n"
        "Bila Anda tidak sedang di meja layanan, abaikan email ini: tanpa kode ini, petugas tidak "
        "dapat memakai akun Anda."
    ) % {"code": code, "office": officer.office.name if officer.office_id else "BPS", "minutes": minutes}
    EmailMessage(gettext("Kode konfirmasi meja layanan PST"), body, to=[email]).send()


def code_accepted(officer, email, code):
    """Whether ``code`` is the open code sent to ``email`` for ``officer`` (the latest, not used, not
    expired, fewer than MAX_ATTEMPTS wrong tries). A right code is used up; a wrong one counts."""
    code = re.sub(r"\D", "", code or "")
    now = timezone.now()
    with transaction.atomic():
        challenge = (DeskCode.objects.select_for_update()
                     .filter(officer=officer, email=normalize(email)).order_by("-created_at", "-pk").first())
        if (challenge is None or challenge.used_at or challenge.expires_at <= now
                or challenge.attempts >= MAX_ATTEMPTS):
            return False
        open_code = DeskCode.objects.filter(pk=challenge.pk, used_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        typed = _hash(challenge.salt, code)
        if len(code) == CODE_DIGITS and constant_time_compare(challenge.code_hash, typed):
            return open_code.update(used_at=now) == 1  # once, even when typed twice at the same time
        open_code.update(attempts=F("attempts") + 1)
        return False


def find_or_create_visitor(*, officer, email, code, full_name, phone, segment, institution="", npwp="",
                           agency_unit=""):
    """The visitor's account for ``email`` once the visitor read out the code sent to it, made now if
    there is none (with the details told). Returns (user, created). An existing account is used as it
    is: none of its fields is written. Raises DeskAccountError without the right code, and for an
    address that is not a visitor's (told only to whoever could read the code)."""
    if not code_accepted(officer, email, code):
        raise DeskAccountError(WRONG_CODE)
    email = normalize(email)
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is not None:
            if user.role != Role.VISITOR:
                raise DeskAccountError(NOT_USABLE)
            return user, False
        user = User.objects.create_user(
            email=email, password=None, role=Role.VISITOR, full_name=full_name, phone=phone, segment=segment,
            institution=institution, npwp=npwp if segment == Segment.PRIVATE else "", agency_unit=agency_unit)
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
        return user, True


def as_told(user, told):
    """An unsaved copy of ``user`` whose empty details are what the desk was told: to check a rule on
    the visitor as the desk knows them, without writing their profile."""
    seen = copy.copy(user)
    for field, value in told.items():
        if value and not getattr(seen, field, ""):
            setattr(seen, field, value)
    return seen


def record_told(request, *, full_name, phone, segment="", institution="", npwp="", agency_unit=""):
    """Keep on the request what the visitor told the desk (an NPWP only for the private segment)."""
    from requests_app.models import DeskDetails

    return DeskDetails.objects.create(
        request=request, full_name=full_name, phone=phone, institution=institution, agency_unit=agency_unit,
        npwp=npwp if segment == Segment.PRIVATE else "")


def visitor_from_form(http_request, form, told):
    """The visitor of a valid desk form (``email``, ``code``; ``told`` the details typed), as
    (user, created); or None, the form then saying what comes next: without a code (or on "send a
    new code") a code is sent and the form asks for it; a refused code is the form's error."""
    data = form.cleaned_data
    officer = http_request.user
    if not data.get("code") or http_request.POST.get("send_code"):
        try:
            send_code(officer, data["email"])
        except DeskAccountError as error:
            form.add_error("code", str(error))
        else:
            form.code_sent = True
            form.data = form.data.copy()
            form.data["code"] = ""  # the box waits for the new code
        return None
    try:
        return find_or_create_visitor(officer=officer, email=data["email"], code=data["code"], **told)
    except DeskAccountError as error:
        form.add_error("code", str(error))
        return None


def invite_to_set_password(http_request, user):
    """Email a new desk account the link to choose its password (allauth's reset email); choosing it
    also verifies the address (accounts.signals)."""
    reset = ResetPasswordForm({"email": user.email})
    if reset.is_valid():
        reset.save(http_request)


def welcome(http_request, user, created, *, new_account, existing_account):
    """After a desk request is recorded: a new account gets its password email; the officer is told
    which of the two happened (``new_account`` / ``existing_account``: the messages)."""
    if created:
        invite_to_set_password(http_request, user)
    messages.success(http_request, new_account if created else existing_account)


def account_for_remote_contact(*, email, full_name, phone, institution=""):
    """For a request an officer recorded from WhatsApp, LiveChat, email or phone: a new visitor account
    for an address that has none, as (user, True); an address that has an account (of any role) gives
    (None, False): the account is not used until its owner confirms (requests_app.remote)."""
    email = normalize(email)
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists() or \
                EmailAddress.objects.filter(email__iexact=email).exists():
            return None, False
        user = User.objects.create_user(email=email, password=None, role=Role.VISITOR, full_name=full_name,
                                        phone=phone, institution=institution)
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
        return user, True
