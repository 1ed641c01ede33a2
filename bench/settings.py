"""Production settings plus what only the benchmark needs: the yardstick URL (bench.urls) and a
middleware that counts the queries of every answer into ``X-Bench-Queries`` (bench.instrument)."""
from pst_portal.settings.production import *  # noqa: F403
from pst_portal.settings.production import INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
# Outermost, so the session, the user and every other middleware's queries are counted too.
MIDDLEWARE = ["bench.instrument.QueryCountMiddleware", *MIDDLEWARE]
