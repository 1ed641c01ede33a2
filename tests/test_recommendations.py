"""Rekomendasi Kegiatan Statistik: the form, review rounds, the letter, verification, the register."""
import hashlib

import pytest

from requests_app import recommendations, workflow
from requests_app.models import Letter, Status

from .factories import AgencyVisitorFactory, HeadFactory, OfficerFactory
from .requests_helpers import complete_letter_template, file_recommendation


@pytest.fixture
def agency(catalogue):
    return AgencyVisitorFactory()


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
    recommendations.draft_letter(request, officer_kotabaru, subject="Rekomendasi", addressee="Yth. Kepala",
                                 body="Isi surat.")
    workflow.perform(request, "request_approval", officer_kotabaru)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(request, "approve", head_kotabaru)
    letter = Letter.objects.get(request=request)
    assert letter.is_issued and letter.number.startswith("B-001/6302/")
    content = letter.pdf.read()
    assert hashlib.sha256(content).hexdigest() == letter.sha256
    assert letter.number in mailoutbox[-1].body

