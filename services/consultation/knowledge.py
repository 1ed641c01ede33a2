"""Searching the knowledge base in Indonesian.

On PostgreSQL: full-text search with the ``indonesian`` configuration (Snowball
stemming), every query word as a prefix, ranked by ``ts_rank`` with title over
summary and tags over body, and ``ts_headline`` snippets. Elsewhere (SQLite): the
same Snowball stemmer in Python over ``Article.search_stems``, prefix matching and a
weighted count. Either way Indonesian stop words are dropped from the query, so
"apa itu kemiskinan" finds articles about "miskin".
"""
import re
from dataclasses import dataclass

import snowballstemmer
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Value
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
_stemmer = snowballstemmer.stemmer("indonesian")


def words(text):
    return [w.lower() for w in WORD.findall(text or "")]


def stem(word):
    return _stemmer.stemWord(word.lower())


def stems_of(text):
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


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
    return _search_stems(articles, terms, limit)


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


def _search_stems(articles, terms, limit):
    term_stems = [stem(t) for t in terms]
    hits = []
    for article in articles:
        stems = article.search_stems.split()
        title_stems = stems_of(article.title)
        score = 0.0
        for term in term_stems:
            score += 3 * sum(1 for s in title_stems if s.startswith(term))
            score += sum(1 for s in stems if s.startswith(term)) / (1 + len(stems) / 200)
        if score:
            hits.append(Hit(article, score, _snippet(article.body, term_stems)))
    hits.sort(key=lambda hit: (-hit.rank, hit.article.title))
    return hits[:limit]


def _snippet(body, term_stems, width=30):
    """About ``width`` words around the first matching word, the matches marked."""
    tokens = body.split()
    matches = [i for i, token in enumerate(tokens)
               if any(stem(w).startswith(t) for w in words(token) for t in term_stems)]
    if not matches:
        return _marked(" ".join(tokens[:width]))
    start = max(0, matches[0] - width // 3)
    window = tokens[start:start + width]
    shown = [f"{START}{token}{STOP}" if start + i in matches else token for i, token in enumerate(window)]
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(tokens) else ""
    return _marked(prefix + " ".join(shown) + suffix)
