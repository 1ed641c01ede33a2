"""Every page of every role, measured from outside: passes of sequential GETs, interleaved so a slow
moment of the machine falls on every page alike; the yardstick is measured in every pass too."""
import datetime
import statistics
import threading
import time
from dataclasses import dataclass, field

from .client import Client
from .environment import BENCH_PASSWORD, BENCH_TOTP_SECRET
from .sessions import sign_in

YARDSTICK = "yardstick"


@dataclass
class Page:
    role: str
    name: str
    path: str
    cached: bool = False  # a public page that changes rarely (the throughput target)
    samples: list = field(default_factory=list)
    statuses: set = field(default_factory=set)
    queries: int | None = None
    bytes: int = 0

    @property
    def median_ms(self):
        return statistics.median(self.samples) * 1000 if self.samples else None

    @property
    def p95_ms(self):
        if len(self.samples) < 2:
            return self.median_ms
        return statistics.quantiles(self.samples, n=20, method="inclusive")[18] * 1000


def page_list(t):
    """(role, name, path, cached) of every page measured, from bench.prepare's targets ``t``."""
    office, slug, year = t["office"], t["service_slug"], datetime.date.today().year
    pages = [
        ("anonymous", YARDSTICK, "/bench/yardstick/", False),
        ("anonymous", "home", "/", True),
        ("anonymous", "catalogue", "/layanan/", True),
        ("anonymous", "standard page", f"/layanan/{office}/{slug}/", True),
        ("anonymous", "public figures", f"/layanan/{office}/kinerja/", True),
        ("anonymous", "register", "/rekomendasi/daftar/", False),
        ("anonymous", f"register, year {year - 1}", f"/rekomendasi/daftar/?activity_year={year - 1}", False),
        ("anonymous", "products", "/layanan/produk/", True),
        ("anonymous", "knowledge base", "/layanan/pengetahuan/", True),
        ("anonymous", "track", "/lacak/", False),
        ("anonymous", "complaint channels", "/pengaduan/", True),
        ("anonymous", "sign-in", "/akun/login/", False),
        ("anonymous", "walk-in board", f"/antrian/{office}/layar/", False),
        ("anonymous", "/healthz", "/healthz", False),
        ("visitor", "my requests", "/permintaan/", False),
        ("visitor", "filing form", f"/permintaan/baru/{office}/{slug}/", False),
        ("visitor", "my complaints", "/pengaduan/saya/", False),
        ("officer", "workspace / queue first page", "/petugas/", False),
        ("officer", "queue, filter + search", "/petugas/?view=all&status=completed&q=santoso", False),
        ("officer", "queue, deep page", "/petugas/?view=all&halaman=999999", False),
        ("officer", "complaints queue", "/petugas/pengaduan/", False),
        ("officer", "replies", "/petugas/balasan/", False),
        ("officer", "figures", "/petugas/kinerja/", False),
        ("officer", "walk-in desk", "/petugas/loket/", False),
        ("head", "/kepala/ (approvals)", "/kepala/", False),
        ("head", "/kepala/kinerja/ this year", "/kepala/kinerja/?periode=tahun-ini", False),
        ("head", "/kepala/kinerja/ a year back",
         f"/kepala/kinerja/?periode=rentang&dari={year - 1}-01-01&sampai={year - 1}-12-31", False),
        ("admin", "admin home", "/admin/", False),
    ]
    if t.get("product_slug"):
        pages.append(("anonymous", "product page", f"/layanan/produk/{office}/{t['product_slug']}/", True))
    if t.get("article_slug"):
        pages.append(("anonymous", "article", f"/layanan/pengetahuan/{t['article_slug']}/", True))
    if t.get("visitor_request"):
        pages.append(("visitor", "a request page", f"/permintaan/{t['visitor_request']}/", False))
    if t.get("staff_request"):
        staff_page = f"/petugas/permintaan/{t['staff_request']}/"
        pages.append(("officer", "a request page (staff)", staff_page, False))
        pages.append(("head", "a request page (head)", staff_page, False))
    return [Page(*row) for row in pages]


def sign_in_roles(port, t):
    people = {"visitor": (t["visitor"], None), "officer": (t["officer"], BENCH_TOTP_SECRET),
              "head": (t["head"], BENCH_TOTP_SECRET), "admin": (t["admin"], BENCH_TOTP_SECRET)}
    clients = {"anonymous": Client(port=port)}
    for role, (email, secret) in people.items():
        clients[role] = sign_in(port, email, BENCH_PASSWORD, secret)
    return clients


def measure(port, pages, clients, passes=6, gets=50, budget_seconds=20.0):
    """``passes`` × ``gets`` GETs of every page, each page's pass cut short past its share of
    ``budget_seconds`` (at least 5 GETs a pass). Fills every Page's samples; returns seconds spent."""
    started = time.perf_counter()
    share = budget_seconds / passes
    for page in pages:  # one warm-up GET each: both workers' first answers are not timed
        for _ in range(2):
            response = clients[page.role].get(page.path)
        page.queries, page.bytes = response.queries, len(response.body)
        page.statuses.add(response.status)
    for _ in range(passes):
        for page in pages:
            client, begun = clients[page.role], time.perf_counter()
            for n in range(gets):
                response = client.get(page.path)
                page.samples.append(response.seconds)
                page.statuses.add(response.status)
                if n >= 4 and time.perf_counter() - begun > share:
                    break
    return time.perf_counter() - started


def throughput(port, path, threads=4, seconds=5.0):
    """Answers per second with ``threads`` anonymous clients GETting ``path`` for ``seconds``."""
    counts, errors = [0] * threads, [0] * threads
    stop_at = time.perf_counter() + seconds

    def hammer(slot):
        client = Client(port=port)
        while time.perf_counter() < stop_at:
            if client.get(path).status == 200:
                counts[slot] += 1
            else:
                errors[slot] += 1

    workers = [threading.Thread(target=hammer, args=(i,)) for i in range(threads)]
    begun = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(counts) / (time.perf_counter() - begun), sum(errors)
