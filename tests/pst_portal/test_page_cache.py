"""Public pages kept in the cache for visitors who are not signed in (pst_portal.page_cache)."""
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services.catalogue.models import Office
from tests.factories import VisitorFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache():
    cache.clear()
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=300):
        yield
    cache.clear()


def a_standard_page():
    from services.catalogue.models import Standard

    standard = Standard.objects.select_related("office", "service_kind").first()
    return reverse("catalogue:standard", args=[standard.office.code, standard.service_kind.slug]), standard


def queries_of(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


def test_a_second_visitor_gets_the_kept_page_without_the_database(client, catalogue):
    url, standard = a_standard_page()
    first, first_queries = queries_of(client, url)
    assert first.status_code == 200 and first_queries > 0
    second, second_queries = queries_of(Client(), url)
    assert second.status_code == 200
    assert second_queries == 0
    assert standard.service_kind.name in second.content.decode()


def test_each_visitor_gets_a_token_of_their_own_that_their_form_accepts(catalogue):
    url, _ = a_standard_page()
    Client().get(url)  # keeps the page
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url)
    token = TOKEN.search(page.content.decode()).group(1)
    assert "__PST_CSRF_TOKEN__" not in page.content.decode()
    assert "csrftoken" in page.cookies  # the token's cookie comes with the kept page
    answer = visitor.post(reverse("set_language"), {"language": "en", "next": "/",
                                                    "csrfmiddlewaretoken": token})
    assert answer.status_code == 302  # accepted, not 403


def test_the_language_is_part_of_the_key(catalogue):
    url, _ = a_standard_page()
    indonesian = Client().get(url).content.decode()
    chose_english = Client()
    chose_english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = chose_english.get(url).content.decode()
    assert '<html lang="id"' in indonesian
    assert '<html lang="en"' in english


def test_a_signed_in_visitor_and_an_address_with_a_query_are_rendered_each_time(client, catalogue):
    url, _ = a_standard_page()
    client.get(url)
    _, with_query = queries_of(Client(), url + "?x=1")
    assert with_query > 0
    client.force_login(VisitorFactory())
    _, signed_in = queries_of(client, url)
    assert signed_in > 0


def test_a_change_to_the_catalogue_drops_the_kept_pages(catalogue):
    url, standard = a_standard_page()
    Client().get(url)
    office = Office.objects.get(pk=standard.office_id)
    office.name = "Nama Kantor Yang Baru"
    office.save()
    page, queries = queries_of(Client(), url)
    assert queries > 0 and "Nama Kantor Yang Baru" in page.content.decode()


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
def test_the_cache_can_be_turned_off(catalogue):
    url, _ = a_standard_page()
    Client().get(url)
    _, queries = queries_of(Client(), url)
    assert queries > 0


def test_the_complaint_channels_are_kept_too(catalogue):
    url = reverse("complaints:channels")
    Client().get(url)
    page, queries = queries_of(Client(), url)
    assert page.status_code == 200 and queries == 0
    assert "SP4N-LAPOR" in page.content.decode()
