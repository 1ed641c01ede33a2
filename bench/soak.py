"""Deliver 5: simulated people for a few minutes against one size's gunicorn: visitors filing and
reading (every third filing sent twice on purpose: the same form, same token, posted again), officers
working the queue and writing notes, heads approving, anonymous browsing. Every answer other than
200/302 (or a 400/409 the portal gives on purpose to a stale second post) is an error.
The requests filed are counted afterwards in the database (bench.prepare soak-count)."""
import random
import re
import statistics
import threading
import time
from collections import defaultdict

from .client import Client
from .environment import BENCH_PASSWORD, BENCH_TOTP_SECRET
from .sessions import sign_in

CODE = re.compile(r"/permintaan/([A-Z0-9-]+)/")
STAFF_CODE = re.compile(r"/petugas/permintaan/([A-Z0-9-]+)/")
PURPOSE = "Data jumlah penduduk per kecamatan 2025 untuk penelitian (uji beban)."


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = []
        self.filed = set()        # codes the visitors saw confirmed
        self.double_posts = 0
        self.filings = 0          # every third filing of the whole soak is posted twice
        self.approved = 0

    def record(self, kind, response, ok=(200, 302)):
        with self.lock:
            self.times[kind].append(response.seconds)
            if response.status not in ok:
                self.errors.append(f"{kind} {response.url}: {response.status}")
        return response


def _form_posting_to(response, fragment, field=None):
    for form in response.forms():
        if form.method != "post":
            continue
        if fragment in (form.action or response.url) and (field is None or field in form.names()):
            return form
    return None


def file_request(client, office, tally, twice):
    page = tally.record("visitor: filing form", client.get(f"/permintaan/baru/{office}/konsultasi/?tanya=1"))
    form = _form_posting_to(page, "/permintaan/baru/", "submission_token")
    if form is None:
        tally.errors.append(f"no filing form on {page.url} ({page.status})")
        return
    values = form.values(check_all=True)
    values["purpose"] = [PURPOSE]
    answer = tally.record("visitor: post the form", client.post(page.url, values))
    if twice:
        tally.double_posts += 1
        again = tally.record("visitor: post the form again", client.post(page.url, values))
        if again.location != answer.location:
            tally.errors.append(f"double post of the form went elsewhere: {answer.location} / "
                                f"{again.location}")
    check = tally.record("visitor: check answers", client.follow(answer))
    form = _form_posting_to(check, "/periksa/")
    if form is None:
        tally.errors.append(f"no check form on {check.url} ({check.status})")
        return
    sent = tally.record("visitor: submit", client.submit(check, form))
    if twice:
        tally.record("visitor: submit again", client.submit(check, form))
    found = CODE.search(sent.location or "")
    if sent.status == 302 and "/terkirim/" in sent.location and found:
        with tally.lock:
            tally.filed.add(found.group(1))
        tally.record("visitor: confirmation", client.follow(sent))
    else:
        tally.errors.append(f"submit did not confirm: {sent.status} {sent.location}")


def visitor(client, office, tally, stop_at, rng):
    while time.monotonic() < stop_at:
        mine = tally.record("visitor: my requests", client.get("/permintaan/"))
        codes = sorted(set(CODE.findall(mine.text)) - {"baru"})
        if codes:
            tally.record("visitor: a request page", client.get(f"/permintaan/{rng.choice(codes)}/"))
        if rng.random() < 0.5:
            with tally.lock:
                tally.filings += 1
                twice = tally.filings % 3 == 0
            file_request(client, office, tally, twice=twice)
        time.sleep(rng.uniform(0.2, 1.0))


def officer(client, tally, stop_at, rng):
    while time.monotonic() < stop_at:
        queue = tally.record("officer: queue", client.get(rng.choice(
            ["/petugas/", "/petugas/?view=all&q=santoso", "/petugas/?halaman=2"])))
        codes = STAFF_CODE.findall(queue.text)
        if codes:
            code = rng.choice(codes)
            page = tally.record("officer: request page", client.get(f"/petugas/permintaan/{code}/"))
            form = next((f for f in page.forms() if ("action", "hidden", "note", False) in f.fields), None)
            if form is not None and rng.random() < 0.5:
                values = form.values()
                values["note"] = ["Catatan internal (uji beban)."]
                tally.record("officer: write a note", client.post(f"/petugas/permintaan/{code}/tindakan/",
                                                                  values), ok=(200, 302, 409))
        time.sleep(rng.uniform(0.2, 1.0))


def head(client, tally, stop_at, rng):
    while time.monotonic() < stop_at:
        page = tally.record("head: /kepala/", client.get("/kepala/"))
        codes = STAFF_CODE.findall(page.text)
        if codes:
            code = rng.choice(codes)
            detail = tally.record("head: request page", client.get(f"/petugas/permintaan/{code}/"))
            form = next((f for f in detail.forms() if ("action", "hidden", "approve", False) in f.fields),
                        None)
            if form is not None:
                answer = tally.record("head: approve", client.post(f"/petugas/permintaan/{code}/tindakan/",
                                                                   form.values()), ok=(200, 302, 409))
                if answer.status == 302:
                    with tally.lock:
                        tally.approved += 1
        time.sleep(rng.uniform(0.5, 2.0))


def anonymous(port, office, slug, tally, stop_at, rng):
    client = Client(port=port)
    paths = ["/", "/layanan/", f"/layanan/{office}/{slug}/", f"/layanan/{office}/kinerja/",
             "/rekomendasi/daftar/", "/pengaduan/", "/layanan/produk/", "/lacak/"]
    while time.monotonic() < stop_at:
        path = rng.choice(paths)
        tally.record(f"anonymous: {path}", client.get(path))
        time.sleep(rng.uniform(0.1, 0.6))


def soak(port, t, seconds, users=50, seed=5):
    """Runs ``users`` simulated people for ``seconds``; returns the Tally."""
    tally, stop_at = Tally(), time.monotonic() + seconds
    office, rng = t["office"], random.Random(seed)
    visitors, officers, heads = round(users * 0.3), round(users * 0.2), round(users * 0.1)
    staff = {"officer": sign_in(port, t["officer"], BENCH_PASSWORD, BENCH_TOTP_SECRET),
             "head": sign_in(port, t["head"], BENCH_PASSWORD, BENCH_TOTP_SECRET)}
    threads = []
    for n in range(users):
        r = random.Random(rng.random())
        if n < visitors:
            client = sign_in(port, f"soak{n % 30:02d}@contoh.id", BENCH_PASSWORD)
            target, args = visitor, (client, t.get("filing_office", office), tally, stop_at, r)
        elif n < visitors + officers:
            target, args = officer, (staff["officer"].clone(), tally, stop_at, r)
        elif n < visitors + officers + heads:
            target, args = head, (staff["head"].clone(), tally, stop_at, r)
        else:
            target, args = anonymous, (port, office, t["service_slug"], tally, stop_at, r)
        threads.append(threading.Thread(target=_guarded, args=(target, args, tally), daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 180)
    return tally


def _guarded(target, args, tally):
    try:
        target(*args)
    except Exception as exc:  # a dropped connection or a page without its form: an error, not a crash
        with tally.lock:
            tally.errors.append(f"{target.__name__}: {type(exc).__name__}: {exc}")


def p95_by_kind(tally):
    rows = []
    for kind, samples in sorted(tally.times.items()):
        p95 = statistics.quantiles(samples, n=20, method="inclusive")[18] if len(samples) > 1 else samples[0]
        rows.append((kind, len(samples), statistics.median(samples) * 1000, p95 * 1000))
    return rows
