"""Searching the knowledge base in Indonesian.

On PostgreSQL (production, and the tests of ranking): full-text search with the
``indonesian`` configuration (Snowball stemming), every query word as a prefix, ranked
by ``ts_rank`` with title over summary and tags over body, and ``ts_headline``
snippets, so "apa itu kemiskinan" finds articles about "miskin". Elsewhere (SQLite, for
development): a plain ``icontains`` on the query's words, articles with more of them
(in the title above all) first. Either way Indonesian stop words are dropped from the
query.
"""
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.utils.html import escape
from django.utils.safestring import mark_safe

from services.consultation.models import Article

STOP_WORDS = frozenset("""
ada adalah agar akan aku anda apa apakah atau bagaimana bagi bahwa banyak begitu belum berapa
bisa boleh cara dalam dan dapat dari dengan di dia hal hanya harus ia ingin ini itu jadi jika juga
kalau kami kami kapan ke kenapa kita lagi lain maka mana masih mau mengapa menjadi mereka mohon
nya oleh pada para perlu saat saja saya sebagai secara sedang sehingga sekarang sudah supaya
tanya tentang tersebut tidak untuk yaitu yang
""".split())
WORD = re.compile(r"[0-9a-zA-ZÀ-ÿ]+")
MAX_TERMS = 10


def words(text):
    return [w.lower() for w in WORD.findall(text or "")]


def query_words(query):
    """The query's words that carry meaning (no stop words, no one-letter words), in order, once."""
    found = []
    for word in words(query):
        if word not in STOP_WORDS and len(word) > 1 and word not in found:
            found.append(word)
    return found[:MAX_TERMS]


@dataclass
class Hit:
    article: Article
    rank: float
    snippet: str


def search(query, office=None, limit=10):
    """Published articles matching ``query``, best first: those for every office plus ``office``'s
    own, or, without an office (the public knowledge base), every published article."""
    terms = query_words(query)
    if not terms:
        return []
    articles = Article.objects.published()
    if office is not None:
        articles = articles.for_office(office)
    if connection.vendor == "postgresql":
        return _search_postgresql(articles, terms, limit)
    return _search_icontains(articles, terms, limit)


START, STOP = "\x02", "\x03"


LT, GT = "\x04", "\x05"


def _without_angle_brackets(field):
    return Replace(Replace(field, Value("<"), Value(LT)), Value(">"), Value(GT))


def _marked(text):
    """Escape text whose highlights are wrapped in START/STOP, then turn those into <mark>."""
    escaped = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(escaped.replace(LT, "&lt;").replace(GT, "&gt;"))


def _search_postgresql(articles, terms, limit):
    config = "indonesian"
    vector = (SearchVector("title", weight="A", config=config)
              + SearchVector("summary", "tags", weight="B", config=config)
              + SearchVector("body", weight="C", config=config))
    query = SearchQuery(" | ".join(f"{t}:*" for t in terms), search_type="raw", config=config)
    rows = (
        articles.annotate(document=vector, rank=SearchRank(vector, query))
        .filter(document=query)
        # ts_headline strips what looks like markup: hide < and > from it, then escape them.
        .annotate(snippet=SearchHeadline(_without_angle_brackets("body"), query, config=config,
                                         start_sel=START, stop_sel=STOP,
                                         max_words=30, min_words=12, max_fragments=2,
                                         fragment_delimiter=" … "))
        .order_by("-rank", "title")[:limit]
    )
    return [Hit(row, row.rank, _marked(row.snippet)) for row in rows]


def _search_icontains(articles, terms, limit):
    """Articles whose title, summary, tags or body contain any of the words; a word in the title
    counts three times one elsewhere."""
    anywhere = Q()
    for term in terms:
        anywhere |= (Q(title__icontains=term) | Q(summary__icontains=term) | Q(tags__icontains=term)
                     | Q(body__icontains=term))
    hits = []
    for article in articles.filter(anywhere):
        title = article.title.lower()
        text = " ".join([article.summary, article.tags, article.body]).lower()
        rank = sum(3 * (term in title) + (term in text) for term in terms)
        hits.append(Hit(article, float(rank), _snippet(article.body, terms)))
    hits.sort(key=lambda hit: (-hit.rank, hit.article.title))
    return hits[:limit]


def _snippet(body, terms, width=30):
    """About ``width`` words around the first word that contains a query word, those words marked."""
    tokens = body.split()
    matches = [i for i, token in enumerate(tokens)
               if any(term in word for word in words(token) for term in terms)]
    if not matches:
        return _marked(" ".join(tokens[:width]))
    start = max(0, matches[0] - width // 3)
    window = tokens[start:start + width]
    shown = [f"{START}{token}{STOP}" if start + i in matches else token for i, token in enumerate(window)]
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(tokens) else ""
    return _marked(prefix + " ".join(shown) + suffix)
