"""What every answer says about itself: pages shown to a signed-in person are never cached;
public pages may be."""
import pytest

from tests.recommendation import test_recommendations
from tests.recommendation.test_recommendations import APPROVED_AT, approve, awaiting_approval
from tests.requests_helpers import complete_letter_template

agency = test_recommendations.agency  # fixtures
quick_pdf = test_recommendations.quick_pdf


def not_stored(response):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives and "public" not in directives


@pytest.fixture
def issued(agency, officer_kotabaru, head_kotabaru, quick_pdf):
    complete_letter_template()
    letter = approve(awaiting_approval(agency, officer_kotabaru), head_kotabaru, now=APPROVED_AT)
    return letter.request


def test_every_page_shown_to_a_signed_in_person_says_private_no_store(
        client, issued, agency, officer_kotabaru, administrator):
    code = issued.code
    pages = {
        agency: ["/", "/layanan/", "/permintaan/", f"/permintaan/{code}/", f"/permintaan/{code}/surat/",
                 "/akun/profil/", "/favicon.ico"],
        officer_kotabaru: ["/petugas/", f"/petugas/permintaan/{code}/"],
        administrator: ["/admin/", "/admin/recommendation/letter/"],
    }
    for person, urls in pages.items():
        client.force_login(person)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 302), (url, response.status_code)
            assert not_stored(response), (person.email, url, response.get("Cache-Control"))
        client.logout()


def test_public_pages_answered_to_anonymous_callers_may_be_cached(client, catalogue):
    for url in ("/", "/layanan/", "/favicon.ico"):
        response = client.get(url)
        assert "no-store" not in response.get("Cache-Control", ""), url
    assert client.get("/favicon.ico")["Cache-Control"] == "max-age=86400, public"
