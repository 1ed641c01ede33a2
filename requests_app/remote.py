"""Requests that arrived by WhatsApp (SISUKA), the website's LiveChat, email or phone: an officer
records them in one form (``record_remote_request``) and they are filed as a visitor's submission
is, served as the standard's online section says.

Where the person gave an email the portal has no account for, an account is made and its owner is
invited to choose a password (accounts.desk's welcome). An address that has an account is never used
without its owner's consent, as at the desk: the request keeps the contact the officer typed
(``RemoteContact``) and has no visitor until the owner follows the link emailed to them
(``claim``)."""
import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.desk import account_for_remote_contact, welcome
from accounts.models import Role
from pst_portal import links
from requests_app import workflow
from requests_app.models import Request, RequestEvent
from requests_app.remote_models import RemoteContact

CLAIM_LIFETIME = datetime.timedelta(days=30)


class Outcome:
    NO_EMAIL = "no_email"  # a guest without an account
    NEW_ACCOUNT = "new_account"  # an account made, its owner invited
    NEEDS_CONFIRMING = "needs_confirming"  # the address has an account: its owner is asked


@dataclass(frozen=True)
class Recorded:
    request: Request
    outcome: str


def record_remote_request(http_request, standard, *, channel, full_name, phone="", email="",
                          institution="", purpose):
    """File the request the officer of ``http_request`` was told of by ``channel``. Returns Recorded."""
    officer = http_request.user
    with transaction.atomic():
        user, created = (account_for_remote_contact(email=email, full_name=full_name, phone=phone,
                                                    institution=institution) if email else (None, False))
        request = Request.objects.create(
            office=standard.office, service_kind=standard.service_kind, standard=standard, channel=channel,
            visitor=user, purpose=purpose, submission_token=uuid.uuid4(), language=settings.LANGUAGE_CODE)
        asks_owner = bool(email) and not created
        contact = RemoteContact.objects.create(
            request=request, full_name=full_name, phone=phone, email=email, institution=institution,
            recorded_by=officer, claim_token=RemoteContact.new_claim_token() if asks_owner else None,
            claim_sent_at=timezone.now() if asks_owner else None)
        workflow.perform(request, workflow.Action.RECORD_REMOTE, officer)
        if asks_owner:
            send_claim_email(contact)
    if created:
        welcome(http_request, user, True, new_account=gettext(
            "Permintaan tercatat dengan kode %(code)s. Akun baru dibuat untuk alamat email itu dan "
            "pemiliknya diundang lewat email untuk membuat kata sandi.") % {"code": request.code},
            existing_account="")
    request.refresh_from_db()
    outcome = Outcome.NEW_ACCOUNT if created else Outcome.NEEDS_CONFIRMING if asks_owner else Outcome.NO_EMAIL
    return Recorded(request, outcome)


def claim_url(contact):
    return links.absolute(reverse("requests_app:claim_remote", args=[contact.claim_token]))


def send_claim_email(contact):
    """Ask the owner of the address given whether the request is theirs: a one-time link. The email
    names the office, the service and the channel, not what was asked (the address may be wrong)."""
    request = contact.request
    with translation.override(settings.LANGUAGE_CODE):
        body = gettext(
            "Petugas PST %(office)s mencatat permintaan layanan %(service)s yang disampaikan melalui "
            "%(channel)s dengan alamat email ini (kode %(code)s).\n\n"
            "Bila permintaan itu milik Anda, buka tautan berikut, masuk dengan akun Anda, lalu "
            "konfirmasikan agar permintaan tampil di akun Anda dan Anda menerima kabarnya:\n%(url)s\n\n"
            "Tautan berlaku %(days)d hari dan hanya sekali pakai. Bila Anda tidak menghubungi kami, "
            "abaikan email ini: permintaan itu tidak akan ditambahkan ke akun Anda."
        ) % {"office": request.office.name, "service": request.service_kind.name,
             "channel": request.get_channel_display(), "code": request.code, "url": claim_url(contact),
             "days": CLAIM_LIFETIME.days}
        subject = gettext("Konfirmasi permintaan layanan PST %(code)s") % {"code": request.code}
    EmailMessage(subject, body, to=[contact.email], reply_to=request.office.email_list[:1]).send()


def claimable(token, user):
    """The contact whose link ``token`` ``user`` may follow, or None: the link is open (not used, not
    expired), ``user`` is a visitor signed in with the very address the officer typed, and the request
    has no visitor yet."""
    if not user.is_authenticated or user.role != Role.VISITOR:
        return None
    contact = (RemoteContact.objects.select_related("request__office", "request__service_kind")
               .filter(claim_token=token, claimed_at__isnull=True, request__visitor__isnull=True,
                       claim_sent_at__gt=timezone.now() - CLAIM_LIFETIME).first())
    if contact is None or contact.email.strip().lower() != user.email.strip().lower():
        return None
    return contact


def claim(contact, user):
    """The owner takes the request on: it becomes theirs, once (a second press finds it done)."""
    now = timezone.now()
    with transaction.atomic():
        request = Request.objects.select_for_update().get(pk=contact.request_id)
        taken = RemoteContact.objects.filter(pk=contact.pk, claimed_at__isnull=True).update(claimed_at=now)
        if not taken or request.visitor_id is not None:
            return request
        request.visitor = user
        request.save(update_fields=["visitor", "updated_at"])
        RequestEvent.objects.create(request=request, actor=user, action=workflow.Action.CONFIRM_CONTACT,
                                    from_status=request.status, to_status=request.status, created_at=now)
    return request
