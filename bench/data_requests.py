"""Requests of the benchmark, in chunks: each request's plan (``data_stories``), its story through the
workflow's rules and the office's calendar (``data_clock``), then one ``bulk_create`` per table for the
chunk (requests, events, pauses, confirmations) and the service rows (``data_services``)."""
import datetime
import uuid

from django.utils import timezone

from bench import data_services
from bench.data_clock import EVENT_COLUMNS, Story
from bench.data_copy import copy_rows, insert, reserve_ids
from bench.data_stories import H, O, S, V, channel_for, make_plan, script
from requests_app.models import CODE_ALPHABET, CODE_RANDOM_LENGTH, ClockPause, Request, RequestEvent
from services.catalogue.models import Standard, section_channel

# Share of the requests per (office code, service): the demo offices' standards.
STANDARD_WEIGHTS = {("6500", "konsultasi"): 35, ("6202", "penjualan-produk"): 20,
                    ("6302", "penjualan-produk"): 12, ("6302", "rekomendasi"): 22, ("6371", "rekomendasi"): 11}
PURPOSES = {
    "konsultasi": ("Data kemiskinan per kecamatan untuk skripsi", "Metode penghitungan inflasi daerah",
                   "Klasifikasi KBLI untuk izin usaha", "Data penduduk menurut umur untuk perencanaan"),
    "penjualan-produk": ("Data mikro Susenas untuk penelitian", "Publikasi daerah dalam angka",
                         "Peta wilayah kerja statistik untuk survei lapangan"),
    "rekomendasi": ("Rekomendasi survei kepuasan layanan", "Rekomendasi kompilasi data administrasi",
                    "Rekomendasi survei sektoral dinas"),
}


class Context:
    """What every chunk shares: the standards, people, calendars, codes already given, and ``now``."""

    def __init__(self, rng, calendars, now, years, visitors, officers, heads):
        self.rng, self.calendars, self.now, self.years = rng, calendars, now, years
        self.visitors, self.officers, self.heads = visitors, officers, heads
        self.codes = set(Request.objects.values_list("code", flat=True))
        self.standards = self._standards()

    def _standards(self):
        found = []
        for (office_code, slug), weight in STANDARD_WEIGHTS.items():
            standard = (Standard.objects.filter(office__code=office_code, service_kind__slug=slug)
                        .select_related("office", "service_kind").order_by("-effective_from").first())
            if standard is None:
                continue
            sections = {s.channel: s for s in standard.sections.prefetch_related("requirements")}
            found.append((standard, sections, weight))
        if not found:
            raise RuntimeError("No demo standard found: run load_catalogue and create_demo_accounts first.")
        return found

    def new_code(self, office_code, when):
        while True:
            code = f"{office_code}-{when:%y}-" + "".join(self.rng.choice(CODE_ALPHABET)
                                                        for _ in range(CODE_RANDOM_LENGTH))
            if code not in self.codes:
                self.codes.add(code)
                return code


def _filed_at(ctx, standard, channel):
    """A moment over the years back (more recent years a little busier); walk-ins in office hours."""
    rng, office = ctx.rng, standard.office
    span_days = ctx.years * 365
    age = span_days * (1 - rng.random() ** 0.8)
    moment = ctx.now - datetime.timedelta(days=age)
    first = datetime.datetime.combine(standard.effective_from, datetime.time(8), tzinfo=office.zone)
    moment = max(moment, first + datetime.timedelta(days=rng.random() * 30))
    if channel == "walk_in" or rng.random() < 0.7:  # most online filings in the working day too
        calendar = ctx.calendars.of(office)
        day = timezone.localtime(moment, office.zone).date()
        if not calendar.is_working_day(day):
            day = calendar.next_working_day(day)
        moment = datetime.datetime.combine(day, datetime.time(8 + rng.randrange(7), rng.randrange(60)),
                                           tzinfo=office.zone)
    return min(moment, ctx.now - datetime.timedelta(minutes=5 + rng.randrange(600)))


def _times(ctx, start, count, slug):
    """``count`` increasing moments after ``start``, never after now."""
    rng = ctx.rng
    typical = {"konsultasi": 4, "penjualan-produk": 12, "rekomendasi": 35}[slug]
    span = datetime.timedelta(days=typical * (0.3 + rng.random() * 1.5))
    span = min(span, ctx.now - start - datetime.timedelta(minutes=1))
    fractions = sorted(rng.random() for _ in range(count))
    return [start + span * f for f in fractions]


def _visitor_for(ctx, slug):
    pool = ctx.visitors.get("government") if slug == "rekomendasi" else ctx.visitors.get("all")
    return ctx.rng.choice(pool)


def build_one(ctx, standard, sections):
    rng, office, slug = ctx.rng, standard.office, standard.service_kind.slug
    channel = channel_for(rng, slug, [c for c in ("online", "walk_in") if c in sections])
    filed = _filed_at(ctx, standard, channel)
    plan = make_plan(rng, slug, channel, (ctx.now - filed).days)
    section = sections.get(section_channel(channel))
    officer = rng.choice(ctx.officers[office.pk])
    visitor = _visitor_for(ctx, slug) if plan.with_visitor else None
    request = Request(
        code=ctx.new_code(office.code, filed), office=office, service_kind=standard.service_kind,
        standard=standard, channel=channel, visitor_id=visitor, purpose=rng.choice(PURPOSES[slug]),
        language="id" if rng.random() < 0.9 else "en", created_at=filed - datetime.timedelta(minutes=3),
        submission_token=uuid.UUID(int=rng.getrandbits(128), version=4) if channel == "online" else None,
    )
    if slug == "konsultasi" and channel == "walk_in":  # recorded at the desk (conversation.record_walk_in)
        request.submitted_at = filed
    story = Story(request, ctx.calendars, section)
    steps = script(plan)
    actors = {V: visitor, O: officer, H: ctx.heads.get(office.pk), S: None}
    for (action, who, note), at in zip(steps, [filed, *_times(ctx, filed, len(steps) - 1, slug)]):
        story.act(action, actors[who], at, note)
    story.plan, story.officer = plan, officer
    return story


def build_chunk(ctx, count):
    """``count`` stories, written with one bulk insert per table; returns the stories."""
    weights = [w for _s, _sec, w in ctx.standards]
    stories = []
    for _n in range(count):
        standard, sections, _w = ctx.rng.choices(ctx.standards, weights)[0]
        stories.append(build_one(ctx, standard, sections))
    insert([s.request for s in stories])
    _fill_ids(stories)
    events = [e for s in stories for e in s.events]
    for event, pk in zip(events, reserve_ids(RequestEvent, len(events)), strict=True):
        event.id = pk
    for story in stories:
        for event in story.events:
            event.request_id = story.request.pk
    copy_rows(RequestEvent, EVENT_COLUMNS, [e.values() for e in events])
    insert([p for s in stories for p in _with_request(s, s.pauses)])
    data_services.write(ctx, stories)
    return stories


def _fill_ids(stories):
    if stories and stories[0].request.pk is None:  # a backend without RETURNING
        ids = dict(Request.objects.filter(code__in=[s.request.code for s in stories]).values_list("code", "pk"))
        for story in stories:
            story.request.pk = ids[story.request.code]


def _with_request(story, rows):
    for row in rows:
        row.request = story.request
        yield row
