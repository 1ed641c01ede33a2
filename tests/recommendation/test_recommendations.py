"""Rekomendasi Kegiatan Statistik: the form, review rounds, the letter, verification, the register."""
import datetime
import hashlib
import re
import shutil
import subprocess
import threading
import time
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse

from accounts.models import Role, User
from requests_app import workflow
from requests_app.models import CODE_ALPHABET, ClockPause, Request, Status
from requests_app.registry import service_for_slug
from services.catalogue.calendar import WorkingCalendar
from services.catalogue.models import Channel, Office
from services.recommendation import letters, recommendations
from services.recommendation import rounds as review_rounds
from services.recommendation.models import (
    Letter,
    LetterSequence,
    LetterTemplate,
    ReviewRound,
    new_letter_code,
)
from tests.conftest import require
from tests.factories import AgencyVisitorFactory, HeadFactory, OfficerFactory, ProfiledVisitorFactory
from tests.requests_helpers import (
    EXE_BYTES,
    FPKPA_ANSWERS,
    FS3_ANSWERS,
    PNG_BYTES,
    at_the_desk,
    complete_letter_template,
    docx,
    file_recommendation,
    file_walk_in_recommendation,
    fill_sections,
    pdf,
    standard,
)

WITA = ZoneInfo("Asia/Makassar")  # Kotabaru and Banjarmasin
MONDAY = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=WITA)  # a working day in Kotabaru
APPROVED_AT = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=WITA)
HEAD_NAME = "Dr. Hendra Wijaya, S.ST., M.Si."
HEAD_NIP = "197805122000121001"
SECTION_KEYS_FS3 = ("organiser", "persons", "general", "variables", "design", "sample", "collection",
                    "processing", "dissemination", "attachments")
LETTER_CODE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$")


@pytest.fixture
def agency(catalogue):
    return AgencyVisitorFactory()


@pytest.fixture
def other_agency(catalogue):
    return AgencyVisitorFactory(institution="Pemerintah Kabupaten Tanah Bumbu", agency_unit="Bappeda")


@pytest.fixture
def head_banjarmasin(banjarmasin):
    return HeadFactory(email="kepala.banjarmasin@bps.go.id", office=banjarmasin)


@pytest.fixture
def quick_pdf(monkeypatch):
    """The letter's PDF without WeasyPrint (for tests about numbering, access and the register):
    a few bytes naming the number, so each letter's fingerprint differs."""

    def render(letter, *, draft=False):
        label = f"{letter.number or 'DRAF'} {letter.code}"
        return b"%PDF-1.7\n% " + label.encode() + b"\n%%EOF\n"

    monkeypatch.setattr(letters, "render_letter", render)


# ---------------------------------------------------------------- helpers


def form_url(request, key=None):
    if key is None:
        return reverse("recommendation:recommendation_form", args=[request.code])
    return reverse("recommendation:recommendation_section", args=[request.code, key])


def html(response):
    return response.content.decode()


def declare_feasible(request, officer):
    recommendations.review(request, officer, feasible=True, checklist={}, section_notes={}, note="")
    request.refresh_from_db()


def send_for_approval(request, officer):
    letters.draft_letter(request, officer, subject="Rekomendasi Kegiatan Statistik",
                                 addressee="Yth. Kepala Dinas", body="Isi surat.\n\nParagraf kedua.")
    workflow.perform(request, workflow.Action.REQUEST_APPROVAL, officer)
    request.refresh_from_db()
    return request


def awaiting_approval(agency, officer):
    """An online FS3 of ``agency`` in Kotabaru, declared feasible, its letter awaiting the head."""
    request = file_recommendation(agency)
    declare_feasible(request, officer)
    return send_for_approval(request, officer)


def walk_in_awaiting_approval(agency, officer, **kwargs):
    request = file_walk_in_recommendation(agency, officer, **kwargs)
    declare_feasible(request, officer)
    return send_for_approval(request, officer)


def approve(request, head, now=None):
    workflow.perform(request, workflow.Action.APPROVE, head, now=now)
    request.refresh_from_db()
    return Letter.objects.get(request=request)


def section_data(key, **changes):
    data = {**FS3_ANSWERS[key], **changes}
    return {name: value for name, value in data.items() if value is not None}


def variable_rows(*rows):
    """The variables section as its page posts it: the formset's management form, then each row."""
    data = {"variables-TOTAL_FORMS": str(len(rows)), "variables-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"variables-{index}-{column}": value for column, value in row.items()})
    return data


def review_data(request, outcome, notes=None, note=""):
    """What the officer's review panel posts: every section ticked except those with a note."""
    notes = notes or {}
    data = {"version": request.version, "outcome": outcome, "note": note}
    for key in SECTION_KEYS_FS3:
        if key in notes:
            data[f"note_{key}"] = notes[key]
        else:
            data[f"ok_{key}"] = "on"
    return data


def pdf_text(path):
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_a_recommendation_from_form_to_issued_letter(agency, officer_kotabaru, head_kotabaru,
                                                    django_capture_on_commit_callbacks, mailoutbox):
    complete_letter_template()
    request = file_recommendation(agency)
    assert request.status == Status.SUBMITTED and request.due_at is not None
    recommendations.review(request, officer_kotabaru, feasible=False, checklist={},
                           section_notes={"sample": "Jelaskan kerangka sampel."}, note="")
    request.refresh_from_db()
    assert request.status == Status.RETURNED and request.is_paused
    workflow.perform(request, "resubmit", agency, note="Kerangka diperjelas.")
    request.refresh_from_db()
    recommendations.review(request, officer_kotabaru, feasible=True, checklist={}, section_notes={}, note="")
    request.refresh_from_db()
    letters.draft_letter(request, officer_kotabaru, subject="Rekomendasi", addressee="Yth. Kepala",
                                 body="Isi surat.")
    workflow.perform(request, "request_approval", officer_kotabaru)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(request, "approve", head_kotabaru)
    letter = Letter.objects.get(request=request)
    assert letter.is_issued and letter.number.startswith("B-001/6302/")
    content = letter.pdf.read()
    assert hashlib.sha256(content).hexdigest() == letter.sha256
    assert letter.number in mailoutbox[-1].body


# ---------------------------------------------------------------- who may ask for a recommendation


def test_only_a_government_agency_may_start_a_recommendation(client, catalogue):
    student = ProfiledVisitorFactory(institution="Universitas Lambung Mangkurat")
    client.force_login(student)
    url = reverse("requests_app:new", args=["6302", "rekomendasi"])
    refused = client.get(url)
    assert refused.status_code == 403
    assert "hanya untuk instansi pemerintah" in html(refused)
    assert "Instansi pemerintah" in html(refused)  # where to change it
    posted = client.post(url, {"form": "fs3", "submission_token": str(uuid.uuid4())})
    assert posted.status_code == 403
    assert not Request.objects.filter(visitor=student).exists()

    agency = AgencyVisitorFactory()
    client.force_login(agency)
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="form"' in html(page) and 'name="submission_token"' in html(page)


def test_a_government_visitor_without_a_work_unit_is_sent_to_the_profile_first(client, catalogue):
    agency = AgencyVisitorFactory(agency_unit="")
    client.force_login(agency)
    url = reverse("requests_app:new", args=["6302", "rekomendasi"])
    response = client.post(url, {"form": "fs3", "submission_token": str(uuid.uuid4())})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:profile"))
    assert not Request.objects.filter(visitor=agency).exists()
    # The service itself says why, should such an account reach it another way.
    assert "unit kerja" in service_for_slug("rekomendasi").filing_refusal(agency)


def test_an_office_with_only_a_desk_sends_no_online_form(client, agency):
    client.force_login(agency)
    response = client.get(reverse("requests_app:new", args=["6371", "rekomendasi"]))
    assert response.status_code == 404


def test_the_start_form_sent_twice_makes_one_draft_with_the_profile_filled_in(client, agency):
    client.force_login(agency)
    url = reverse("requests_app:new", args=["6302", "rekomendasi"])
    data = {"form": "fs3", "submission_token": str(uuid.uuid4())}
    first = client.post(url, data)
    second = client.post(url, data)
    draft = Request.objects.get(visitor=agency)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == form_url(draft)
    assert draft.status == Status.DRAFT and draft.recommendation.form == "fs3"
    organiser = draft.recommendation.answers["organiser"]
    assert organiser["agency"] == "Pemerintah Kabupaten Kotabaru" and organiser["unit"] == "Dinas Kesehatan"
    # The draft is offered again on the start page.
    assert draft.code in html(client.get(url))


def test_someone_elses_submission_token_does_not_open_their_draft(client, agency, other_agency):
    token = str(uuid.uuid4())
    url = reverse("requests_app:new", args=["6302", "rekomendasi"])
    client.force_login(agency)
    client.post(url, {"form": "fs3", "submission_token": token})
    client.force_login(other_agency)
    response = client.post(url, {"form": "fs3", "submission_token": token})
    assert response.status_code == 404
    assert not Request.objects.filter(visitor=other_agency).exists()


# ---------------------------------------------------------------- the sections


@pytest.fixture
def draft(client, agency):
    """A new FS3 draft of ``agency`` in Kotabaru (only the organiser's details from the profile)."""
    request = recommendations.start(agency, standard("6302", "rekomendasi"), "fs3", uuid.uuid4())
    client.force_login(agency)
    return request


def marked_errors(page):
    return re.findall(r'id="error_\d+_id_(\w+)"', page) + re.findall(r'is-invalid', page)


@pytest.mark.parametrize("key", ["organiser", "persons"])
def test_a_first_visit_to_a_section_filled_from_the_profile_shows_no_errors(client, draft, key):
    first = client.get(form_url(draft, key))
    assert first.status_code == 200
    page = html(first)
    assert "Dinas Kesehatan" in page or draft.visitor.email in page  # taken from the profile
    assert marked_errors(page) == [] and "error-summary" not in page
    # Saved incomplete, the page marks what is still missing.
    data = {name: value for name, value in draft.recommendation.answers[key].items() if value}
    assert client.post(form_url(draft, key), {**data, "save": "1"}).status_code == 302
    again = html(client.get(form_url(draft, key)))
    assert marked_errors(again)


def test_months_are_written_out_in_the_language_of_the_page(client, agency):
    from services.catalogue.formatting import month_name

    assert month_name("2027-01", "id") == "Januari 2027" and month_name("2027-01", "en") == "January 2027"
    assert month_name("bukan bulan") == "bukan bulan"
    draft = file_recommendation(agency, submit=False)
    client.force_login(agency)
    url = reverse("requests_app:check", args=[draft.code])
    page = html(client.get(url))
    assert "Januari 2027" in page and "Agustus 2027" in page and "2027-01" not in page
    client.post("/bahasa/", {"language": "en", "next": url})
    english = html(client.get(url))
    assert "January 2027" in english and "August 2027" in english and "2027-01" not in english


def test_the_check_page_offers_the_statements_before_the_answers_and_links_them_from_the_errors(
        client, agency):
    draft = file_recommendation(agency, submit=False)
    client.force_login(agency)
    url = reverse("requests_app:check", args=[draft.code])
    requirements = list(draft.section.requirements_for(agency.segment))
    page = html(client.get(url))
    first_tick = page.index(f'id="id_confirm_{requirements[0].pk}"')
    assert first_tick < page.index('id="answers-organiser"') < page.index("Kirim formulir</button>")
    unticked = html(client.post(url, {}))
    summary = unticked[unticked.index('id="error-summary"'):]
    summary = summary[:summary.index("</div>")]
    for requirement in requirements:
        assert f'href="#id_confirm_{requirement.pk}"' in summary
        assert f'id="id_confirm_{requirement.pk}"' in unticked
    assert unticked.index('id="error-summary"') < unticked.index('id="answers-organiser"')


def test_an_end_month_before_the_start_month_is_shown_next_to_the_field(client, draft):
    data = section_data("general", collection_start="2027-04", collection_end="2027-03")
    response = client.post(form_url(draft, "general"), {**data, "continue": "1"})
    assert response.status_code == 400
    page = html(response)
    message = "Bulan selesai tidak boleh sebelum bulan mulai."
    assert message in page
    # The message belongs to the end month's field (crispy ties it to the input by id).
    error = re.search(r'<[^>]+id="error_1_id_collection_end"[^>]*>(.*?)</', page, re.S)
    assert error is not None and message in error.group(1)
    assert "sudah disimpan sebagai draf" in page
    draft.recommendation.refresh_from_db()
    assert draft.recommendation.answers["general"]["collection_end"] == "2027-03"
    assert "general" not in draft.recommendation.completed_sections


def test_an_invalid_section_is_kept_as_a_draft_and_shown_again_as_typed(client, draft):
    typed = "Terlalu singkat."
    response = client.post(form_url(draft, "general"), {**section_data("general", background=typed),
                                                        "save": "1"})
    assert response.status_code == 302 and response["Location"] == form_url(draft)
    draft.recommendation.refresh_from_db()
    assert draft.recommendation.answers["general"]["background"] == typed
    assert draft.recommendation.title == FS3_ANSWERS["general"]["activity_title"]
    again = client.get(form_url(draft, "general"))
    assert again.status_code == 200
    page = html(again)
    assert typed in page and FS3_ANSWERS["general"]["objectives"] in page
    assert "error_1_id_background" in page  # what is still missing is marked
    # Fixed, it counts as done and the next incomplete section follows.
    fixed = client.post(form_url(draft, "general"), {**section_data("general"), "continue": "1"})
    assert fixed.status_code == 302 and fixed["Location"] == form_url(draft, "variables")
    draft.recommendation.refresh_from_db()
    assert "general" in draft.recommendation.completed_sections


def test_a_variable_needs_its_concept_and_definition(client, draft):
    url = form_url(draft, "variables")
    nothing = client.post(url, {**variable_rows({}), "continue": "1"})
    assert nothing.status_code == 400
    assert "Tuliskan paling sedikit satu variabel" in html(nothing)
    half = client.post(url, {**variable_rows({"name": "Waktu tunggu", "concept": "", "definition": ""}),
                             "continue": "1"})
    assert half.status_code == 400
    page = html(half)
    assert "Isi konsep untuk variabel ini." in page and "Isi definisi untuk variabel ini." in page
    assert 'value="Waktu tunggu"' in page
    draft.recommendation.refresh_from_db()
    assert draft.recommendation.answers["variables"] == {
        "rows": [{"name": "Waktu tunggu", "concept": "", "definition": "", "reference": ""}]}
    complete = client.post(url, {**variable_rows({"name": "Waktu tunggu", "concept": "Lama menunggu",
                                                  "definition": "Menit sejak mendaftar"}), "continue": "1"})
    assert complete.status_code == 302
    draft.recommendation.refresh_from_db()
    assert "variables" in draft.recommendation.completed_sections


def test_more_variable_rows_can_be_added_without_losing_the_typed_ones(client, draft):
    response = client.post(form_url(draft, "variables"), {
        **variable_rows({"name": "Kepuasan umum", "concept": "Penilaian pasien", "definition": "Skala 1–4"}),
        "add_rows": "1"})
    assert response.status_code == 200
    page = html(response)
    assert 'value="Kepuasan umum"' in page
    assert 'name="variables-3-name"' in page and 'name="variables-4-name"' not in page  # one typed + 3 blank
    assert 'name="variables-TOTAL_FORMS" value="4"' in page


def test_variable_rows_post_as_a_formset_with_blank_rows_ignored_and_errors_by_their_field(client, draft):
    url = form_url(draft, "variables")
    first = {"name": "Waktu tunggu", "concept": "Lama menunggu", "definition": "Menit sejak mendaftar"}
    second = {"name": "Kepuasan", "concept": "", "definition": "Skala 1–4"}
    refused = client.post(url, {**variable_rows(first, second, {}), "continue": "1"})
    assert refused.status_code == 400
    page = html(refused)
    # The error sits under the second row's concept; everything typed is shown again.
    error = r'id="error_1_id_variables-1-concept"[^>]*>\s*<strong>Isi konsep untuk variabel ini.'
    assert re.search(error, page)
    assert 'value="Waktu tunggu"' in page and 'value="Kepuasan"' in page and "Skala 1–4" in page
    assert 'name="variables-TOTAL_FORMS" value="3"' in page
    # Fixed, with the blank third row still posted (no JavaScript removed it), the section is done.
    second["concept"] = "Penilaian pasien"
    saved = client.post(url, {**variable_rows(first, second, {}), "continue": "1"})
    assert saved.status_code == 302
    draft.recommendation.refresh_from_db()
    rows = draft.recommendation.answers["variables"]["rows"]
    assert [row["name"] for row in rows] == ["Waktu tunggu", "Kepuasan"]
    assert "variables" in draft.recommendation.completed_sections


def test_an_attachment_is_checked_by_its_content_not_its_name(client, draft):
    disguised = SimpleUploadedFile("surat-pengantar.pdf", EXE_BYTES, content_type="application/pdf")
    response = client.post(form_url(draft, "attachments"), {"cover_letter": disguised, "continue": "1"})
    assert response.status_code == 400
    draft.recommendation.refresh_from_db()
    assert draft.recommendation.cover_letter is None
    assert not draft.documents.exists()
    image = SimpleUploadedFile("surat-pengantar.png", PNG_BYTES, content_type="image/png")
    stored = client.post(form_url(draft, "attachments"), {"cover_letter": image, "save": "1"})
    assert stored.status_code == 302
    draft.recommendation.refresh_from_db()
    assert draft.recommendation.cover_letter.original_name == "surat-pengantar.png"
    # An FS3 also needs its questionnaire before the section is complete.
    assert recommendations.missing_documents(draft.recommendation) == ["questionnaire"]
    questionnaire = client.post(form_url(draft, "attachments"), {"questionnaire": docx(), "continue": "1"})
    assert questionnaire.status_code == 302
    draft.recommendation.refresh_from_db()
    assert recommendations.missing_documents(draft.recommendation) == []


def test_the_progress_list_shows_which_sections_are_complete(client, draft, agency):
    fill_sections(draft, {key: FS3_ANSWERS[key] for key in ("organiser", "persons")}, agency,
                  documents=False)
    page = html(client.get(form_url(draft)))
    rows = re.findall(r'<li class="list-group-item.*?</li>', page, re.S)
    assert len(rows) == len(SECTION_KEYS_FS3)
    assert [("Lengkap" in row and "Belum lengkap" not in row) for row in rows] == [
        True, True, False, False, False, False, False, False, False, False]
    assert reverse("requests_app:check", args=[draft.code]) not in page  # no submit button yet
    # A census has no sample design section.
    fill_sections(draft, {"design": {**FS3_ANSWERS["design"], "method": "1"}}, agency, documents=False)
    page = html(client.get(form_url(draft)))
    assert "V. Rancangan sampel" not in page
    assert len(re.findall(r'<li class="list-group-item', page)) == len(SECTION_KEYS_FS3) - 1


def test_an_incomplete_form_cannot_be_submitted(client, draft, agency):
    fill_sections(draft, {key: FS3_ANSWERS[key] for key in ("organiser", "persons", "general")}, agency)
    requirements = draft.section.requirements_for(agency.segment)
    data = {f"confirm_{r.pk}": "on" for r in requirements}
    response = client.post(reverse("requests_app:check", args=[draft.code]), data)
    assert response.status_code in (200, 400)
    assert "Variabel: konsep dan definisi" in html(response)  # named as missing
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.due_at is None
    with pytest.raises(workflow.ActionRefused, match="Formulir belum lengkap"):
        recommendations.submit(draft, agency, [r.pk for r in requirements])


def test_a_complete_form_is_submitted_once_every_statement_is_ticked(client, agency):
    draft = file_recommendation(agency, submit=False)
    client.force_login(agency)
    url = reverse("requests_app:check", args=[draft.code])
    requirements = list(draft.section.requirements_for(agency.segment))
    assert requirements
    unticked = client.post(url, {"csrfmiddlewaretoken": "as-a-browser-sends-it"})
    assert unticked.status_code == 400 and "Centang pernyataan ini untuk mengajukan." in html(unticked)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    data = {f"confirm_{r.pk}": "on" for r in requirements}
    with time_machine.travel(MONDAY, tick=False):
        response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("requests_app:confirmation", args=[draft.code])
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert draft.clock_started_at == MONDAY and draft.working_days_allowed == 30
    calendar = WorkingCalendar(draft.office)
    assert calendar.working_days_left(MONDAY, draft.due_at) == 30
    # The first round holds what was submitted.
    first = ReviewRound.objects.get(recommendation=draft.recommendation)
    assert first.number == 1 and first.answers["general"] == FS3_ANSWERS["general"]
    # Sent again (a second tab): nothing changes.
    again = client.post(url, data)
    assert again.status_code == 302
    assert ReviewRound.objects.filter(recommendation=draft.recommendation).count() == 1


def test_a_compilation_needs_only_the_cover_letter(client, agency):
    draft = recommendations.start(agency, standard("6302", "rekomendasi"), "fpkpa", uuid.uuid4())
    fill_sections(draft, FPKPA_ANSWERS, agency, documents=False)
    draft.recommendation.refresh_from_db()
    keys = [s.key for s in recommendations.sections(draft.recommendation)]
    assert keys == ["organiser", "persons", "general", "source", "variables", "dissemination", "attachments"]
    assert [s.key for s in recommendations.missing_sections(draft.recommendation)] == ["attachments"]
    client.force_login(agency)
    page = html(client.get(form_url(draft, "attachments")))
    assert "Formulir pencatatan administrasi (bila ada)" in page
    response = client.post(form_url(draft, "attachments"), {"cover_letter": pdf(), "continue": "1"})
    assert response.status_code == 302
    draft.recommendation.refresh_from_db()
    assert recommendations.missing_sections(draft.recommendation) == []
    recommendations.submit(draft, agency, [r.pk for r in draft.section.requirements_for(agency.segment)])
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED and draft.due_at is not None


def test_a_census_skips_the_sample_design(agency):
    census = {**FS3_ANSWERS, "design": {**FS3_ANSWERS["design"], "method": "1"}}
    census.pop("sample")
    request = file_recommendation(agency, answers=census)
    assert request.status == Status.SUBMITTED
    assert "sample" not in [s.key for s in recommendations.sections(request.recommendation)]


# ---------------------------------------------------------------- the officer's review in rounds


def test_a_returned_form_shows_the_officers_note_beside_its_section(client, agency, officer_kotabaru,
                                                                      django_capture_on_commit_callbacks,
                                                                      mailoutbox):
    request = file_recommendation(agency)
    client.force_login(officer_kotabaru)
    staff_page = html(client.get(request.get_staff_url()))
    assert reverse("recommendation:recommendation_review", args=[request.code]) in staff_page
    review_url = reverse("recommendation:recommendation_review", args=[request.code])
    note = "Jelaskan kerangka sampel: dari mana daftar pasien diambil?"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url, review_data(request, "revise", {"sample": note},
                                                       note="Perbaiki satu bagian."))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.RETURNED and request.is_paused
    assert ClockPause.objects.filter(request=request, resumed_at__isnull=True).count() == 1
    first = ReviewRound.objects.get(recommendation=request.recommendation, number=1)
    assert first.outcome == ReviewRound.Outcome.REVISE and first.section_notes == {"sample": note}
    assert first.checklist["general"] is True and first.checklist["sample"] is False
    assert first.reviewed_by == officer_kotabaru
    to_agency = [m for m in mailoutbox if m.to == [agency.email]]
    assert to_agency and "Catatan per bagian" in to_agency[-1].body
    assert f"V. Rancangan sampel: {note}" in to_agency[-1].body

    client.force_login(agency)
    page = html(client.get(request.get_absolute_url()))
    beside = re.search(r'aria-labelledby="answers-sample".*?</section>', page, re.S).group(0)
    assert note in beside and "Catatan petugas" in beside
    other = re.search(r'aria-labelledby="answers-general".*?</section>', page, re.S).group(0)
    assert note not in other
    overview = html(client.get(form_url(request)))
    assert "Perlu diperbaiki" in overview and note in overview
    section_page = client.get(form_url(request, "sample"))
    assert section_page.status_code == 200 and note in html(section_page)


def test_the_officer_must_tick_every_section_or_write_a_note(client, agency, officer_kotabaru):
    request = file_recommendation(agency)
    client.force_login(officer_kotabaru)
    url = reverse("recommendation:recommendation_review", args=[request.code])
    unticked = review_data(request, "feasible")
    del unticked["ok_sample"]
    response = client.post(url, unticked)
    assert response.status_code == 400
    assert "Centang bila bagian ini sesuai" in html(response)
    silent = client.post(url, {"version": request.version, "outcome": "revise", "note": "Perbaiki."})
    assert silent.status_code == 400
    assert "Tuliskan catatan pada bagian yang perlu diperbaiki." in html(silent)
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED and not request.is_paused
    stale = client.post(url, review_data(request, "feasible") | {"version": request.version - 1})
    assert stale.status_code == 409
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED


def test_the_clock_pauses_while_the_agency_fixes_the_form(agency, officer_kotabaru):
    with time_machine.travel(MONDAY, tick=False):
        request = file_recommendation(agency)
    due_before = request.due_at
    paused_at = MONDAY + datetime.timedelta(days=2, hours=1)  # Wednesday
    with time_machine.travel(paused_at, tick=False):
        recommendations.review(request, officer_kotabaru, feasible=False, checklist={},
                               section_notes={"sample": "Jelaskan kerangka sampel."}, note="")
    request.refresh_from_db()
    assert request.clock_paused_at == paused_at and request.due_at == due_before
    resumed_at = paused_at + datetime.timedelta(days=7)  # Wednesday a week later: 5 working days
    with time_machine.travel(resumed_at, tick=False):
        workflow.perform(request, workflow.Action.RESUBMIT, agency, note="Kerangka sampel diperjelas.")
    request.refresh_from_db()
    assert request.status == Status.RESUBMITTED and not request.is_paused
    assert request.due_at > due_before
    calendar = WorkingCalendar(request.office)
    assert calendar.working_days_left(due_before, request.due_at) == 5
    pause = ClockPause.objects.get(request=request)
    assert pause.paused_at == paused_at and pause.resumed_at == resumed_at


def test_a_resubmission_is_a_new_round_that_shows_what_changed(client, agency, officer_kotabaru):
    request = file_recommendation(agency)
    recommendations.review(request, officer_kotabaru, feasible=False, checklist={},
                           section_notes={"sample": "Sebutkan sumber kerangka sampel."}, note="")
    client.force_login(agency)
    frame = "Daftar pasien terdaftar SIMPUS 2026"
    saved = client.post(form_url(request, "sample"), {**section_data("sample", frame=frame),
                                                      "methods": ["pps", "systematic"], "continue": "1"})
    assert saved.status_code == 302
    request.refresh_from_db()
    response = client.post(reverse("requests_app:act", args=[request.code]), {
        "action": "resubmit", "version": request.version, "note": "Kerangka sampel diperjelas."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.RESUBMITTED
    rounds = list(request.recommendation.rounds.order_by("number"))
    assert [r.number for r in rounds] == [1, 2]
    assert rounds[0].answers["sample"]["frame"] == FS3_ANSWERS["sample"]["frame"]
    assert rounds[1].answers["sample"]["frame"] == frame
    changes = review_rounds.changes_between(request.recommendation, rounds[0], rounds[1])
    assert [str(title) for title, _changes in changes] == ["V. Rancangan sampel"]
    (change,) = changes[0][1]
    assert (change.before, change.after) == (FS3_ANSWERS["sample"]["frame"], frame)
    history = review_rounds.round_history(request.recommendation)
    assert history[0]["round"].number == 2 and history[0]["changes"] == changes
    assert history[1]["changes"] is None  # the first submission
    # The agency's page shows the difference word by word; the old notes no longer stand beside it.
    page = html(client.get(request.get_absolute_url()))
    assert re.search(r"<del>\s*kunjungan\s*</del>", page)
    assert re.search(r"<ins>[^<]*SIMPUS[^<]*</ins>", page)
    assert 'section-note' not in re.search(r'aria-labelledby="answers-sample".*?</section>', page,
                                           re.S).group(0)
    # The officer sees the same on the staff page, and the panel to review round 2.
    client.force_login(officer_kotabaru)
    staff_page = html(client.get(request.get_staff_url()))
    assert re.search(r"<ins>[^<]*SIMPUS[^<]*</ins>", staff_page) and "Putaran 2" in staff_page
    assert reverse("recommendation:recommendation_review", args=[request.code]) in staff_page


def test_a_returned_form_cannot_be_resubmitted_incomplete(client, agency, officer_kotabaru):
    request = file_recommendation(agency)
    recommendations.review(request, officer_kotabaru, feasible=False, checklist={},
                           section_notes={"general": "Tujuan terlalu umum."}, note="")
    client.force_login(agency)
    client.post(form_url(request, "general"), {**section_data("general", objectives="Singkat."), "save": "1"})
    request.refresh_from_db()
    response = client.post(reverse("requests_app:act", args=[request.code]), {
        "action": "resubmit", "version": request.version, "note": "Sudah diperbaiki."})
    assert response.status_code == 409
    request.refresh_from_db()
    assert request.status == Status.RETURNED and request.is_paused
    assert request.recommendation.rounds.count() == 1


def test_a_refused_resubmission_tells_the_agency_why(client, agency, officer_kotabaru):
    request = file_recommendation(agency)
    recommendations.review(request, officer_kotabaru, feasible=False, checklist={},
                           section_notes={"general": "Tujuan terlalu umum."}, note="")
    client.force_login(agency)
    client.post(form_url(request, "general"), {**section_data("general", objectives="Singkat."), "save": "1"})
    request.refresh_from_db()
    response = client.post(reverse("requests_app:act", args=[request.code]), {
        "action": "resubmit", "version": request.version, "note": "Sudah diperbaiki."})
    assert response.status_code == 409
    assert "Formulir belum lengkap" in html(response)


def test_a_submitted_form_can_no_longer_be_edited(client, agency):
    request = file_recommendation(agency)
    client.force_login(agency)
    assert client.get(form_url(request)).status_code == 404
    posted = client.post(form_url(request, "general"), {**section_data("general", activity_title="Lain"),
                                                        "save": "1"})
    assert posted.status_code == 404
    request.recommendation.refresh_from_db()
    assert request.recommendation.title == FS3_ANSWERS["general"]["activity_title"]


# ---------------------------------------------------------------- the letter and the head's approval


def test_the_officer_drafts_the_letter_and_sends_it_to_the_head(client, agency, officer_kotabaru):
    request = file_recommendation(agency)
    client.force_login(officer_kotabaru)
    feasible = client.post(reverse("recommendation:recommendation_review", args=[request.code]),
                           review_data(request, "feasible"))
    assert feasible.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.IN_PROCESS
    letter = Letter.objects.get(request=request)
    assert letter.state == Letter.State.DRAFT and letter.number == ""
    # The draft comes from the office's template, filled in for this agency.
    assert letter.subject == "Rekomendasi Kegiatan Statistik"
    # Addressed as an official letter is: the head of the agency, then the agency.
    assert letter.addressee == "Yth. Kepala Dinas Kesehatan Kabupaten Kotabaru\ndi tempat"
    assert request.code in letter.body and "FS3" in letter.body and "{" not in letter.body
    assert 'id="letter_body"' in html(client.get(request.get_staff_url()))

    url = reverse("recommendation:recommendation_letter", args=[request.code])
    data = {"version": request.version, "subject": "Rekomendasi Survei Kepuasan",
            "addressee": "Yth. Kepala Dinas Kesehatan", "body": "Isi yang disunting petugas."}
    assert client.post(url, {**data, "save": "1"}).status_code == 302
    letter.refresh_from_db()
    assert letter.body == "Isi yang disunting petugas." and letter.state == Letter.State.DRAFT
    # Without the head's name and NIP in the office's template the letter cannot go to the head.
    refused = client.post(url, {**data, "for_approval": "1"})
    assert refused.status_code == 409
    assert "Templat surat kantor belum lengkap" in html(refused)
    request.refresh_from_db()
    assert request.status == Status.IN_PROCESS
    complete_letter_template()
    sent = client.post(url, {**data, "for_approval": "1"})
    assert sent.status_code == 302
    request.refresh_from_db()
    letter.refresh_from_db()
    assert request.status == Status.AWAITING_APPROVAL and letter.state == Letter.State.AWAITING
    # Awaiting the head, the text can no longer be changed.
    changed = client.post(url, {**data, "version": request.version, "body": "Diubah lagi."})
    assert changed.status_code == 409
    letter.refresh_from_db()
    assert letter.body == "Isi yang disunting petugas."


def test_the_draft_letter_can_be_previewed_unnumbered(client, agency, officer_kotabaru, head_kotabaru):
    complete_letter_template()
    request = awaiting_approval(agency, officer_kotabaru)
    client.force_login(head_kotabaru)
    response = client.get(reverse("recommendation:letter_preview", args=[request.code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text_of_bytes(response.content)
    assert "(diberikan saat disetujui)" in text and "(tanggal persetujuan)" in text
    assert "Survei Kepuasan Layanan Puskesmas" in text
    letter = Letter.objects.get(request=request)
    assert letter.number == "" and not letter.pdf and not LetterSequence.objects.exists()
    client.force_login(agency)
    assert client.get(reverse("recommendation:letter_preview", args=[request.code])).status_code in (302, 403)


def pdf_text_of_bytes(content):
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True
                          ).stdout.decode()


def test_the_head_sends_the_letter_back_with_a_note(client, agency, officer_kotabaru, head_kotabaru):
    complete_letter_template()
    request = awaiting_approval(agency, officer_kotabaru)
    client.force_login(head_kotabaru)
    response = client.post(reverse("requests_app:staff_act", args=[request.code]), {
        "action": "send_back", "version": request.version, "note": "Sebutkan cakupan wilayah."})
    assert response.status_code == 302
    request.refresh_from_db()
    letter = Letter.objects.get(request=request)
    assert request.status == Status.IN_PROCESS
    assert letter.state == Letter.State.DRAFT and letter.head_note == "Sebutkan cakupan wilayah."
    assert letter.number == ""
    client.force_login(officer_kotabaru)
    assert "Sebutkan cakupan wilayah." in html(client.get(request.get_staff_url()))


def test_the_head_approves_from_the_request_page(client, agency, officer_kotabaru, head_kotabaru, quick_pdf,
                                                  django_capture_on_commit_callbacks, mailoutbox):
    complete_letter_template()
    request = awaiting_approval(agency, officer_kotabaru)
    client.force_login(head_kotabaru)
    queue = html(client.get(reverse("requests_app:head_workspace")))
    assert request.code in queue
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("requests_app:staff_act", args=[request.code]), {
            "action": "approve", "version": request.version, "note": ""})
    assert response.status_code == 302
    request.refresh_from_db()
    letter = Letter.objects.get(request=request)
    assert request.status == Status.COMPLETED and request.closed_at is not None
    assert letter.is_issued and letter.approved_by == head_kotabaru
    assert letter.head_name == HEAD_NAME and letter.head_nip == HEAD_NIP
    assert letter.agency == "Pemerintah Kabupaten Kotabaru" and letter.agency_unit == "Dinas Kesehatan"
    assert letter.activity_title == FS3_ANSWERS["general"]["activity_title"]
    assert letter.form == "fs3" and letter.activity_year == 2027
    assert hashlib.sha256(letter.pdf.read()).hexdigest() == letter.sha256
    (email,) = [m for m in mailoutbox if m.to == [agency.email] and letter.number in m.body]
    assert f"http://localhost:8000/verifikasi/{letter.code}/" in email.body
    assert request.code not in html(client.get(reverse("requests_app:head_workspace")))
    # The agency sees the number on its page.
    client.force_login(agency)
    assert letter.number in html(client.get(request.get_absolute_url()))


def test_a_head_sees_and_approves_only_letters_of_their_own_office(client, agency, officer_kotabaru,
                                                                    head_kotabaru, head_banjarmasin):
    complete_letter_template()
    complete_letter_template("6371")
    request = awaiting_approval(agency, officer_kotabaru)
    client.force_login(head_banjarmasin)
    queue = client.get(reverse("requests_app:head_workspace"))
    assert queue.status_code == 200 and request.code not in html(queue)
    assert "Tidak ada yang menunggu persetujuan." in html(queue)
    assert client.get(request.get_staff_url()).status_code == 404
    response = client.post(reverse("requests_app:staff_act", args=[request.code]), {
        "action": "approve", "version": request.version, "note": ""})
    assert response.status_code == 404
    assert client.get(reverse("recommendation:letter_preview", args=[request.code])).status_code == 404
    with pytest.raises(workflow.ActionRefused):
        workflow.perform(request, workflow.Action.APPROVE, head_banjarmasin)
    request.refresh_from_db()
    assert request.status == Status.AWAITING_APPROVAL
    assert not Letter.objects.filter(request=request, state=Letter.State.ISSUED).exists()
    # An officer cannot approve either.
    with pytest.raises(workflow.ActionRefused):
        workflow.perform(request, workflow.Action.APPROVE, officer_kotabaru)
    client.force_login(head_kotabaru)
    assert request.code in html(client.get(reverse("requests_app:head_workspace")))


@pytest.mark.parametrize("action", ["return", "request_approval"])
def test_steps_with_content_go_through_their_own_panels(client, agency, officer_kotabaru, action):
    complete_letter_template()
    request = file_recommendation(agency)
    if action == "request_approval":
        declare_feasible(request, officer_kotabaru)
    before = request.status
    client.force_login(officer_kotabaru)
    response = client.post(reverse("requests_app:staff_act", args=[request.code]), {
        "action": action, "version": request.version, "note": "Lewat tombol umum."})
    assert response.status_code == 409
    assert "dengan formulirnya sendiri" in html(response)
    request.refresh_from_db()
    assert request.status == before and not request.is_paused


@pytest.mark.parametrize("action", ["process", "mark_complete", "complete"])
def test_a_recommendation_is_not_processed_without_its_review(client, agency, officer_kotabaru, action):
    request = file_recommendation(agency)
    client.force_login(officer_kotabaru)
    response = client.post(reverse("requests_app:staff_act", args=[request.code]), {
        "action": action, "version": request.version, "note": "Selesai."})
    assert response.status_code == 409
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED


def test_the_head_cannot_approve_once_the_template_lost_the_signer(client, agency, officer_kotabaru,
                                                                   head_kotabaru, quick_pdf):
    template = complete_letter_template()
    request = awaiting_approval(agency, officer_kotabaru)
    template.head_nip = ""
    template.save()
    client.force_login(head_kotabaru)
    response = client.post(reverse("requests_app:staff_act", args=[request.code]), {
        "action": "approve", "version": request.version, "note": ""})
    assert response.status_code == 409
    assert "Templat surat kantor belum lengkap (NIP kepala)" in html(response)
    request.refresh_from_db()
    assert request.status == Status.AWAITING_APPROVAL
    assert not LetterSequence.objects.exists()


# ---------------------------------------------------------------- numbering


def test_letters_are_numbered_per_office_and_year(agency, other_agency, officer_kotabaru, head_kotabaru,
                                                  officer_banjarmasin, head_banjarmasin, quick_pdf):
    complete_letter_template()
    complete_letter_template("6371", name="Ir. Rahmat Hidayat, M.M.", nip="198001012005011002")
    first = approve(awaiting_approval(agency, officer_kotabaru), head_kotabaru, now=APPROVED_AT)
    second = approve(awaiting_approval(other_agency, officer_kotabaru), head_kotabaru,
                     now=APPROVED_AT + datetime.timedelta(hours=2))
    assert first.number == "B-001/6302/REKOM/XI/2026"
    assert second.number == "B-002/6302/REKOM/XI/2026"
    assert (first.sequence, second.sequence) == (1, 2)
    assert first.letter_date == second.letter_date == datetime.date(2026, 11, 24)
    # Another office counts from 1.
    banjarmasin_agency = AgencyVisitorFactory(institution="Pemerintah Kota Banjarmasin",
                                              agency_unit="Bappeda")
    elsewhere = approve(walk_in_awaiting_approval(banjarmasin_agency, officer_banjarmasin), head_banjarmasin,
                        now=APPROVED_AT)
    assert elsewhere.number == "B-001/6371/REKOM/XI/2026"
    assert elsewhere.head_name == "Ir. Rahmat Hidayat, M.M."
    # A new year starts again at 1.
    new_year = approve(awaiting_approval(AgencyVisitorFactory(), officer_kotabaru), head_kotabaru,
                       now=datetime.datetime(2027, 1, 4, 9, 0, tzinfo=WITA))
    assert new_year.number == "B-001/6302/REKOM/I/2027" and new_year.year == 2027
    assert new_year.pdf.name == f"letters/2027/{new_year.code}.pdf"
    assert set(LetterSequence.objects.values_list("office__code", "year", "last_number")) == {
        ("6302", 2026, 2), ("6371", 2026, 1), ("6302", 2027, 1)}


def test_the_letter_takes_its_date_and_year_in_the_offices_time_zone(agency, other_agency, officer_kotabaru,
                                                                     head_kotabaru, quick_pdf):
    complete_letter_template()
    jakarta = ZoneInfo("Asia/Jakarta")
    # 22:30 in Jakarta on New Year's Eve is 23:30 in Kotabaru: still 2026 there.
    old_year = approve(awaiting_approval(agency, officer_kotabaru), head_kotabaru,
                       now=datetime.datetime(2026, 12, 31, 22, 30, tzinfo=jakarta))
    # 23:30 in Jakarta is already 1 January 2027 in Kotabaru.
    new_year = approve(awaiting_approval(other_agency, officer_kotabaru), head_kotabaru,
                       now=datetime.datetime(2026, 12, 31, 23, 30, tzinfo=jakarta))
    assert old_year.letter_date == datetime.date(2026, 12, 31)
    assert old_year.number == "B-001/6302/REKOM/XII/2026"
    assert new_year.letter_date == datetime.date(2027, 1, 1)
    assert new_year.number == "B-001/6302/REKOM/I/2027"


def test_the_office_chooses_its_numbering_pattern(agency, officer_kotabaru, head_kotabaru, quick_pdf):
    template = complete_letter_template()
    template.number_pattern = "{urut}/BPS.{kode_kantor}/REK/{bulan}/{tahun}"
    template.full_clean()
    template.save()
    letter = approve(awaiting_approval(agency, officer_kotabaru), head_kotabaru, now=APPROVED_AT)
    assert letter.number == "1/BPS.6302/REK/11/2026"


@pytest.mark.django_db(transaction=True)
def test_approvals_at_the_same_moment_take_consecutive_numbers(catalogue, officer_kotabaru, head_kotabaru,
                                                               monkeypatch):
    # SQLite's in-memory test database cannot hold a row lock across threads: this needs PostgreSQL
    # (DATABASE_URL, as in CI, where a skip is a failure).
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL) for concurrent approvals")
    complete_letter_template()
    requests = [awaiting_approval(AgencyVisitorFactory(), officer_kotabaru) for _ in range(4)]

    def slow_render(letter, *, draft=False):
        time.sleep(0.2)  # the sequence row stays locked meanwhile: the others must wait for it
        return b"%PDF-1.7\n% " + letter.number.encode() + b"\n%%EOF\n"

    monkeypatch.setattr(letters, "render_letter", slow_render)
    pending = list(requests)

    def approve_one():
        request = pending.pop()
        workflow.perform(request, workflow.Action.APPROVE, head_kotabaru, now=APPROVED_AT)

    _results, errors = run_at_once(len(requests), approve_one)
    assert errors == []
    issued = Letter.objects.filter(request__in=requests)
    assert sorted(issued.values_list("sequence", flat=True)) == [1, 2, 3, 4]
    assert sorted(issued.values_list("number", flat=True)) == [
        f"B-00{n}/6302/REKOM/XI/2026" for n in (1, 2, 3, 4)]
    assert LetterSequence.objects.get(office__code="6302", year=2026).last_number == 4
    assert all(letter.is_issued for letter in issued)


def run_at_once(count, work):
    """Run ``work()`` in ``count`` threads released together; returns (results, errors)."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(work())
        except Exception as error:  # noqa: BLE001 - reported by the caller
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_the_yearly_sequence_is_taken_under_a_lock(kotabaru):
    # Whatever else an approval locks, the number itself must not depend on it: transactions that take
    # the next number at once, and stay open a while (rendering the PDF), get 1, 2, 3, 4.
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL) for concurrent transactions")

    def take_a_number():
        with transaction.atomic():
            number = letters.next_sequence(kotabaru, 2031)
            time.sleep(0.2)
            return number

    numbers, errors = run_at_once(4, take_a_number)
    assert errors == []
    assert sorted(numbers) == [1, 2, 3, 4]
    assert LetterSequence.objects.get(office=kotabaru, year=2031).last_number == 4


# ---------------------------------------------------------------- the PDF, its code and its verification


def test_the_issued_pdf_names_the_letter_and_carries_a_qr_code_of_its_verification_page(
        client, agency, officer_kotabaru, head_kotabaru, tmp_path, settings):
    import zxingcpp
    from PIL import Image

    complete_letter_template()
    letter = approve(awaiting_approval(agency, officer_kotabaru), head_kotabaru, now=APPROVED_AT)
    client.force_login(agency)
    download = client.get(reverse("recommendation:letter_download", args=[letter.request.code]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    content = b"".join(download.streaming_content)
    assert hashlib.sha256(content).hexdigest() == letter.sha256
    path = tmp_path / "surat.pdf"
    path.write_bytes(content)
    text = " ".join(pdf_text(path).split())
    assert letter.number in text and "Kotabaru, 24 November 2026" in text
    assert "Pemerintah Kabupaten Kotabaru, Dinas Kesehatan" in text
    assert FS3_ANSWERS["general"]["activity_title"] in text
    assert HEAD_NAME in text and "NIP 19780512 200012 1 001" in text
    assert "Maret 2027 s.d. April 2027" in text
    assert letter.code in text

    require(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils)")
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(path), str(tmp_path / "page")], check=True)
    found = [code.text for png in sorted(tmp_path.glob("page*.png"))
             for code in zxingcpp.read_barcodes(Image.open(png))]
    url = settings.PORTAL_BASE_URL.rstrip("/") + f"/verifikasi/{letter.code}/"
    assert found == [url]

    # Anyone checks the copy they were given.
    client.logout()
    verify = reverse("recommendation:verify_letter", args=[letter.code])
    same = client.post(verify, {"pdf": pdf("salinan.pdf", content)})
    assert same.status_code == 200 and "Cocok: salinan Anda adalah surat ini." in html(same)
    tampered = content.replace(b"Dinas Kesehatan", b"Dinas Kesehatah", 1)
    if tampered == content:  # compressed text: change a byte near the end instead
        tampered = content[:-20] + bytes([content[-20] ^ 1]) + content[-19:]
    changed = client.post(verify, {"pdf": pdf("salinan.pdf", tampered)})
    assert changed.status_code == 200 and "Tidak cocok" in html(changed)


def test_anyone_can_verify_an_issued_letter_by_its_code(client, agency, officer_kotabaru, head_kotabaru,
                                                         quick_pdf):
    complete_letter_template()
    letter = approve(awaiting_approval(agency, officer_kotabaru), head_kotabaru, now=APPROVED_AT)
    url = reverse("recommendation:verify_letter", args=[letter.code])
    assert url == f"/verifikasi/{letter.code}/"
    page = client.get(url)
    assert page.status_code == 200
    text = html(page)
    assert "Kode ini terdaftar." in text and letter.number in text
    assert "Pemerintah Kabupaten Kotabaru" in text and FS3_ANSWERS["general"]["activity_title"] in text
    assert HEAD_NAME in text and "24 November 2026" in text
    fingerprint = re.search(r'data-testid="fingerprint">([0-9a-f]+)<', text)
    assert fingerprint and fingerprint.group(1) == letter.sha256
    copy = letter.pdf.open("rb").read()
    assert "Cocok:" in html(client.post(url, {"pdf": pdf("surat.pdf", copy)}))
    assert "Tidak cocok" in html(client.post(url, {"pdf": pdf("surat.pdf", copy + b"\n")}))
    not_pdf = client.post(url, {"pdf": SimpleUploadedFile("surat.pdf", PNG_BYTES)})
    assert not_pdf.status_code == 400 and "Berkas ini bukan PDF." in html(not_pdf)
    # The code as typed from paper: lower case, without dashes.
    typed = letter.code.replace("-", "").lower()
    lookup = client.get(reverse("recommendation:verify_lookup"), {"kode": typed})
    assert lookup.status_code == 302 and lookup["Location"] == url


def verdicts(response):
    return re.findall(r'<div class="alert alert-(\w+)"[^>]*data-testid="verdict"><strong>([^<]+)</strong>',
                      html(response))


def test_the_verification_page_says_one_thing_about_the_code_and_the_copy(
        client, agency, officer_kotabaru, head_kotabaru, quick_pdf):
    complete_letter_template()
    letter = approve(awaiting_approval(agency, officer_kotabaru), head_kotabaru, now=APPROVED_AT)
    url = reverse("recommendation:verify_letter", args=[letter.code])
    first = client.get(url)
    assert verdicts(first) == [("info", "Kode ini terdaftar.")]
    assert f"milik surat nomor {letter.number}" in html(first)
    copy = letter.pdf.open("rb").read()
    same = client.post(url, {"pdf": pdf("surat.pdf", copy)})
    assert verdicts(same) == [("success", "Cocok: salinan Anda adalah surat ini.")]
    other = client.post(url, {"pdf": pdf("surat-lain.pdf", b"%PDF-1.7\n% surat lain\n%%EOF\n")})
    assert verdicts(other) == [("danger", "Tidak cocok: salinan Anda bukan surat ini.")]
    text = html(other)
    assert "asli." not in text.replace("salinan asli", "") and "alert-success" not in text
    assert letter.number in text  # which letter the code is, still


def test_an_unknown_or_unissued_code_is_not_a_letter(client, agency, officer_kotabaru):
    unknown = client.get("/verifikasi/AAAA-BBBB-CCCC-DDDD/")
    assert unknown.status_code == 404 and "Surat tidak ditemukan" in html(unknown)
    assert "AAAA-BBBB-CCCC-DDDD" in html(unknown)
    garbage = client.get("/verifikasi/bukan-kode/")
    assert garbage.status_code == 404 and "Surat tidak ditemukan" in html(garbage)
    complete_letter_template()
    request = awaiting_approval(agency, officer_kotabaru)
    draft_letter = Letter.objects.get(request=request)
    pending = client.get(reverse("recommendation:verify_letter", args=[draft_letter.code]))
    assert pending.status_code == 404 and "Surat tidak ditemukan" in html(pending)


def test_letter_codes_are_random_not_counted(agency, other_agency, officer_kotabaru, head_kotabaru,
                                             quick_pdf):
    complete_letter_template()
    first = approve(awaiting_approval(agency, officer_kotabaru), head_kotabaru, now=APPROVED_AT)
    second = approve(awaiting_approval(other_agency, officer_kotabaru), head_kotabaru, now=APPROVED_AT)
    assert first.code != second.code
    for letter in (first, second):
        assert LETTER_CODE.match(letter.code)
        symbols = letter.code.replace("-", "")
        assert len(symbols) == 16 and set(symbols) <= set(CODE_ALPHABET)
        assert letter.request.code.split("-")[-1] not in symbols  # not the tracking code
    # Consecutive letters share nothing predictable.
    codes = [new_letter_code() for _ in range(200)]
    assert len(set(codes)) == 200
    assert len({code[:4] for code in codes}) > 100


def test_typing_a_letter_number_into_the_verification_box_is_not_a_server_error(client, catalogue):
    response = client.get(reverse("recommendation:verify_lookup"), {"kode": "B-001/6302/REKOM/XI/2026"},
                          follow=True)
    assert response.status_code in (200, 400, 404)
    assert "Kode verifikasi" in html(response)  # the box to try again


# ---------------------------------------------------------------- the public register


def test_the_register_lists_issued_letters_and_finds_them(client, agency, officer_kotabaru, head_kotabaru,
                                                           officer_banjarmasin, head_banjarmasin, quick_pdf):
    complete_letter_template()
    complete_letter_template("6371", name="Ir. Rahmat Hidayat, M.M.", nip="198001012005011002")
    survey = approve(awaiting_approval(agency, officer_kotabaru), head_kotabaru, now=APPROVED_AT)
    compilation_answers = {**FPKPA_ANSWERS,
                           "general": {**FPKPA_ANSWERS["general"], "start": "2028-01", "end": "2028-12"},
                           "dissemination": {**FPKPA_ANSWERS["dissemination"], "schedule": "2029-02"}}
    banjarmasin_agency = AgencyVisitorFactory(institution="Pemerintah Kota Banjarmasin",
                                              agency_unit="Dinas Penanaman Modal dan PTSP")
    compilation = approve(walk_in_awaiting_approval(banjarmasin_agency, officer_banjarmasin, form="fpkpa",
                                                    answers=compilation_answers),
                          head_banjarmasin, now=APPROVED_AT)
    other_title = {**FS3_ANSWERS["general"], "activity_title": "Survei Angkatan Kerja Daerah"}
    pending = file_recommendation(AgencyVisitorFactory(), answers={**FS3_ANSWERS, "general": other_title})
    assert compilation.form == "fpkpa" and compilation.activity_year == 2028
    assert compilation.agency == "Pemerintah Kota Banjarmasin"

    url = reverse("recommendation:register")

    def titles(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        page = html(response)
        return {title for title in (survey.activity_title, compilation.activity_title,
                                    pending.recommendation.title) if title in page}

    everything = client.get(url)
    assert "2 kegiatan" in html(everything)
    assert f'href="/verifikasi/{survey.code}/"' in html(everything)
    assert titles() == {survey.activity_title, compilation.activity_title}
    assert titles(q="puskesmas") == {survey.activity_title}
    assert titles(q="Kota Banjarmasin") == {compilation.activity_title}
    assert titles(q="Dinas Kesehatan") == {survey.activity_title}
    assert titles(q=survey.number) == {survey.activity_title}
    assert titles(q="Angkatan Kerja") == set()
    assert titles(form="fpkpa") == {compilation.activity_title}
    assert titles(form="fs3") == {survey.activity_title}
    assert titles(office="6302") == {survey.activity_title}
    assert titles(office="6371") == {compilation.activity_title}
    assert titles(activity_year="2028") == {compilation.activity_title}
    assert titles(activity_year="2027", form="fs3") == {survey.activity_title}
    assert titles(activity_year="2027", form="fpkpa") == set()
    # A link filtered to an office (or year, or kind) with no letters lists nothing, not everything.
    assert titles(office="6500") == set()
    assert titles(activity_year="2031") == set()
    assert titles(form="xyz") == set()


# ---------------------------------------------------------------- who sees what


def test_another_agency_sees_nothing_of_a_request(client, agency, other_agency, officer_kotabaru,
                                                  head_kotabaru, quick_pdf):
    complete_letter_template()
    draft = file_recommendation(agency, submit=False)
    client.force_login(other_agency)
    for url in (form_url(draft), form_url(draft, "general"), reverse("requests_app:check", args=[draft.code]),
                draft.get_absolute_url()):
        assert client.get(url).status_code == 404, url
    taken_over = section_data("general", activity_title="Diambil alih")
    posted = client.post(form_url(draft, "general"), {**taken_over, "save": "1"})
    assert posted.status_code == 404
    draft.recommendation.refresh_from_db()
    assert draft.recommendation.title == FS3_ANSWERS["general"]["activity_title"]

    letter = approve(awaiting_approval(agency, officer_kotabaru), head_kotabaru, now=APPROVED_AT)
    download = reverse("recommendation:letter_download", args=[letter.request.code])
    assert client.get(letter.request.get_absolute_url()).status_code == 404
    assert client.get(download).status_code == 404
    client.logout()
    anonymous = client.get(download)
    assert anonymous.status_code in (302, 404)
    assert anonymous.get("Content-Type") != "application/pdf"
    client.force_login(agency)
    assert client.get(download).status_code == 200


def test_the_letter_is_downloaded_only_once_issued_and_by_its_office(client, agency, officer_kotabaru,
                                                                     head_kotabaru, officer_banjarmasin,
                                                                     quick_pdf):
    complete_letter_template()
    request = awaiting_approval(agency, officer_kotabaru)
    download = reverse("recommendation:letter_download", args=[request.code])
    client.force_login(agency)
    assert client.get(download).status_code == 404  # awaiting the head: nothing to download yet
    letter = approve(request, head_kotabaru, now=APPROVED_AT)
    for user in (officer_kotabaru, head_kotabaru):
        client.force_login(user)
        response = client.get(download)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == letter.pdf.open("rb").read()
    client.force_login(officer_banjarmasin)
    assert client.get(download).status_code == 404
    assert client.get(request.get_staff_url()).status_code == 404


def test_staff_do_not_see_an_agencys_online_draft(client, agency, officer_kotabaru):
    draft = file_recommendation(agency, submit=False)
    client.force_login(officer_kotabaru)
    assert client.get(draft.get_staff_url()).status_code == 404
    assert client.get(form_url(draft)).status_code == 404
    assert client.get(form_url(draft, "general")).status_code == 404


# ---------------------------------------------------------------- at the desk


def walk_in_data(**changes):
    return {"email": "bappeda@banjarmasinkota.go.id", "full_name": "Hj. Nurul Hidayah",
            "phone": "0812 3456 7801", "institution": "Pemerintah Kota Banjarmasin",
            "agency_unit": "Bappeda", "form": "fs3", **changes}


def test_an_officer_records_a_walk_in_agencys_form_and_files_it(client, officer_banjarmasin, officer_kotabaru,
                                                                  django_capture_on_commit_callbacks,
                                                                  mailoutbox):
    client.force_login(officer_banjarmasin)
    url = reverse("recommendation:walk_in_recommendation")
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = at_the_desk(client, url, walk_in_data())
    request = Request.objects.get(visitor__email="bappeda@banjarmasinkota.go.id")
    assert response.status_code == 302 and response["Location"] == form_url(request)
    assert request.channel == Channel.WALK_IN and request.status == Status.DRAFT
    assert request.office.code == "6371" and request.recommendation.form == "fs3"
    agency = request.visitor
    assert agency.role == Role.VISITOR and agency.segment == "government"
    assert (agency.institution, agency.agency_unit, agency.phone) == (
        "Pemerintah Kota Banjarmasin", "Bappeda", "+6281234567801")
    assert not agency.has_usable_password()
    (reset,) = [m for m in mailoutbox if m.to == [agency.email] and "Kata Sandi" in m.subject]
    assert "Kata Sandi" in reset.subject and "/akun/password/reset/key/" in reset.body
    # The draft is listed on the desk page, and the officer records it section by section.
    assert request.code in html(client.get(url))
    overview = html(client.get(form_url(request)))
    assert "direkam petugas untuk Hj. Nurul Hidayah" in overview
    organiser = {**FS3_ANSWERS["organiser"], "agency": "Pemerintah Kota Banjarmasin", "unit": "Bappeda",
                 "continue": "1"}
    assert client.post(form_url(request, "organiser"), organiser).status_code == 302
    request.recommendation.refresh_from_db()
    assert request.recommendation.answers["organiser"]["unit"] == "Bappeda"
    assert "organiser" in request.recommendation.completed_sections
    # Not complete yet: it cannot be filed.
    record = reverse("recommendation:recommendation_record", args=[request.code])
    early = client.post(record)
    assert early.status_code == 302 and early["Location"] == form_url(request)
    request.refresh_from_db()
    assert request.status == Status.DRAFT and request.due_at is None
    # The agency cannot edit what the officer is recording, nor can another office see it.
    client.force_login(agency)
    assert client.get(form_url(request)).status_code == 404
    client.force_login(officer_kotabaru)
    assert client.get(form_url(request)).status_code == 404

    client.force_login(officer_banjarmasin)
    fill_sections(request, {k: v for k, v in FS3_ANSWERS.items() if k != "organiser"}, officer_banjarmasin)
    with time_machine.travel(MONDAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        filed = client.post(record)
    assert filed.status_code == 302 and filed["Location"] == request.get_staff_url()
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED and request.submitted_at == MONDAY
    assert request.clock_started_at == MONDAY and request.working_days_allowed == 30
    assert WorkingCalendar(request.office).working_days_left(MONDAY, request.due_at) == 30
    assert set(request.confirmed_requirements.all()) == set(request.section.requirements.all())
    assert request.recommendation.rounds.count() == 1
    assert any(m.to == [agency.email] and "meja layanan" in m.body for m in mailoutbox)
    # Filed, the form is the officer's to review, not to edit.
    assert client.get(form_url(request)).status_code == 404
    assert reverse("recommendation:recommendation_review", args=[request.code]) in html(
        client.get(request.get_staff_url()))


def test_a_walk_in_agency_with_an_account_keeps_it(client, officer_banjarmasin, mailoutbox):
    existing = AgencyVisitorFactory(email="bappeda@banjarmasinkota.go.id", institution="Pemerintah Kota "
                                    "Banjarmasin", agency_unit="Bappeda")
    client.force_login(officer_banjarmasin)
    response = at_the_desk(client, reverse("recommendation:walk_in_recommendation"),
                           walk_in_data(email="BAPPEDA@banjarmasinkota.go.id", form="fpkpa"))
    assert response.status_code == 302
    request = Request.objects.get(visitor=existing)
    assert request.recommendation.form == "fpkpa" and request.channel == Channel.WALK_IN
    assert User.objects.filter(email__iexact="bappeda@banjarmasinkota.go.id").count() == 1
    assert existing.has_usable_password()
    assert [m.subject for m in mailoutbox] == ["Kode konfirmasi meja layanan PST"]  # no password email


@pytest.mark.parametrize("who", ["student", "officer"])
def test_the_desk_refuses_an_account_that_is_not_a_government_agency(client, officer_banjarmasin, who):
    if who == "student":
        ProfiledVisitorFactory(email="bappeda@banjarmasinkota.go.id")
        expected = "hanya untuk instansi pemerintah"
    else:
        OfficerFactory(email="bappeda@banjarmasinkota.go.id", office=officer_banjarmasin.office)
        expected = "tidak dapat dipakai di meja layanan"
    client.force_login(officer_banjarmasin)
    response = at_the_desk(client, reverse("recommendation:walk_in_recommendation"), walk_in_data())
    assert response.status_code == 400 and expected in html(response)
    assert not Request.objects.filter(visitor__email="bappeda@banjarmasinkota.go.id").exists()


def test_an_office_without_the_service_has_no_recommendation_desk(client, catalogue):
    officer = OfficerFactory(office=Office.objects.get(code="6500"))
    client.force_login(officer)
    assert client.get(reverse("recommendation:walk_in_recommendation")).status_code == 404


def test_a_walk_in_draft_is_filed_by_the_desk_not_by_the_agency(client, officer_banjarmasin):
    agency = AgencyVisitorFactory(institution="Pemerintah Kota Banjarmasin", agency_unit="Bappeda")
    request = file_walk_in_recommendation(agency, officer_banjarmasin, record=False)
    client.force_login(agency)
    data = {f"confirm_{r.pk}": "on" for r in request.section.requirements_for(agency.segment)}
    client.post(reverse("requests_app:check", args=[request.code]), data)
    request.refresh_from_db()
    assert request.status == Status.DRAFT and request.due_at is None


# ---------------------------------------------------------------- the office's letter template


@pytest.mark.parametrize("agency, unit, addressee", [
    ("Pemerintah Kabupaten Kotabaru", "Dinas Kesehatan", "Kepala Dinas Kesehatan Kabupaten Kotabaru"),
    ("Pemerintah Kota Banjarmasin", "Dinas Penanaman Modal dan PTSP",
     "Kepala Dinas Penanaman Modal dan PTSP Kota Banjarmasin"),
    ("Pemerintah Provinsi Kalimantan Selatan", "Sekretariat Daerah",
     "Sekretaris Daerah Provinsi Kalimantan Selatan"),
    ("Pemerintah Kabupaten Kotabaru", "Bappeda Kabupaten Kotabaru", "Kepala Bappeda Kabupaten Kotabaru"),
    ("Kementerian Kesehatan", "Biro Perencanaan dan Anggaran",
     "Kepala Biro Perencanaan dan Anggaran\nKementerian Kesehatan"),
    ("Pemerintah Kabupaten Kotabaru", "", "Bupati Kotabaru"),
    ("Pemerintah Kota Banjarmasin", "", "Wali Kota Banjarmasin"),
])
def test_a_letter_is_addressed_to_the_head_of_the_agency(agency, unit, addressee):
    from services.recommendation.letter_text import head_of_agency

    assert head_of_agency(agency, unit) == addressee


def test_a_new_offices_letter_template_is_addressed_to_the_agencys_head(kotabaru):
    # Issue 16 started the migrations afresh: the data migration that moved templates on the old
    # default addressee is gone, and every template now starts on the agency's head.
    template = LetterTemplate.for_office(kotabaru)
    assert template.addressee == "Yth. {pimpinan_instansi}\ndi tempat"


def test_the_letter_template_accepts_only_known_placeholders(kotabaru):
    template = LetterTemplate.for_office(kotabaru)
    template.full_clean()  # the defaults are valid
    cases = {
        "body": "Kegiatan {judul} oleh {foo}.",
        "addressee": "Yth. {instansi.__class__}",
    }
    for field, text in cases.items():
        original = getattr(template, field)
        setattr(template, field, text)
        with pytest.raises(ValidationError) as error:
            template.full_clean()
        assert field in error.value.message_dict
        assert "Isian tidak dikenal" in " ".join(error.value.message_dict[field])
        setattr(template, field, original)
    for pattern in ("B-{urut:03d}/{judul}/{tahun}", "B-{urut:03d}/{tahun:04d}", "B/{kode_kantor}/{tahun}",
                    "B-{urut:3d}/{tahun}"):
        template.number_pattern = pattern
        with pytest.raises(ValidationError) as error:
            template.full_clean()
        assert "number_pattern" in error.value.message_dict, pattern
    template.number_pattern = "{urut:04d}/{kode_kantor}/{bulan}/{tahun}"
    template.full_clean()


@pytest.mark.parametrize("nip", ["12345", "197805122000121", "197813122000121001", "197805122000123001",
                                 "197805121970121001", "197805122000121000"])
def test_the_letter_template_refuses_a_bad_nip(kotabaru, nip):
    template = LetterTemplate.for_office(kotabaru)
    template.head_name = HEAD_NAME
    template.head_nip = nip
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "head_nip" in error.value.message_dict
    with pytest.raises(ValidationError):
        template.save()
    assert LetterTemplate.objects.get(office=kotabaru).head_nip == ""


def test_the_letter_template_keeps_the_nip_as_digits(kotabaru):
    template = LetterTemplate.for_office(kotabaru)
    template.head_nip = "19780512 200012 1 001"
    template.save()
    assert LetterTemplate.objects.get(office=kotabaru).head_nip == HEAD_NIP
    assert [str(label) for label in template.missing()] == ["nama kepala"]  # the name is still to come
    template.head_name = HEAD_NAME
    assert template.missing() == []


# ---------------------------------------------------------------- review findings


def test_a_form_declared_feasible_is_not_returned_afterwards(agency, officer_kotabaru):
    request = file_recommendation(agency)
    declare_feasible(request, officer_kotabaru)
    with pytest.raises(workflow.ActionRefused, match="sudah dinyatakan layak"):
        recommendations.review(request, officer_kotabaru, feasible=False, checklist={},
                               section_notes={"sample": "Terlambat."}, note="")
    assert request.recommendation.rounds.get().outcome == ReviewRound.Outcome.FEASIBLE


def test_a_section_saved_after_submission_changes_nothing(agency):
    draft = file_recommendation(agency, submit=False)
    section = recommendations.section_for(draft.recommendation, "general")
    stale_page = draft  # the section page was opened before the form was sent from another tab
    requirements = draft.section.requirements_for(agency.segment)
    recommendations.submit(draft, agency, [r.pk for r in requirements])
    form = section.form_class(section_data("general", activity_title="Judul yang diganti diam-diam"))
    with pytest.raises(workflow.ActionRefused):
        recommendations.save_section(stale_page, section, form, agency)
    draft.refresh_from_db()
    assert draft.recommendation.title == FS3_ANSWERS["general"]["activity_title"]


def test_a_crafted_row_count_does_not_build_endless_variable_rows(client, agency):
    draft = file_recommendation(agency, submit=False)
    client.force_login(agency)
    crafted = {**variable_rows({"name": "x"}), "variables-TOTAL_FORMS": "99999999"}
    response = client.post(form_url(draft, "variables"), {**crafted, "save": "1"})
    assert response.status_code == 302
    from services.recommendation.section_forms import VariablesForm

    assert VariablesForm(crafted).row_count == VariablesForm.MAX_ROWS


def test_the_start_page_lists_only_the_agencys_own_online_drafts(client, agency, officer_kotabaru):
    online = file_recommendation(agency, submit=False)
    at_desk = recommendations.start(agency, standard("6302", "rekomendasi"), "fpkpa", uuid.uuid4(),
                                    channel=Channel.WALK_IN)
    client.force_login(agency)
    page = html(client.get("/permintaan/baru/6302/rekomendasi/"))
    assert form_url(online) in page and at_desk.code not in page


def test_an_issued_letter_cannot_be_deleted_with_its_request(agency, officer_kotabaru, head_kotabaru,
                                                              quick_pdf):
    from django.db.models import ProtectedError

    complete_letter_template()
    request = awaiting_approval(agency, officer_kotabaru)
    approve(request, head_kotabaru)
    with pytest.raises(ProtectedError):
        request.delete()


def test_a_double_click_on_each_recommendation_step_lands_on_its_result(client, agency, officer_kotabaru,
                                                                         head_kotabaru, quick_pdf):
    complete_letter_template()
    request = file_recommendation(agency)
    client.force_login(officer_kotabaru)
    review = reverse("recommendation:recommendation_review", args=[request.code])
    data = review_data(request, "feasible")
    assert client.post(review, data).status_code == 302
    again = client.post(review, data, follow=True)
    assert again.redirect_chain[-1][1] == 302 and "baru saja diubah" not in html(again)
    assert request.events.filter(action="declare_feasible").count() == 1

    request.refresh_from_db()
    letter_url = reverse("recommendation:recommendation_letter", args=[request.code])
    letter = {"version": request.version, "subject": "Rekomendasi", "addressee": "Yth. Kepala Dinas",
              "body": "Isi surat.", "for_approval": "1"}
    assert client.post(letter_url, letter).status_code == 302
    again = client.post(letter_url, letter, follow=True)
    assert again.redirect_chain[-1][1] == 302 and "baru saja diubah" not in html(again)
    assert request.events.filter(action="request_approval").count() == 1

    # The head's "Setujui" clicked twice: one approval, one number, no error.
    request.refresh_from_db()
    client.force_login(head_kotabaru)
    approve_data = {"action": "approve", "version": request.version, "note": ""}
    act = reverse("requests_app:staff_act", args=[request.code])
    assert client.post(act, approve_data).status_code == 302
    again = client.post(act, approve_data, follow=True)
    assert again.redirect_chain == [(request.get_staff_url(), 302)]
    assert "baru saja diubah" not in html(again) and "Disetujui kepala" in html(again)
    assert request.events.filter(action="approve").count() == 1
    assert LetterSequence.objects.get(office=request.office).last_number == 1


def test_the_officer_who_declares_an_unassigned_form_feasible_becomes_its_officer(agency, officer_kotabaru):
    request = file_recommendation(agency)
    assert request.assigned_to is None
    declare_feasible(request, officer_kotabaru)
    assert request.assigned_to == officer_kotabaru
