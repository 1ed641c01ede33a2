"""Realistic data for ``make bench``: requests over the demo offices, several years back.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME \\
        .venv/bin/python -m bench.generate --requests 100000 --seed 1

The database must be migrated and loaded (``manage.py load_catalogue``, ``manage.py
create_demo_accounts``). From Python: ``bench.generate.generate(requests=N, seed=S)`` returns a
``Summary`` (counts per table, seconds per phase, the checks' results).

Every request lives a story through the workflow's own rules (``requests_app.rules.rule_for``: each
action from a status it allows, with its target, clock, internal flag and version) and the office's
real calendar (``WorkingCalendar.due_at``, ``deadlines._set_due``'s at-risk and one-day-left moments,
``deadlines._working_days_left`` at a pause); rows are written with ``bulk_create`` in chunks (bounded
memory, no workflow call per request). Deterministic for a seed (and a fixed ``now``). After writing,
``bench.data_checks`` checks a sample (urgency in SQL equals urgency in Python, due dates equal the
calendar's, the pages of sample requests render for their visitor and officer) and raises
``CheckFailed`` when anything is off. Then the performance figures are rebuilt for the history.
"""
import argparse
import datetime
import random
import sys
import time
from dataclasses import dataclass, field

CHUNK = 2000


@dataclass
class Summary:
    requests: int
    seed: int
    counts: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)
    checks: dict = field(default_factory=dict)

    def lines(self):
        yield f"bench data: {self.requests} requests, seed {self.seed}"
        for phase, seconds in self.seconds.items():
            yield f"  {phase:<24} {seconds:8.1f} s"
        for table, count in self.counts.items():
            yield f"  {table:<40} {count:>10}"
        for check, result in self.checks.items():
            yield f"  check {check:<34} {result}"


class LetterNumbers:
    """Issued letters' numbers per office and year, as ``letters.next_sequence`` gives them; the
    ``LetterSequence`` rows are written at the end (``save``)."""

    def __init__(self):
        from services.recommendation.models import Letter, LetterSequence

        self.last = {(s.office_id, s.year): s.last_number for s in LetterSequence.objects.all()}
        for office_id, year, sequence in Letter.objects.exclude(sequence=None).values_list(
                "office_id", "year", "sequence"):
            self.last[(office_id, year)] = max(self.last.get((office_id, year), 0), sequence)

    def issue(self, letter, story, approved_at):
        from django.utils import timezone

        from services.recommendation.letter_models import LetterTemplate
        from services.recommendation.letter_text import fill, number_values

        office = story.request.office
        template = LetterTemplate.for_office(office)
        day = timezone.localtime(approved_at, office.zone).date()
        key = (office.pk, day.year)
        self.last[key] = self.last.get(key, 0) + 1
        letter.sequence, letter.year, letter.letter_date = self.last[key], day.year, day
        letter.number = fill(template.number_pattern, number_values(office.code, letter.sequence, day))
        letter.issued_at, letter.approved_by_id = approved_at, story.events[-1].actor_id
        letter.signer_title, letter.head_name = template.signer_title, template.head_name or "Kepala BPS"
        letter.head_nip = template.head_nip or "197501012000031001"
        organiser = DEMO_ORGANISER
        letter.agency, letter.agency_unit = organiser["agency"], organiser["unit"]
        letter.activity_title, letter.form, letter.activity_year = "", "fs3", day.year + 1
        letter.sha256 = f"{random.Random(letter.code).getrandbits(256):064x}"

    def save(self):
        from services.recommendation.models import LetterSequence

        for (office_id, year), last in self.last.items():
            LetterSequence.objects.update_or_create(office_id=office_id, year=year,
                                                    defaults={"last_number": last})


DEMO_ORGANISER = {"agency": "Pemerintah Kabupaten Kotabaru", "unit": "Dinas Kesehatan"}


def _setup_django():
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pst_portal.settings.local")
    django.setup()


def _offices():
    from services.catalogue.models import Office

    return list(Office.objects.filter(standards__isnull=False).distinct().order_by("code"))


def _people(rng, requests, now, years, summary):
    from bench.data_people import make_officers, make_visitors

    started = time.monotonic()
    first_day = now - datetime.timedelta(days=365 * years)
    by_segment, ids = make_visitors(rng, max(3, requests // 3), first_day, now)
    by_segment["all"] = ids
    officers, heads = make_officers(rng, _offices())
    summary.seconds["visitors and officers"] = time.monotonic() - started
    return by_segment, officers, heads


def generate(requests=10000, seed=1, *, now=None, years=4, checks=True, figures=True, out=None):
    """Fill the database with ``requests`` requests and everything around them; returns a Summary."""
    from django.db import transaction
    from django.utils import timezone

    from bench import data_checks, data_extras
    from bench.data_clock import Calendars
    from bench.data_requests import Context, build_chunk

    rng = random.Random(seed)
    now = now or timezone.now().replace(microsecond=0)
    summary = Summary(requests=requests, seed=seed)
    say = (out or (lambda line: None))
    visitors, officers, heads = _people(rng, requests, now, years, summary)
    ctx = Context(rng, Calendars(), now, years, visitors, officers, heads)
    ctx.letters = LetterNumbers()
    started, made, sample = time.monotonic(), 0, []
    while made < requests:
        with transaction.atomic():
            stories = build_chunk(ctx, min(CHUNK, requests - made))
            data_extras.write_for_stories(ctx, stories)
        sample += [s.request.pk for s in stories[:: max(1, requests // 600)]]
        made += len(stories)
        say(f"  {made} requests ({time.monotonic() - started:.0f} s)")
    ctx.letters.save()
    data_extras.save_ticket_counters(ctx)
    summary.seconds["requests and related"] = time.monotonic() - started
    started = time.monotonic()
    data_extras.write_background(ctx, requests)
    summary.seconds["job runs and outbox"] = time.monotonic() - started
    if figures:
        started = time.monotonic()
        summary.counts["figure office-days rebuilt"] = data_extras.rebuild_figures(ctx)
        summary.seconds["rebuild figures"] = time.monotonic() - started
    summary.counts.update(data_checks.counts())
    if checks:
        started = time.monotonic()
        summary.checks = data_checks.run(ctx, sample, now)
        summary.seconds["checks"] = time.monotonic() - started
    return summary


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--years", type=int, default=4)
    parser.add_argument("--no-checks", action="store_true")
    parser.add_argument("--no-figures", action="store_true")
    args = parser.parse_args(argv)
    _setup_django()
    started = time.monotonic()
    summary = generate(requests=args.requests, seed=args.seed, years=args.years, checks=not args.no_checks,
                       figures=not args.no_figures, out=print)
    for line in summary.lines():
        print(line)
    print(f"  total {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
