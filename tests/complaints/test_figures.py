"""complaints.figures.complaint_figures on constructed complaints."""
import datetime

import pytest

from complaints import machine
from complaints.complaint_models import ComplaintChannel, Subject
from complaints.figures import complaint_figures
from complaints.filing import record_other_channel
from tests.complaints.helpers import wita
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def test_figures_count_received_answered_on_time_open_and_overdue(kaltara, clock):
    officer = OfficerFactory(office=kaltara)
    clock.move_to("2026-08-03T02:00:00Z")  # Monday 3 August, 10.00 WITA: due Monday 10 August
    on_time, late, still_open, by_box = (
        record_other_channel(officer=officer, channel=channel, subject=Subject.OTHER, text=f"Keluhan {n}")
        for n, channel in enumerate(["email", "email", "email", "box"]))
    clock.move_to("2026-08-05T02:00:00Z")  # two working days later
    machine.perform(on_time, machine.ANSWER, officer, note="Jawaban.")
    clock.move_to("2026-08-12T02:00:00Z")  # seven working days later: late
    machine.perform(late, machine.ANSWER, officer, note="Jawaban.")
    clock.move_to("2026-09-01T02:00:00Z")
    record_other_channel(officer=officer, channel="email", subject=Subject.OTHER, text="September")
    august = complaint_figures(kaltara, datetime.date(2026, 8, 1), datetime.date(2026, 8, 31),
                               now=wita(2026, 8, 20, 9, 0))
    assert (august.received, august.answered, august.answered_within_deadline) == (4, 2, 1)
    assert (august.open, august.open_overdue) == (2, 2)
    assert august.median_working_days_to_answer == 4.5  # 2 and 7
    assert august.within_deadline_percent == 50.0
    by_email = complaint_figures(kaltara, datetime.date(2026, 8, 1), datetime.date(2026, 8, 31),
                                 channel=ComplaintChannel.EMAIL)
    assert by_email.received == 3
    about_consultation = complaint_figures(kaltara, datetime.date(2026, 8, 1), datetime.date(2026, 8, 31),
                                           service_slug="konsultasi")
    assert about_consultation.received == 0
    assert still_open.is_open and by_box.channel == "box"
