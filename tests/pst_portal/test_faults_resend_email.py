"""An email the outbox gave up on can be sent again from admin, by an administrator only, once."""
import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pst_portal.models import OutgoingEmail
from pst_portal.outbox import message_to_payload
from tests.factories import HeadFactory, OfficerFactory

CHANGELIST = reverse("admin:pst_portal_outgoingemail_changelist")


@pytest.fixture
def given_up(settings, transactional_db):
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message = mail.EmailMessage("Permintaan diterima", "Isi.", "pst@bps.go.id", ["ani@contoh.id"])
    now = timezone.now()
    return OutgoingEmail.objects.create(
        payload=message_to_payload(message), subject=message.subject, recipients="ani@contoh.id",
        created_at=now - datetime.timedelta(days=1), attempts=OutgoingEmail.MAX_ATTEMPTS,
        last_error="SMTP 554 ditolak", next_attempt_at=now + datetime.timedelta(hours=2),
        failed_at=now - datetime.timedelta(hours=1))


def resend(client, *rows):
    return client.post(CHANGELIST, {"action": "resend", "_selected_action": [row.pk for row in rows]},
                       follow=True)


def test_an_administrator_resends_a_given_up_email_once(client, administrator, given_up, transactional_db):
    sent = OutgoingEmail.objects.create(payload=given_up.payload, subject="Sudah", recipients="b@contoh.id",
                                        sent_at=timezone.now(), attempts=1)
    client.force_login(administrator)
    assert "Kirim ulang email yang gagal" in client.get(CHANGELIST).content.decode()

    page = resend(client, given_up, sent).content.decode()

    assert "1 email dikirim ulang." in page and "1 email dilewati" in page
    assert [m.to for m in mail.outbox] == [["ani@contoh.id"]]  # after commit, through Celery
    given_up.refresh_from_db()
    assert given_up.sent_at is not None and given_up.failed_at is None and given_up.attempts == 1
    assert "dikirim ulang" in given_up.last_error and "SMTP 554 ditolak" in given_up.last_error
    sent.refresh_from_db()
    assert sent.attempts == 1  # a sent row is never sent again

    resend(client, given_up)  # now sent: refused
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("staff", [OfficerFactory, HeadFactory])
def test_officers_and_heads_who_reach_admin_may_not_resend(client, given_up, kotabaru, staff):
    person = staff(is_staff=True, office=kotabaru)
    person.user_permissions.add(Permission.objects.get(codename="view_outgoingemail"))
    client.force_login(person)
    page = client.get(CHANGELIST)
    assert page.status_code == 200 and "Kirim ulang" not in page.content.decode()
    resend(client, given_up)
    given_up.refresh_from_db()
    assert given_up.failed_at is not None and mail.outbox == []


def test_the_permission_lets_a_non_superuser_resend(client, given_up, kotabaru):
    person = OfficerFactory(is_staff=True, office=kotabaru)
    person.user_permissions.add(*Permission.objects.filter(
        codename__in=["view_outgoingemail", "resend_outgoingemail"]))
    client.force_login(person)
    resend(client, given_up)
    assert [m.to for m in mail.outbox] == [["ani@contoh.id"]]
