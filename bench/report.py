"""Judging the targets of issue 19 and writing the tables (stdout and bench/RESULTS.md)."""
import os
import platform
import subprocess
from datetime import UTC, datetime

PAGE_RATIO = 3.0          # every page ≤ 3x the yardstick at 100,000 requests
FLATNESS = 1.2            # ratio at the largest size ≤ 1.2 × ratio at the smallest
HEALTHZ_RATIO = 2.0
CACHED_THROUGHPUT = 0.8   # public pages that change rarely: ≥ 0.8x the yardstick's answers per second
SWEEP_SECONDS, SWEEP_MB = 5.0, 200.0
TARGET_SIZE = 100_000


def verdict(met):
    return "met" if met else "**NOT MET**"


def ratio(page, yardstick):
    return page.median_ms / yardstick.median_ms if page.median_ms and yardstick.median_ms else None


def page_target(page, yardstick):
    """(limit, met) for one page at one size."""
    value = ratio(page, yardstick)
    limit = HEALTHZ_RATIO if page.name == "/healthz" else PAGE_RATIO
    if value is None:
        return limit, False
    return limit, value <= limit and page.statuses <= {200, 302}


def flatness(small, large):
    """{page name: (ratio small, ratio large, large/small, met)} between two sizes' pages."""
    ys, yl = small["yardstick"], large["yardstick"]
    out = {}
    for name, page in large["pages"].items():
        if name == "yardstick" or name not in small["pages"]:
            continue
        rs, rl = ratio(small["pages"][name], ys), ratio(page, yl)
        if rs and rl:
            out[name] = (rs, rl, rl / rs, rl / rs <= FLATNESS)
    return out


def job_target(row, reminders_hint=None):
    """Sweeps: ≤ 5 s and ≤ 200 MB; the cold sweep's queries must not grow with what it writes
    (judged as ≤ 100 + one per 20 reminders: a per-reminder query pattern fails it)."""
    if "error" in row:
        return "**ERROR**"
    if not row["job"].startswith(("sweep", "send_digests", "remind")):
        return "-"
    met = row["seconds"] <= SWEEP_SECONDS and row["peak_mb"] <= SWEEP_MB
    written = row.get("reminders_written")
    if written:
        met = met and row["queries"] <= 100 + written / 20
    return verdict(met)


def fmt(value, digits=1):
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def size_table(result):
    y = result["yardstick"]
    lines = [f"### {result['size']:,} requests asked for ({result['requests']:,} in the database)", "",
             f"Measured: {result['passes']} passes of up to {result['gets']} sequential GETs per page "
             f"(a pass of a page stops past {result['share']:.1f} s, at least 5 GETs); "
             f"yardstick median {fmt(y.median_ms, 2)} ms.", "",
             "| role | page | median ms | p95 ms | ratio | queries | KB | GETs | status | target |",
             "|---|---|---:|---:|---:|---:|---:|---:|---|---|"]
    for page in result["pages"].values():
        limit, met = page_target(page, y)
        target = "-" if page.name == "yardstick" else f"≤{limit:g}x {verdict(met)}"
        lines.append(f"| {page.role} | {page.name} | {fmt(page.median_ms)} | {fmt(page.p95_ms)} | "
                     f"{fmt(ratio(page, y), 1)}x | {fmt(page.queries, 0)} | {fmt(page.bytes / 1024)} | "
                     f"{len(page.samples)} | {','.join(map(str, sorted(page.statuses)))} | {target} |")
    lines += ["", "Throughput (4 concurrent anonymous clients, answers per second):", "",
              "| page | answers/s | x yardstick | errors | target ≥0.8x |", "|---|---:|---:|---:|---|"]
    base = result["throughput"].get("yardstick", (0, 0))[0]
    for name, (rate, errors) in result["throughput"].items():
        share = rate / base if base else None
        target = "-" if name == "yardstick" else verdict(share is not None and share >= CACHED_THROUGHPUT)
        lines.append(f"| {name} | {fmt(rate)} | {fmt(share, 2)} | {errors} | {target} |")
    lines += ["", "Jobs (each in a fresh process; peak = the process's ru_maxrss, growth = over its set-up):",
              "",
              "| job | seconds | queries | peak MB | growth MB | reminders written | result | target |",
              "|---|---:|---:|---:|---:|---:|---|---|"]
    for row in result["jobs"]:
        if "error" in row:
            lines.append(f"| {row['job']} | - | - | - | - | - | {row['error'][-120:]!r} | **ERROR** |")
            continue
        lines.append(f"| {row['job']} | {fmt(row['seconds'], 2)} | {row['queries']} | "
                     f"{fmt(row['peak_mb'])} | "
                     f"{fmt(row['growth_mb'])} | {row.get('reminders_written', '-')} | "
                     f"{row['result'][:60].replace('|', '/')} | {job_target(row)} |")
    lines += ["", "PDFs (median of 3 renders, in-process):", "", "| PDF | ms | KB |", "|---|---:|---:|"]
    pdfs = result["pdfs"]
    for name, value in pdfs.items():
        if isinstance(value, dict):
            lines.append(f"| {name} | {fmt(value['ms'])} | {fmt(value['kb'])} |")
        else:
            lines.append(f"| {name} | {value} | - |")
    steps = ", ".join(f"{k} {v:.0f}" for k, v in result["steps"].items())
    lines += ["", f"Timings (seconds): {steps}", ""]
    return "\n".join(lines)


def flatness_table(results):
    if len(results) < 2:
        return "Cost flat in the data: one size only, not judged.\n"
    small, large = results[0], results[-1]
    lines = [f"### Flat in the data: ratio at {large['size']:,} ≤ {FLATNESS}x the ratio at "
             f"{small['size']:,}", "",
             "| page | ratio small | ratio large | large/small | target |", "|---|---:|---:|---:|---|"]
    for name, (rs, rl, growth, met) in flatness(small, large).items():
        lines.append(f"| {name} | {rs:.1f}x | {rl:.1f}x | {growth:.2f} | {verdict(met)} |")
    return "\n".join(lines) + "\n"


def machine():
    def first(command):
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return "?"

    cpu = "?"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                   if line.startswith("model name"))
        ram = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
        ram = f"{ram / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        ram = "?"
    return {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "cpu": cpu,
            "cores": os.cpu_count(), "ram": ram, "python": platform.python_version(),
            "postgresql": first(["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "SHOW server_version"]),
            "redis": first(["redis-server", "--version"]).split(" ")[2].replace("v=", "") or "?",
            "os": platform.platform(), "load": " ".join(f"{x:.2f}" for x in os.getloadavg())}


def machine_block(info):
    return "\n".join([f"- {key}: {value}" for key, value in info.items()]) + "\n"


def faults_block(faults):
    outcomes, summary, seconds = faults["tests"]
    lines = [f"Fault tests (CI=true, throwaway servers of their own; {seconds:.0f} s): {summary}", ""]
    lines += [f"- {outcome}: {test}" for outcome, test in outcomes] or ["- none found"]
    outcome, tail, seconds = faults["scale_out"]
    lines += ["", f"Scale-out check (`python -m bench.scale_out`, {seconds:.0f} s): {outcome}", "",
              "```", tail, "```", ""]
    return "\n".join(lines)


def soak_block(soak):
    if soak is None:
        return "Soak: not run.\n"
    lines = [f"Soak: {soak['users']} simulated users for {soak['seconds']} s on the "
             f"{soak['size']:,}-request data: "
             f"{soak['answers']} answers, {len(soak['errors'])} errors "
             f"({verdict(not soak['errors'])}); filed {soak['filed']} (seen confirmed), in the database "
             f"{soak['in_database']} submitted and {soak['drafts_left']} drafts left by the soak's visitors; "
             f"{soak['double_posts']} filings posted twice on purpose; lost or doubled: "
             f"{verdict(soak['filed'] == soak['in_database'])}; heads approved {soak['approved']}.", "",
             "| kind of page | answers | median ms | p95 ms |", "|---|---:|---:|---:|"]
    lines += [f"| {kind} | {n} | {median:.1f} | {p95:.1f} |" for kind, n, median, p95 in soak["p95"]]
    if soak["errors"]:
        lines += ["", "First errors:", ""] + [f"- {e}" for e in soak["errors"][:15]]
    return "\n".join(lines) + "\n"


def document(info, results, faults, soak, note):
    parts = ["# `make bench` results", "", note, "", "## Machine", "", machine_block(info), "## Pages", ""]
    parts += [size_table(result) for result in results]
    parts += [flatness_table(results), "## Faults and scale-out", "",
              faults_block(faults) if faults else "not run\n",
              "## Soak", "", soak_block(soak)]
    return "\n".join(parts)
