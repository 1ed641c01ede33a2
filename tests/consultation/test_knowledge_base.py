"""The knowledge base: Indonesian search (stop words, stems and prefixes, ranking), safe highlighted
snippets, which articles an office sees, and the public pages.

``knowledge.search`` picks the backend by ``connection.vendor``. Ranking and stemming are PostgreSQL's
full-text search with the ``indonesian`` configuration (production's): their tests take the ``ranked``
fixture and run on PostgreSQL only (skipped on SQLite, a failure in CI). On SQLite the search is a plain
``icontains`` on the words; every other test here holds on both.
"""
import re

import pytest
from django.db import connection

from services.catalogue.loader import load_articles
from services.catalogue.models import Office
from services.consultation import knowledge
from services.consultation.models import Article
from tests.conftest import require
from tests.factories import OfficerFactory, ProfiledVisitorFactory

POVERTY = "cara-bps-mengukur-kemiskinan"
KBLI = "kbli-klasifikasi-baku-lapangan-usaha-indonesia"
KBJI = "kbji-klasifikasi-baku-jabatan-indonesia"
UNEMPLOYMENT = "tingkat-pengangguran-terbuka-dan-sakernas"


@pytest.fixture
def articles(catalogue):
    created, updated = load_articles()
    assert (created, updated) == (14, 0)
    return Article.objects.all()


@pytest.fixture
def ranked(articles):
    """The seed articles, on the database whose search ranks and stems (PostgreSQL)."""
    require(connection.vendor == "postgresql", "PostgreSQL (the knowledge base's ranking and stemming)")
    return articles


@pytest.fixture
def kaltara(catalogue):
    return Office.objects.get(code="6500")


@pytest.fixture
def kotabaru(catalogue):
    return Office.objects.get(code="6302")


def slugs(hits):
    return [hit.article.slug for hit in hits]


def office_article(office, slug, *, status=Article.Status.PUBLISHED, title=None, body=None):
    return Article.objects.create(
        slug=slug, title=title or "Jumlah nelayan di Kabupaten Bulungan",
        body=body or "Data jumlah nelayan per kecamatan di Bulungan tersedia di PST kantor ini.",
        topic=Article.Topic.DATA, office=office, status=status,
    )


# Ranking in Indonesian


@pytest.mark.parametrize("query", ["apa itu kemiskinan", "miskin", "kemiskinan", "Miskin?"])
def test_poverty_questions_rank_the_poverty_article_first(ranked, query):
    hits = knowledge.search(query)
    assert slugs(hits)[0] == POVERTY
    # Ranked best first, and the poverty article clearly ahead of mere mentions of "miskin".
    ranks = [hit.rank for hit in hits]
    assert ranks == sorted(ranks, reverse=True)
    assert hits[0].rank > hits[1].rank


def test_stop_words_are_dropped():
    assert knowledge.query_words("Apa itu kemiskinan?") == ["kemiskinan"]
    assert knowledge.query_words("bagaimana cara menghitung TPT dan IPM") == ["menghitung", "tpt", "ipm"]


def stem(word):
    with connection.cursor() as cursor:
        cursor.execute("select ts_lexize('indonesian_stem', %s)", [word])
        (lexemes,) = cursor.fetchone()
    return lexemes[0]


def test_kemiskinan_stems_to_miskin(ranked):
    assert stem("kemiskinan") == stem("miskin") == "miskin"
    assert stem("pengangguran") == "anggur"


def test_the_stop_words_change_nothing_in_the_ranking(articles):
    assert slugs(knowledge.search("apa itu kemiskinan")) == slugs(knowledge.search("kemiskinan"))


def test_kode_kbli_ranks_the_kbli_article_first(ranked):
    hits = knowledge.search("kode KBLI")
    assert slugs(hits)[0] == KBLI
    assert KBJI in slugs(hits)[1:]  # a classification that mentions KBLI, behind it


def test_pengangguran_finds_the_tpt_and_sakernas_article(ranked):
    hits = knowledge.search("pengangguran")
    assert slugs(hits)[0] == UNEMPLOYMENT
    assert hits[0].article.title.endswith("dan Survei Angkatan Kerja Nasional")
    assert "sakernas" in hits[0].article.tag_list()
    assert "<mark>" in str(hits[0].snippet)


def test_a_word_prefix_matches_longer_words(ranked):
    # "sakern" is no word of its own: as a prefix it still finds "Sakernas".
    assert slugs(knowledge.search("sakern"))[0] == UNEMPLOYMENT


@pytest.mark.parametrize("query", ["apa itu", "bagaimana cara untuk saya", "?!", "a i"])
def test_a_query_of_stop_words_only_returns_nothing(articles, query):
    assert knowledge.query_words(query) == []
    assert knowledge.search(query) == []


def test_a_query_that_matches_nothing_returns_nothing(articles):
    assert knowledge.search("zzqxv") == []


def test_the_limit_caps_the_hits(articles):
    assert len(knowledge.search("kemiskinan", limit=2)) == 2


# Snippets


def test_snippets_mark_the_matching_words(articles):
    (hit,) = [hit for hit in knowledge.search("miskin") if hit.article.slug == POVERTY]
    snippet = str(hit.snippet)
    assert "<mark>kemiskinan</mark>" in snippet.lower()
    # Only <mark> is markup in a snippet.
    assert set(re.findall(r"</?([a-z]+)", snippet)) == {"mark"}


def _script_article():
    return Article.objects.create(
        slug="catatan-uji-html", title="Catatan uji penulisan",
        body="Pendahuluan. <script>alert(1)</script> kemiskinan di desa & kota.",
        topic=Article.Topic.DATA, status=Article.Status.PUBLISHED,
    )


def test_a_snippet_never_lets_the_bodys_markup_through(articles):
    _script_article()
    (hit,) = [hit for hit in knowledge.search("kemiskinan") if hit.article.slug == "catatan-uji-html"]
    snippet = str(hit.snippet)
    assert "<mark>kemiskinan</mark>" in snippet
    assert "<script" not in snippet and "</script" not in snippet
    assert "&amp;" in snippet and " & " not in snippet
    assert set(re.findall(r"</?([a-z]+)", snippet)) == {"mark"}


def test_a_snippet_shows_the_bodys_text_escaped(articles):
    """The body is plain text: the snippet shows what the article page shows, escaped, on every
    backend (PostgreSQL's ts_headline must not drop words that look like tags)."""
    _script_article()
    (hit,) = [hit for hit in knowledge.search("kemiskinan") if hit.article.slug == "catatan-uji-html"]
    snippet = str(hit.snippet)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet
    assert "<mark>kemiskinan</mark>" in snippet


# Which articles an office sees


def test_draft_articles_are_not_found(articles, kaltara):
    draft = office_article(None, "nelayan-draf", status=Article.Status.DRAFT)
    office_draft = office_article(kaltara, "nelayan-draf-kantor", status=Article.Status.DRAFT)
    assert knowledge.search("nelayan") == []
    assert knowledge.search("nelayan", office=kaltara) == []
    draft.status = office_draft.status = Article.Status.PUBLISHED
    draft.save()
    office_draft.save()
    assert "nelayan-draf" in slugs(knowledge.search("nelayan"))
    found = sorted(slugs(knowledge.search("nelayan", office=kaltara)))
    assert found == ["nelayan-draf", "nelayan-draf-kantor"]


def test_an_office_finds_its_own_articles_but_not_another_offices(articles, kaltara, kotabaru):
    office_article(kaltara, "nelayan-bulungan")
    assert slugs(knowledge.search("nelayan bulungan", office=kaltara)) == ["nelayan-bulungan"]
    assert knowledge.search("nelayan bulungan", office=kotabaru) == []
    # National articles are found for every office.
    assert slugs(knowledge.search("miskin", office=kotabaru))[0] == POVERTY
    assert slugs(knowledge.search("miskin", office=kaltara))[0] == POVERTY


def test_a_word_in_the_title_weighs_more_than_the_same_word_in_the_body(ranked, kaltara):
    office_article(kaltara, "nelayan-di-judul", title="Nelayan", body="Data perikanan tangkap per kecamatan.")
    office_article(kaltara, "nelayan-di-isi", title="Perikanan tangkap",
                   body="Jumlah nelayan dan rumah tangga nelayan per kecamatan.")
    assert slugs(knowledge.search("nelayan", office=kaltara)) == ["nelayan-di-judul", "nelayan-di-isi"]


def test_an_offices_article_ranks_among_the_national_ones(ranked, kaltara):
    office_article(kaltara, "garis-kemiskinan-kaltara", title="Garis kemiskinan Kalimantan Utara",
                   body="Garis kemiskinan Kalimantan Utara menurut kabupaten/kota, hasil Susenas Maret.")
    found = slugs(knowledge.search("garis kemiskinan", office=kaltara))
    assert set(found[:2]) == {POVERTY, "garis-kemiskinan-kaltara"}


# Pages


def test_the_knowledge_base_page_lists_the_hits(client, articles):
    page = client.get("/layanan/pengetahuan/", {"q": "miskin"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="miskin"' in html
    assert f'href="/layanan/pengetahuan/{POVERTY}/"' in html
    assert "Cara BPS Mengukur Kemiskinan" in html
    assert "<mark>" in html
    first = re.search(r'<ol class="list-unstyled knowledge-hits">.*?href="([^"]+)"', html, re.S).group(1)
    assert first == f"/layanan/pengetahuan/{POVERTY}/"


def test_the_knowledge_base_page_says_when_nothing_matches(client, articles):
    html = client.get("/layanan/pengetahuan/", {"q": "apa itu"}).content.decode()
    assert "Belum ada artikel yang cocok dengan pencarian ini." in html
    assert "knowledge-hits" not in html


def test_the_knowledge_base_page_filters_by_topic(client, articles):
    html = client.get("/layanan/pengetahuan/", {"topik": "classification"}).content.decode()
    listed = set(re.findall(r'href="/layanan/pengetahuan/([^/"]+)/"', html))
    assert listed == {KBLI, KBJI}
    everything = client.get("/layanan/pengetahuan/").content.decode()
    listed_all = set(re.findall(r'href="/layanan/pengetahuan/([^/"]+)/"', everything))
    assert listed_all == set(Article.objects.values_list("slug", flat=True))
    assert len(listed_all) == 14
    # An unknown topic shows every national article.
    unknown = client.get("/layanan/pengetahuan/", {"topik": "astrologi"}).content.decode()
    assert set(re.findall(r'href="/layanan/pengetahuan/([^/"]+)/"', unknown)) == listed_all


def test_a_published_article_page_is_public(client, articles):
    page = client.get(f"/layanan/pengetahuan/{POVERTY}/")
    assert page.status_code == 200
    assert "Cara BPS Mengukur Kemiskinan" in page.content.decode()
    assert "Draf: belum terbit" not in page.content.decode()
    assert client.get("/layanan/pengetahuan/tidak-ada-artikel-ini/").status_code == 404


def test_a_draft_article_is_hidden_except_from_its_offices_staff(client, articles, kaltara, kotabaru):
    draft = office_article(kaltara, "nelayan-bulungan-draf", status=Article.Status.DRAFT)
    url = f"/layanan/pengetahuan/{draft.slug}/"
    assert client.get(url).status_code == 404  # the public
    client.force_login(ProfiledVisitorFactory())
    assert client.get(url).status_code == 404  # a signed-in visitor
    client.force_login(OfficerFactory(office=kotabaru))
    assert client.get(url).status_code == 404  # another office's officer
    client.force_login(OfficerFactory(office=kaltara))
    preview = client.get(url)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Draf: belum terbit, hanya terlihat oleh petugas." in html
    assert "Jumlah nelayan di Kabupaten Bulungan" in html
    # Once published, everyone may read it.
    draft.status = Article.Status.PUBLISHED
    draft.save()
    client.logout()
    assert client.get(url).status_code == 200
