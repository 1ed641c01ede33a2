"""The response deadline in the office's working days; the reminder and the escalation, each once."""
import datetime

import pytest
from django.core import mail
from django.urls import reverse

from complaints import filing, reminders
from complaints.complaint_models import ComplaintChannel, ComplaintSettings, Subject
from tests.complaints.helpers import guest_complaint, wita
from tests.factories import HeadFactory, OfficerFactory

pytestmark = pytest.mark.django_db


def test_the_deadline_counts_working_days_across_a_weekend_and_a_holiday(kaltara):
    # Friday 14 August 2026; Monday 17 August is Independence Day.
    due_at, remind_from = filing.deadline(kaltara, wita(2026, 8, 14, 10, 0), 5)
    due_local = due_at.astimezone(kaltara.zone)
    assert due_local.date() == datetime.date(2026, 8, 24)  # Tue 18, Wed 19, Thu 20, Fri 21, Mon 24
    assert remind_from.astimezone(kaltara.zone).date() == datetime.date(2026, 8, 21)


def test_the_offices_own_limit_is_used_and_the_head_sets_it(client, kaltara, clock):
    clock.move_to("2026-08-14T02:00:00Z")  # Friday 10.00 WITA
    head = HeadFactory(office=kaltara)
    client.force_login(head)
    client.post(reverse("complaints:settings"), {"response_days": "2"})
    assert ComplaintSettings.objects.get(office=kaltara).response_days == 2
    complaint = guest_complaint(kaltara)
    assert complaint.response_days == 2
    assert complaint.due_at.astimezone(kaltara.zone).date() == datetime.date(2026, 8, 19)


def test_an_officer_cannot_change_the_limit(client, kaltara):
    client.force_login(OfficerFactory(office=kaltara))
    assert client.post(reverse("complaints:settings"), {"response_days": "30"}).status_code == 403
    assert not ComplaintSettings.objects.exists()


def test_reminder_before_due_and_escalation_when_late_each_sent_once(kaltara, clock, committing):
    clock.move_to("2026-08-14T02:00:00Z")
    OfficerFactory(office=kaltara, email="petugas.x@bps.go.id")
    HeadFactory(office=kaltara, email="kepala.x@bps.go.id")
    complaint = guest_complaint(kaltara)
    mail.outbox.clear()
    assert reminders.sweep_complaint_deadlines(wita(2026, 8, 20, 9, 0)) == {"reminders": 0, "escalations": 0}
    on_the_last_day = wita(2026, 8, 24, 9, 0)
    with committing():
        assert reminders.sweep_complaint_deadlines(on_the_last_day) == {"reminders": 1, "escalations": 0}
        assert reminders.sweep_complaint_deadlines(on_the_last_day) == {"reminders": 0, "escalations": 0}
    [reminder] = mail.outbox
    assert reminder.bcc == ["petugas.x@bps.go.id"] and "Pengingat" in reminder.subject
    late = wita(2026, 8, 25, 9, 0)
    with committing():
        assert reminders.sweep_complaint_deadlines(late) == {"reminders": 0, "escalations": 1}
        assert reminders.sweep_complaint_deadlines(late) == {"reminders": 0, "escalations": 0}
    assert mail.outbox[1].bcc == ["kepala.x@bps.go.id"] and "Eskalasi" in mail.outbox[1].subject
    assert len(mail.outbox) == 2
    assert [e.action for e in complaint.events.filter(is_internal=True)] == ["reminder", "escalation"]


def test_an_answered_complaint_is_neither_reminded_nor_escalated(kaltara, clock):
    clock.move_to("2026-08-14T02:00:00Z")
    complaint = guest_complaint(kaltara)
    from complaints import machine

    machine.perform(complaint, machine.ANSWER, OfficerFactory(office=kaltara), note="Terima kasih.")
    assert reminders.sweep_complaint_deadlines(wita(2026, 9, 30, 9, 0)) == {"reminders": 0, "escalations": 0}


def test_the_head_sees_escalations(client, kaltara, clock):
    clock.move_to("2026-08-14T02:00:00Z")
    complaint = guest_complaint(kaltara)
    reminders.sweep_complaint_deadlines(wita(2026, 8, 25, 9, 0))
    client.force_login(HeadFactory(office=kaltara))
    page = client.get(reverse("complaints:queue")).content.decode()
    assert "Eskalasi kepada Anda" in page and page.count(f'href="/petugas/pengaduan/{complaint.code}/"') == 2


def test_an_officer_records_a_lapor_complaint_with_its_reference(client, kaltara):
    officer = OfficerFactory(office=kaltara)
    client.force_login(officer)
    url = reverse("complaints:record")
    base = {"channel": "lapor", "subject": "fee", "text": "Diminta biaya untuk data gratis."}
    response = client.post(url, base)
    assert response.status_code == 200 and "Isi nomor pengaduan SP4N-LAPOR" in response.content.decode()
    response = client.post(url, {**base, "lapor_reference": "LPR-2026-0042"})
    complaint = kaltara.complaints.get()
    assert response.url == reverse("complaints:staff_detail", args=[complaint.code])
    assert complaint.channel == ComplaintChannel.LAPOR and complaint.lapor_reference == "LPR-2026-0042"
    assert complaint.recorded_by == officer and complaint.subject == Subject.FEE
    page = client.get(response.url).content.decode()
    assert "LPR-2026-0042" in page and "SP4N-LAPOR" in page


def test_the_officers_workspace_counts_open_and_late_complaints(client, kaltara, clock):
    clock.move_to("2026-08-14T02:00:00Z")
    guest_complaint(kaltara)
    clock.move_to("2026-08-25T02:00:00Z")  # past its deadline (Monday 24 August)
    guest_complaint(kaltara)
    client.force_login(OfficerFactory(office=kaltara))
    page = client.get(reverse("requests_app:officer_workspace")).content.decode()
    assert "2 pengaduan terbuka" in page and "1 melewati tenggat" in page
    assert reverse("complaints:queue") in page
