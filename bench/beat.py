"""Harness side of the jobs: every task of CELERY_BEAT_SCHEDULE once, the cold sweep, the PDFs."""
import ast
import json

from .environment import ROOT, module


def beat_tasks():
    """The dotted task names of CELERY_BEAT_SCHEDULE, read from the settings' source (the harness does
    not set Django up)."""
    source = (ROOT / "pst_portal" / "settings" / "base.py").read_text()
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "CELERY_BEAT_SCHEDULE"
                                                for t in node.targets):
            names = []
            for value in node.value.values:
                for key, item in zip(value.keys, value.values, strict=True):
                    if getattr(key, "value", None) == "task":
                        names.append(item.value)
            return names
    return []


def run_jobs(env):
    rows = []
    for task in beat_tasks():
        try:
            rows.append({"job": task.rsplit(".", 1)[1], **json.loads(module(env, "bench.jobs", "run", task))})
        except RuntimeError as exc:
            rows.append({"job": task.rsplit(".", 1)[1], "error": str(exc)[-300:]})
    try:
        sweep = json.loads(module(env, "bench.jobs", "cold-sweep"))
        rows.append({"job": "sweep_deadlines, cold (every reminder due)", **sweep["cold"]})
        rows.append({"job": "sweep_deadlines, second run", **sweep["second"]})
    except RuntimeError as exc:
        rows.append({"job": "cold sweep", "error": str(exc)[-300:]})
    return rows


def run_pdfs(env):
    try:
        return json.loads(module(env, "bench.jobs", "pdfs"))
    except RuntimeError as exc:
        return {"error": str(exc)[-300:]}
