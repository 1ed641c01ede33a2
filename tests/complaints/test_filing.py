"""Filing a complaint on the portal, signed in or not, and following it."""
import uuid

import pytest
from django.core import mail
from django.urls import reverse

from complaints.complaint_models import Complaint, ComplaintStatus
from tests.requests_helpers import file_request, pdf

pytestmark = pytest.mark.django_db


def form(office, **extra):
    data = {"office": office.pk, "subject": "conduct", "text": "Petugas tidak ramah saat saya bertanya.",
            "token": str(uuid.uuid4())}
    data.update(extra)
    return data


def test_a_visitor_not_signed_in_files_with_a_contact_and_gets_a_private_link(client, kaltara, committing):
    data = form(kaltara, full_name="Tamu Pengadu", email="Tamu@Contoh.id", files=[pdf("bukti.pdf")])
    with committing():
        response = client.post(reverse("complaints:new"), data)
    complaint = Complaint.objects.get()
    assert response.url == reverse("complaints:private", args=[complaint.private_token])
    assert complaint.complainant is None and complaint.email == "tamu@contoh.id"
    assert complaint.code.startswith("P-6500-") and complaint.status == ComplaintStatus.RECEIVED
    page = client.get(response.url).content.decode()
    assert complaint.code in page and "Petugas tidak ramah" in page and "Simpan alamat halaman ini" in page
    assert "lapor.go.id" in page and "bukti.pdf" in page
    attachment = complaint.attachments.get()
    url = reverse("complaints:private_file", args=[complaint.private_token, attachment.token])
    download = client.get(url)
    assert download["Content-Disposition"].startswith("attachment")
    [email] = mail.outbox
    assert email.to == ["tamu@contoh.id"] and complaint.code in email.subject
    assert complaint.private_token in email.body


def test_without_a_contact_the_form_asks_for_one(client, kaltara):
    response = client.post(reverse("complaints:new"), form(kaltara, full_name="Tamu"))
    assert response.status_code == 200
    assert "Isi email atau nomor telepon" in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_signed_in_visitor_files_and_sees_it_in_their_account(client, kaltara, visitor_ani):
    client.force_login(visitor_ani)
    response = client.post(reverse("complaints:new"), form(kaltara))
    complaint = Complaint.objects.get()
    assert complaint.complainant == visitor_ani
    assert response.url == reverse("complaints:mine_detail", args=[complaint.code])
    assert complaint.code in client.get(reverse("complaints:mine")).content.decode()
    # a complaint made from an account is never reachable by its private link
    assert client.get(reverse("complaints:private", args=[complaint.private_token])).status_code == 404


def test_sending_the_form_twice_makes_one_complaint(client, kaltara):
    data = form(kaltara, full_name="Tamu", phone="0812 3456 7890")
    first = client.post(reverse("complaints:new"), data)
    second = client.post(reverse("complaints:new"), data)
    assert Complaint.objects.count() == 1 and first.url == second.url


def test_a_complaint_about_a_request_is_linked_to_the_complainants_own_request(client, kaltara, visitor_ani,
                                                                              visitor_budi):
    ani_request = file_request(visitor_ani)
    client.force_login(visitor_budi)
    about = form(kaltara, subject="request", request_code=ani_request.code)
    refused = client.post(reverse("complaints:new"), about)
    assert refused.status_code == 200 and not Complaint.objects.exists()
    client.logout()
    by_email = form(kaltara, subject="request", request_code=ani_request.code.lower(), full_name="Ani",
                    email="ani@contoh.id")
    client.post(reverse("complaints:new"), by_email)
    assert Complaint.objects.get().request == ani_request
    wrong_email = form(kaltara, subject="request", request_code=ani_request.code, full_name="X",
                       email="orang.lain@contoh.id")
    assert client.post(reverse("complaints:new"), wrong_email).status_code == 200
    assert Complaint.objects.count() == 1


def test_an_attachment_of_the_wrong_type_is_refused(client, kaltara):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("bukti.pdf", b"<html><script>alert(1)</script></html>",
                              content_type="application/pdf")
    response = client.post(reverse("complaints:new"), form(kaltara, full_name="Tamu", phone="081234567890",
                                                           files=[fake]))
    assert response.status_code == 200 and "bukan PDF" in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_complainant_is_emailed_the_answer_in_their_language(client, kaltara, visitor_ani, committing):
    from complaints import machine
    from tests.factories import OfficerFactory

    client.post("/bahasa/", {"language": "en", "next": "/"})
    client.force_login(visitor_ani)
    with committing():
        client.post(reverse("complaints:new"), form(kaltara))
    complaint = Complaint.objects.get()
    assert complaint.language == "en"
    with committing():
        machine.perform(complaint, machine.ANSWER, OfficerFactory(office=kaltara), note="We fixed it.")
    received, answered = mail.outbox
    assert received.to == ["ani@contoh.id"] and "received" in received.subject.lower()
    assert "answered" in answered.subject.lower() and "We fixed it." in answered.body
