"""Who reaches a complaint: its office's staff, its complainant, the private link's holder."""
import pytest
from django.urls import reverse

from complaints import machine
from tests.complaints.helpers import guest_complaint
from tests.factories import OfficerFactory, VisitorFactory

pytestmark = pytest.mark.django_db


def test_another_offices_officer_gets_404(client, kaltara, officer_kotabaru):
    complaint = guest_complaint(kaltara)
    client.force_login(officer_kotabaru)
    assert client.get(reverse("complaints:staff_detail", args=[complaint.code])).status_code == 404
    assert complaint.code not in client.get(reverse("complaints:queue")).content.decode()
    client.post(reverse("complaints:staff_detail", args=[complaint.code]), {"action": "review"})
    complaint.refresh_from_db()
    assert complaint.status == "received"


def test_the_offices_officer_sees_the_queue_and_answers(client, kaltara):
    complaint = guest_complaint(kaltara)
    officer = OfficerFactory(office=kaltara)
    client.force_login(officer)
    assert complaint.code in client.get(reverse("complaints:queue")).content.decode()
    url = reverse("complaints:staff_detail", args=[complaint.code])
    page = client.get(url).content.decode()
    assert 'value="review"' in page and 'value="close"' not in page
    client.post(url, {"action": "review"})
    client.post(url, {"action": "answer", "note": "Pendingin ruangan sudah diperbaiki."})
    complaint.refresh_from_db()
    assert complaint.status == "answered" and complaint.answered_at
    assert [e.action for e in complaint.events.all()] == ["receive", "review", "answer"]
    page = client.get(url).content.decode()
    assert 'value="close"' in page and 'value="answer"' not in page


def test_a_guest_complaint_is_reached_only_through_its_private_link(client, kaltara):
    complaint = guest_complaint(kaltara)
    stranger = VisitorFactory()
    client.force_login(stranger)
    assert client.get(reverse("complaints:mine_detail", args=[complaint.code])).status_code == 404
    client.logout()
    assert client.get(reverse("complaints:mine_detail", args=[complaint.code])).status_code == 302
    assert client.get(reverse("complaints:private", args=["x" + complaint.private_token])).status_code == 404
    response = client.get(reverse("complaints:private", args=[complaint.private_token]))
    assert "Ruang tunggu rahasia" in response.content.decode()
    # the secret address is neither cached nor sent to the sites its links lead to (SP4N-LAPOR)
    assert "no-store" in response["Cache-Control"] and response["Referrer-Policy"] == "same-origin"


def test_the_complainant_closes_an_answered_complaint_by_the_link_but_not_before(client, kaltara):
    complaint = guest_complaint(kaltara)
    act = reverse("complaints:private_act", args=[complaint.private_token])
    client.post(act, {"action": "close"})
    complaint.refresh_from_db()
    assert complaint.status == "received"
    assert not machine.may(complaint, "answer", None, by_link=True)
    machine.perform(complaint, machine.ANSWER, OfficerFactory(office=kaltara), note="Sudah diperbaiki.")
    page = client.get(reverse("complaints:private", args=[complaint.private_token])).content.decode()
    assert "Tutup pengaduan" in page
    client.post(act, {"action": "close"})
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.events.last().by_complainant


def test_the_answer_form_offers_the_offices_reply_templates_filled_for_the_complainant(client, kaltara):
    from replies.models import ReplyTemplate

    ReplyTemplate.objects.create(office=kaltara, title="Permohonan maaf",
                                 body="Yth. {nama}, atas pengaduan {kode} kami mohon maaf.")
    complaint = guest_complaint(kaltara)
    client.force_login(OfficerFactory(office=kaltara))
    url = reverse("complaints:staff_detail", args=[complaint.code])
    client.post(url, {"action": "review"})
    page = client.get(url).content.decode()
    assert f"Yth. Tamu Pengadu, atas pengaduan {complaint.code} kami mohon maaf." in page
    assert 'data-reply-target="id_note"' in page and 'id="id_note"' in page
