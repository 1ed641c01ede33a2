"""Email leaves through Celery, only after the transaction commits."""
import datetime

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.utils import timezone

from pst_portal.outbox import message_to_payload, payload_to_message
from pst_portal.tasks import drain_outbox

MINUTES_AGO = datetime.timedelta(minutes=2)


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


# --- The outbox: nothing lost when the broker is down, nothing sent twice ---------------------


def _broker_down(*args, **kwargs):
    raise ConnectionError("broker unreachable")


def test_an_email_the_broker_did_not_take_leaves_once_the_outbox_is_drained(
    queued_email, transactional_db, monkeypatch
):
    import datetime

    from django.utils import timezone

    from pst_portal import tasks
    from pst_portal.models import JobRun, OutgoingEmail

    with monkeypatch.context() as down:
        down.setattr(tasks.deliver_email, "delay", _broker_down)
        with transaction.atomic():
            EmailMultiAlternatives("Permintaan diterima", "Isi", to=["ani@contoh.id"]).send()
    row = OutgoingEmail.objects.get()
    assert row.sent_at is None and mail.outbox == []

    tasks.drain_outbox()  # too soon: the first hand-over may still be on its way
    assert mail.outbox == []
    OutgoingEmail.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    tasks.drain_outbox()
    tasks.drain_outbox()  # a second run, or an overlapping one, sends nothing again
    assert [m.subject for m in mail.outbox] == ["Permintaan diterima"]
    assert OutgoingEmail.objects.get().sent_at is not None
    runs = JobRun.objects.filter(name="drain_outbox").order_by("started_at")
    assert [run.counts["emails"] for run in runs] == [0, 1, 0] and all(run.finished_at for run in runs)


def test_an_outbox_row_handed_over_twice_is_sent_once(queued_email, transactional_db):
    from pst_portal.models import OutgoingEmail
    from pst_portal.tasks import deliver_email

    with transaction.atomic():
        EmailMultiAlternatives("Sekali saja", "Isi", to=["ani@contoh.id"]).send()
    row = OutgoingEmail.objects.get()
    assert deliver_email(row.pk) == 0  # already sent on commit
    assert [m.subject for m in mail.outbox] == ["Sekali saja"]


def test_a_refusing_mail_server_is_recorded_and_the_row_waits(queued_email, transactional_db, settings):
    from pst_portal.models import OutgoingEmail
    from pst_portal.tasks import deliver_email

    settings.EMAIL_DELIVERY_BACKEND = "tests.requests_app.test_deadlines.FailingMailServer"
    with transaction.atomic():
        EmailMultiAlternatives("Menunggu", "Isi", to=["ani@contoh.id"]).send()
    row = OutgoingEmail.objects.get()
    assert row.sent_at is None and row.attempts == 1 and "Service not available" in row.last_error
    assert row.next_attempt_at > row.created_at  # waits its back-off, then the drain tries again
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_email(row.pk) == 0  # too early: handed over again now, it still waits
    OutgoingEmail.objects.update(next_attempt_at=timezone.now(), created_at=timezone.now() - MINUTES_AGO)
    drain_outbox()
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 2 and [m.subject for m in mail.outbox] == ["Menunggu"]


def test_an_email_refused_again_and_again_is_given_up_and_no_longer_holds_the_health(
    queued_email, transactional_db, settings, client
):
    from pst_portal.models import OutgoingEmail

    settings.EMAIL_DELIVERY_BACKEND = "tests.requests_app.test_deadlines.FailingMailServer"
    with transaction.atomic():
        EmailMultiAlternatives("Alamat ditolak", "Isi", to=["salah@contoh.id"]).send()
    for _ in range(OutgoingEmail.MAX_ATTEMPTS):
        OutgoingEmail.objects.update(next_attempt_at=timezone.now(), created_at=timezone.now() - MINUTES_AGO)
        drain_outbox()
    row = OutgoingEmail.objects.get()
    assert row.attempts == OutgoingEmail.MAX_ATTEMPTS and row.failed_at is not None and row.sent_at is None
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())
    drain_outbox()
    assert OutgoingEmail.objects.get().attempts == OutgoingEmail.MAX_ATTEMPTS  # given up: not tried again
    assert client.get("/healthz").json()["checks"]["outbox"] == "ok"


def test_a_submission_while_the_broker_is_down_is_kept_and_notified_once_it_is_back(
    queued_email, transactional_db, client, monkeypatch
):
    """The visitor's page succeeds with the broker down; the drain sends the emails once, later."""
    import datetime

    from django.utils import timezone

    from pst_portal import tasks
    from requests_app import tasks as request_tasks
    from requests_app.models import RequestEvent, Status
    from services.catalogue.loader import load_catalogue
    from tests.factories import ProfiledVisitorFactory
    from tests.requests_helpers import file_request

    load_catalogue()
    visitor = ProfiledVisitorFactory()
    draft = file_request(visitor, "6500", "konsultasi", submit=False)
    client.force_login(visitor)
    with monkeypatch.context() as down:
        down.setattr(request_tasks.send_event_notifications, "delay", _broker_down)
        down.setattr(tasks.deliver_email, "delay", _broker_down)
        response = client.post(f"/permintaan/{draft.code}/periksa/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED and mail.outbox == []
    RequestEvent.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    tasks.drain_outbox()
    tasks.drain_outbox()
    assert [m.to for m in mail.outbox] == [[visitor.email]]
    assert RequestEvent.objects.get(action="submit").notified_at is not None


# --- The mail server is never called with a row lock or a transaction held ---------------------

class RecordingMailServer(BaseEmailBackend):
    """A mail server that notes, for each message, whether a database transaction was open."""

    in_transaction = []
    messages = []

    def send_messages(self, email_messages):
        type(self).in_transaction.extend(connection.in_atomic_block for _ in email_messages)
        type(self).messages.extend(email_messages)
        return len(email_messages)


@pytest.fixture
def recording_mail_server(queued_email, settings):
    settings.EMAIL_DELIVERY_BACKEND = "tests.pst_portal.test_email_queue.RecordingMailServer"
    RecordingMailServer.in_transaction, RecordingMailServer.messages = [], []
    return RecordingMailServer


def test_the_mail_server_is_called_outside_any_transaction(recording_mail_server, transactional_db):
    from pst_portal.models import OutgoingEmail

    with transaction.atomic():
        EmailMultiAlternatives("Permintaan diterima", "Isi", to=["ani@contoh.id"]).send()
    assert recording_mail_server.in_transaction == [False]
    row = OutgoingEmail.objects.get()
    assert row.sent_at is not None and row.sending_since is None and row.attempts == 1


def test_a_request_step_reaches_the_mail_server_outside_any_transaction(recording_mail_server,
                                                                        transactional_db):
    """The whole path of a step's email: perform, the notifier, the outbox, the delivery."""
    from services.catalogue.loader import load_catalogue
    from tests.factories import ProfiledVisitorFactory
    from tests.requests_helpers import file_request

    load_catalogue()
    file_request(ProfiledVisitorFactory())
    assert recording_mail_server.in_transaction and not any(recording_mail_server.in_transaction)
    # The message left the outbox whole: its text and its HTML part.
    for message in recording_mail_server.messages:
        assert message.body and [mimetype for _, mimetype in message.alternatives] == ["text/html"]


def test_a_row_claimed_by_a_worker_that_died_is_sent_once_the_claim_expires(queued_email, transactional_db,
                                                                          monkeypatch):
    from pst_portal import tasks
    from pst_portal.models import OutgoingEmail

    monkeypatch.setattr(tasks.deliver_email, "delay", _broker_down)
    with transaction.atomic():
        EmailMultiAlternatives("Setelah pekerja mati", "Isi", to=["ani@contoh.id"]).send()
    # A worker claimed the row a minute ago and is (perhaps) still talking to the mail server.
    OutgoingEmail.objects.update(sending_since=timezone.now() - datetime.timedelta(minutes=1),
                                 created_at=timezone.now() - MINUTES_AGO)
    assert tasks.deliver_email(OutgoingEmail.objects.get().pk) == 0
    monkeypatch.undo()
    drain_outbox()
    assert mail.outbox == []  # a live claim: nobody else sends it
    # The worker was killed: after a few minutes its claim expires and the drain sends the row.
    OutgoingEmail.objects.update(sending_since=timezone.now() - datetime.timedelta(minutes=6))
    drain_outbox()
    drain_outbox()
    assert [m.subject for m in mail.outbox] == ["Setelah pekerja mati"]
    row = OutgoingEmail.objects.get()
    assert row.sent_at is not None and row.sending_since is None
