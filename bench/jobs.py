"""Beat's jobs and the PDFs, each measured in a fresh subprocess on the bench's database.

``python -m bench.jobs run TASK`` runs one task's function in-process (as a worker would) and prints
JSON: seconds, queries, peak memory (ru_maxrss, the whole process, and its growth over the set-up
process), the task's result. ``cold-sweep`` deletes every Reminder first, so every reminder of every
open request is due at once (the catch-up after a holiday or a beat outage). ``pdfs`` renders each
PDF the portal makes a few times."""
import importlib
import json
import resource
import sys
import time


def _maxrss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measured(function):
    from django.db import connection

    from .instrument import QueryCounter

    counter, before = QueryCounter(), _maxrss_mb()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        result = function()
    return {"seconds": round(time.perf_counter() - started, 3), "queries": counter.count,
            "peak_mb": round(_maxrss_mb(), 1), "growth_mb": round(_maxrss_mb() - before, 1),
            "result": str(result)[:200]}


def task_function(dotted):
    module_name, name = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(module_name), name)


def run_task(dotted):
    return _measured(task_function(dotted))


def cold_sweep():
    from requests_app.models import Reminder
    from requests_app.tasks import sweep_deadlines

    deleted, _ = Reminder.objects.all().delete()
    first = _measured(sweep_deadlines)
    first["reminders_written"] = Reminder.objects.count()
    first["reminders_deleted_first"] = deleted
    second = _measured(sweep_deadlines)
    second["reminders_written"] = Reminder.objects.count() - first["reminders_written"]
    return {"cold": first, "second": second}


def _timed(render, times=3):
    samples, size = [], 0
    for _ in range(times):
        started = time.perf_counter()
        size = len(render())
        samples.append(time.perf_counter() - started)
    return {"ms": round(sorted(samples)[len(samples) // 2] * 1000, 1), "kb": round(size / 1024, 1)}


def pdfs():
    from requests_app.models import Request
    from services.catalogue.models import Standard
    from services.catalogue.pdf import render_pdf
    from services.product_sales.orders import sppd_pdf
    from services.recommendation.letters import render_letter
    from services.recommendation.models import Letter

    out = {}
    letter = Letter.objects.filter(state=Letter.State.ISSUED).order_by("-pk").first()
    out["recommendation letter"] = _timed(lambda: render_letter(letter)) if letter else "no issued letter"
    draft = Letter.objects.exclude(state=Letter.State.ISSUED).order_by("-pk").first()
    if draft:
        out["letter preview (draft)"] = _timed(lambda: render_letter(draft, draft=True))
    ordered = Request.objects.filter(order__isnull=False, order__lines__isnull=False).order_by("-pk").first()
    out["SPPD (data-use agreement)"] = _timed(lambda: sppd_pdf(ordered)) if ordered else "no order"
    standard = Standard.objects.in_force().select_related("office").order_by("pk").first()
    out["service standard"] = _timed(lambda: render_pdf(
        "catalogue/standard_pdf.html", {"standard": standard, "office": standard.office}))
    return out


def main(argv):
    import django

    django.setup()
    if argv[0] == "run":
        print(json.dumps(run_task(argv[1])))
    elif argv[0] == "cold-sweep":
        print(json.dumps(cold_sweep()))
    elif argv[0] == "pdfs":
        print(json.dumps(pdfs()))
    else:
        raise SystemExit(f"unknown step {argv[0]}")


if __name__ == "__main__":
    main(sys.argv[1:])
