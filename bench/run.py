"""``make bench`` (``python -m bench.run``): for each size of BENCH_SIZES (default 10000,100000) a fresh
PostgreSQL database filled by bench.generate, gunicorn with 2 sync workers on bench.settings, every page of
every role against the yardstick, the throughput of public pages, beat's jobs and the cold sweep, the
PDFs; the soak on the smallest size; then the fault tests and the scale-out check. Prints the tables and
writes them to bench/RESULTS.md. Talks only to 127.0.0.1.

Environment: BENCH_SIZES, BENCH_PASSES (6), BENCH_GETS (50), BENCH_PAGE_SECONDS (time budget of one page
over all its passes, 4), BENCH_SOAK_SECONDS (300), BENCH_SOAK_USERS (50), BENCH_SKIP (comma list of
pages,jobs,pdfs,soak,faults), BENCH_KEEP_DB=1 keeps the databases, BENCH_NOTE heads RESULTS.md."""
import json
import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import redis

from . import beat, database, environment, faults, pages, report, server, soak

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
CACHED_FOR_THROUGHPUT = ("home", "catalogue", "standard page", "public figures", "complaint channels")


def setting(name, default):
    return type(default)(os.environ.get(name, default))


def flush_redis():
    redis.Redis.from_url(environment.REDIS_URL, socket_timeout=5).flushdb()


def measure_pages(port, targets):
    clients = pages.sign_in_roles(port, targets)
    measured = pages.page_list(targets)
    passes, gets = setting("BENCH_PASSES", 6), setting("BENCH_GETS", 50)
    budget = setting("BENCH_PAGE_SECONDS", 4.0)
    pages.measure(port, measured, clients, passes=passes, gets=gets, budget_seconds=budget)
    by_name = {page.name: page for page in measured}
    rates = {"yardstick": pages.throughput(port, "/bench/yardstick/")}
    for page in measured:
        if page.name in CACHED_FOR_THROUGHPUT:
            rates[page.name] = pages.throughput(port, page.path)
    return {"pages": by_name, "yardstick": by_name[pages.YARDSTICK], "throughput": rates,
            "passes": passes, "gets": gets, "share": budget / passes}


def run_soak(port, targets, env, size):
    seconds, users = setting("BENCH_SOAK_SECONDS", 300), setting("BENCH_SOAK_USERS", 50)
    print(f"  soak: {users} users for {seconds} s", flush=True)
    tally = soak.soak(port, targets, seconds, users=users)
    counted = json.loads(environment.module(env, "bench.prepare", "soak-count"))
    missing = sorted(tally.filed - set(counted["submitted"]))
    unseen = sorted(set(counted["submitted"]) - tally.filed)
    errors = list(tally.errors) + [f"confirmed but not in the database: {c}" for c in missing]
    return {"users": users, "seconds": seconds, "size": size, "errors": errors,
            "answers": sum(len(v) for v in tally.times.values()), "filed": len(tally.filed),
            "in_database": len(counted["submitted"]), "drafts_left": counted["drafts"],
            "unseen_in_database": unseen, "double_posts": tally.double_posts,
            "approved": tally.approved, "p95": soak.p95_by_kind(tally)}


@contextmanager
def phase(result, name):
    """Adds the seconds the block took to ``result["steps"]`` (the table's line of timings)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        result["steps"][name] = time.perf_counter() - started


def one_size(size, root, skip, with_soak):
    name = environment.database_name(size)
    workdir = Path(root) / name
    workdir.mkdir()
    env = environment.bench_env(name, workdir)
    demo_env = environment.bench_env(name, workdir, settings="pst_portal.settings.local")
    print(f"== {size:,} requests: preparing {name}", flush=True)
    soak_result = None
    try:
        steps, generated, targets_json = database.prepare(name, size, env, demo_env)
        targets = json.loads(targets_json)
        print(f"  {generated.strip()}\n  targets: {targets}", flush=True)
        result = {"size": size, "requests": targets["requests"], "steps": steps, "pages": {},
                  "yardstick": None, "throughput": {}, "jobs": [], "pdfs": {}, "passes": 0, "gets": 0,
                  "share": 0.0}
        flush_redis()
        with server.gunicorn(env, workdir) as port:
            if "pages" not in skip:
                print("  pages", flush=True)
                with phase(result, "pages"):
                    result.update(measure_pages(port, targets))
            if with_soak and "soak" not in skip:
                with phase(result, "soak"):
                    soak_result = run_soak(port, targets, env, size)
        if "jobs" not in skip:
            print("  jobs", flush=True)
            with phase(result, "jobs"):
                result["jobs"] = beat.run_jobs(env)
        if "pdfs" not in skip:
            with phase(result, "PDFs"):
                result["pdfs"] = beat.run_pdfs(env)
    finally:
        flush_redis()
        if not os.environ.get("BENCH_KEEP_DB"):
            database.drop_database(name)
    return result, soak_result


def main():
    started = time.perf_counter()
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000").split(",") if s.strip()]
    skip = set(filter(None, os.environ.get("BENCH_SKIP", "").split(",")))
    root = tempfile.mkdtemp(prefix="pst-bench-")
    info = report.machine()
    results, soak_result, failures = [], None, []
    try:
        for size in sizes:
            try:
                result, soaked = one_size(size, root, skip, with_soak=size == min(sizes))
            except Exception as exc:  # one size failing still reports the others and says why
                failures.append(f"- {size:,} requests: **FAILED**: {str(exc)[-1500:]}")
                print(failures[-1], flush=True)
                continue
            results.append(result)
            soak_result = soak_result or soaked
        fault_outcomes = None
        if "faults" not in skip:
            print("== fault tests and scale-out", flush=True)
            env = environment.bench_env("pst_bench_faults", Path(root) / "faults")
            fault_outcomes = {"tests": faults.run_fault_tests(env), "scale_out": faults.run_scale_out(env)}
    finally:
        shutil.rmtree(root, ignore_errors=True)
    minutes = (time.perf_counter() - started) / 60
    note = os.environ.get("BENCH_NOTE", "") + f"\n\nSizes {', '.join(f'{s:,}' for s in sizes)}; whole run " \
        f"{minutes:.1f} min (bound: 30 min)." + "".join(f"\n\n{failure}" for failure in failures)
    text = report.document(info, [r for r in results if r["yardstick"]], fault_outcomes, soak_result,
                           note.strip())
    print(text)
    RESULTS.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
