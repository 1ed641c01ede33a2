"""``make bench``: the portal measured from outside under gunicorn on PostgreSQL (issue 19).

bench.run drives it; bench.settings is the only settings module that knows the yardstick view and the
query-count header, so nothing of the benchmark is in the portal's own settings."""
from pathlib import Path

BENCH_TEMPLATES = Path(__file__).resolve().parent / "templates"  # the yardstick's template
