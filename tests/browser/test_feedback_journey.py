"""Issue 18's browser journey: a visitor rates their finished request from its page and files a complaint
about it; the head then sees both on the office's dashboard (the IKM with its respondent, the complaint
received), each through the real pages in Chromium."""
import re

import pytest
from django.db import transaction
from playwright.sync_api import Page, expect

from complaints.models import Complaint, Rating
from complaints.rating_forms import QUESTIONS
from requests_app import workflow
from services.catalogue.models import Office
from tests.browser.test_request_journey import sign_in
from tests.factories import HeadFactory, OfficerFactory, ProfiledVisitorFactory
from tests.requests_helpers import file_request


def finished_request(visitor, office):
    officer = OfficerFactory(office=office)
    with transaction.atomic():
        request = file_request(visitor, office.code, "konsultasi")
    workflow.perform(request, workflow.Action.PROCESS, officer)
    workflow.perform(request, workflow.Action.COMPLETE, officer, note="Datanya ada di publikasi daerah.")
    return request


@pytest.mark.browser
def test_a_rating_and_a_complaint_reach_the_heads_dashboard(transactional_db, live_server, catalogue,
                                                           page: Page, browser):
    office = Office.objects.get(code="6500")
    visitor = ProfiledVisitorFactory(email="wulan@contoh.id", full_name="Wulan Sari")
    request = finished_request(visitor, office)
    sign_in(page, live_server.url, visitor.email)
    page.goto(f"{live_server.url}{request.get_absolute_url()}")
    panel = page.locator("section", has=page.get_by_role("heading", name="Nilai layanan ini"))
    panel.get_by_role("link", name="Nilai layanan ini").click()
    for question, *_rest in QUESTIONS.values():
        group = page.get_by_role("group", name=re.compile(re.escape(str(question))))
        group.locator("label").nth(3).click()  # the best answer of each element (a button-like label)
    page.get_by_role("button", name="Kirim penilaian").click()
    expect(page.get_by_text("Terima kasih atas penilaian Anda.")).to_be_visible()  # back on the request page
    assert Rating.objects.get(request=request).requirements == 4

    page.goto(f"{live_server.url}/pengaduan/ajukan/")
    page.get_by_label("Kantor yang diadukan").select_option(label="6500 BPS Provinsi Kalimantan Utara")
    page.get_by_label("Permintaan layanan tertentu").check()
    page.get_by_label("Kode pelacakan permintaan").fill(request.code)
    page.get_by_label("Isi pengaduan").fill("Jawaban datang tepat waktu, tetapi tabelnya kurang lengkap.")
    page.get_by_role("button", name="Kirim pengaduan").click()
    expect(page.get_by_role("heading", name="Pengaduan Anda")).to_be_visible()
    complaint = Complaint.objects.get()
    assert complaint.request == request and complaint.complainant == visitor

    head = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(head, live_server.url, HeadFactory(office=office).email)
    head.goto(f"{live_server.url}/kepala/kinerja/")
    ikm = head.locator("section", has=head.get_by_role("heading", name="Indeks Kepuasan Masyarakat (IKM)"))
    expect(ikm).to_contain_text("100,00")
    expect(ikm).to_contain_text("1 responden")
    complaints = head.locator("section", has=head.get_by_role("heading", name="Pengaduan", exact=True))
    expect(complaints.get_by_role("row").last).to_contain_text(re.compile(r"Jumlah\s*1\s*0"))
