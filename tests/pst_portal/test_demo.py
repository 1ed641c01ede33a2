"""make run's demo data: accounts for every role and a few requests, created once."""

from django.core.management import call_command

from accounts.models import User
from requests_app.models import Request, Status
from services.catalogue.loader import load_products
from services.product_sales.rules import AWAITING_PAYMENT
from services.recommendation.models import LetterTemplate


def test_demo_accounts_and_requests_are_created_once(catalogue, settings):
    load_products()
    settings.DEBUG = True
    call_command("create_demo_accounts")
    call_command("create_demo_accounts")
    assert User.objects.filter(email="petugas.6500@pst.test", office__code="6500").exists()
    from performance.demo import DEMO_MARK

    history = Request.objects.filter(purpose__startswith=DEMO_MARK)  # the performance figures' (once)
    assert history.count() == 18 and not history.exclude(office__code="6500").exists()
    requests = {r.office.code: r for r in Request.objects.exclude(pk__in=history).select_related("office")}
    assert sorted(requests) == ["6202", "6302", "6500"]
    assert requests["6500"].status == Status.IN_PROCESS and requests["6500"].due_at is not None
    assert requests["6500"].events.filter(action="message").count() == 1  # the officer's answer
    # Budi's order: confirmed and billed, the clock paused until he sends the payment proof.
    order = requests["6202"].order
    assert requests["6202"].status == AWAITING_PAYMENT and requests["6202"].clock_paused_at is not None
    assert order.total > 0 and order.billing_code and order.lines.get().variables.count() == 4
    # The agency's FS3: complete with both documents, submitted, its 30 working days running.
    recommendation = requests["6302"].recommendation
    assert requests["6302"].status == Status.SUBMITTED and requests["6302"].due_at is not None
    assert recommendation.form == "fs3" and recommendation.cover_letter and recommendation.questionnaire
    assert recommendation.rounds.count() == 1
    # The demo heads sign the letters of their offices.
    template = LetterTemplate.objects.get(office__code="6302")
    assert template.head_name == "Kepala BPS Kabupaten Kotabaru" and template.missing() == []


def test_no_demo_data_without_debug(catalogue, settings):
    settings.DEBUG = False
    call_command("create_demo_accounts")
    assert not User.objects.exists() and not Request.objects.exists()


def test_the_demo_shows_a_reminder_and_an_escalation_on_its_own(catalogue, settings,
                                                                django_capture_on_commit_callbacks):
    """What beat does in the first minutes of ``make run``: Ani's week-old consultation is overdue
    (the head of 6500 hears of it) and Budi's week-old bill reminds him."""
    from django.core import mail

    from requests_app import reminders

    load_products()
    settings.DEBUG = True
    call_command("create_demo_accounts")
    mail.outbox.clear()
    # The notifier emails them once their transactions commit (the test's own never does).
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.sweep_deadlines()["overdue"] == 1
        assert sum(reminders.remind_visitors().values()) == 1
    assert [m for m in mail.outbox if "kepala.6500@pst.test" in m.bcc]
    assert [m for m in mail.outbox if "budi@contoh.id" in m.to]
