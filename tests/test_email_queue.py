"""Email leaves through Celery, only after the transaction commits."""
import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction

from pst_portal.mail import message_to_payload, payload_to_message


@pytest.fixture
def queued_email(settings):
    settings.EMAIL_BACKEND = "pst_portal.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_email_is_sent_only_after_commit(queued_email, transactional_db):
    with transaction.atomic():
        EmailMultiAlternatives("Permintaan diterima", "Isi", to=["ani@contoh.id"]).send()
        assert mail.outbox == []
    assert [m.subject for m in mail.outbox] == ["Permintaan diterima"]


def test_email_of_a_rolled_back_transaction_is_never_sent(queued_email, transactional_db):
    with pytest.raises(RuntimeError), transaction.atomic():
        EmailMultiAlternatives("Tidak terkirim", "Isi", to=["ani@contoh.id"]).send()
        raise RuntimeError("rollback")
    assert mail.outbox == []


def test_a_message_survives_the_queue_whole():
    message = EmailMultiAlternatives(
        "Subjek", "Teks", "pst@bps.go.id", ["ani@contoh.id"], cc=["budi@contoh.id"],
        reply_to=["bps6302@bps.go.id"], headers={"X-PST": "1"},
    )
    message.attach_alternative("<p>HTML</p>", "text/html")
    message.attach("surat.pdf", b"%PDF-1.7 binary\x00", "application/pdf")
    rebuilt = payload_to_message(message_to_payload(message))
    assert (rebuilt.subject, rebuilt.body, rebuilt.to, rebuilt.cc) == (
        "Subjek", "Teks", ["ani@contoh.id"], ["budi@contoh.id"])
    assert rebuilt.reply_to == ["bps6302@bps.go.id"] and rebuilt.extra_headers == {"X-PST": "1"}
    assert rebuilt.alternatives[0][0] == "<p>HTML</p>"
    assert rebuilt.attachments[0][:2] == ("surat.pdf", b"%PDF-1.7 binary\x00")


def test_sign_up_sends_a_verification_email_through_the_queue(queued_email, client, transactional_db):
    response = client.post(
        "/akun/signup/",
        {
            "full_name": "Citra Lestari",
            "email": "citra@contoh.id",
            "password1": "Statistik-Kalsel-2026",
            "password2": "Statistik-Kalsel-2026",
        },
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["citra@contoh.id"]
    assert "/akun/confirm-email/" in mail.outbox[0].body


def test_a_broker_that_is_down_never_fails_the_transaction(
    queued_email, transactional_db, monkeypatch, caplog
):
    """The message cannot be queued, but the work that sent it is kept and the failure is logged."""
    from pst_portal import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.deliver_email, "delay", broker_down)
    with transaction.atomic():
        EmailMultiAlternatives("Permintaan diterima", "Isi", to=["ani@contoh.id"]).send()
    assert mail.outbox == []
    assert "enqueue pst_portal.tasks.deliver_email" in caplog.text
