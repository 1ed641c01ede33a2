"""Production settings plus what only the benchmark needs: the yardstick URL (bench.urls) and a
middleware that counts the queries of every answer into ``X-Bench-Queries`` (bench.instrument)."""
import copy

from pst_portal.settings.production import *  # noqa: F403
from pst_portal.settings.production import MIDDLEWARE, TEMPLATES

from . import BENCH_TEMPLATES

TEMPLATES = copy.deepcopy(TEMPLATES)
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BENCH_TEMPLATES]
ROOT_URLCONF = "bench.urls"
# Outermost, so the session, the user and every other middleware's queries are counted too.
MIDDLEWARE = ["bench.instrument.QueryCountMiddleware", *MIDDLEWARE]
