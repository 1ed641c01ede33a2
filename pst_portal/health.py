"""``/healthz``: is the database reachable, is the Celery broker reachable, and are the outbox and
beat keeping up ("behind" turns the status to "degraded", still 200)?

Anyone (the load balancer) reads the status and its HTTP code; which check failed, and how the
outbox and beat are doing, only a caller with ``Authorization: Bearer <HEALTHZ_TOKEN>`` or one on
the host itself, not through the proxy, reads."""
import ipaddress
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as CheckTimedOut

import redis
from django.conf import settings
from django.db import connections
from django.http import JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from redis.backoff import NoBackoff
from redis.retry import Retry

from .celery import app as celery_app
from .jobs import beat_status, outbox_status

logger = logging.getLogger(__name__)


def database_status():
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"
        logger.warning("healthz: database unreachable: %s", exc)
        return "down"
    return "ok"


_redis_clients = {}


def _redis_client(url, timeout):
    """One Redis client per broker address and process, kept between checks (its connection pool
    saves a connection and a handshake on every /healthz), each socket operation bounded by ``timeout``
    and never retried: kombu's Redis connection has no read timeout of its own, and a hung Redis (it
    accepts, never answers) would hold the check for as long as the socket lets it."""
    client = _redis_clients.get(url)
    if client is None:
        client = _redis_clients[url] = redis.Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=timeout, retry=Retry(NoBackoff(), 0),
            retry_on_timeout=False, health_check_interval=0,
        )
    return client


def _ping_broker(timeout):
    """Make the broker answer: Redis by a PING on the kept client; another transport (the filesystem
    broker of ``make run``) through kombu."""
    url = celery_app.conf.broker_url
    if url.startswith(("redis://", "rediss://")):
        _redis_client(url, timeout).ping()
        return
    with celery_app.connection_for_write(connect_timeout=timeout) as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)


# The broker is checked in a thread of its own so that /healthz answers within its deadline whatever the
# broker does; a check that overruns is "down" and its thread ends with its socket's timeout.
_checks = ThreadPoolExecutor(max_workers=2, thread_name_prefix="healthz")


def broker_status():
    """ "ok", or "down" when the broker refuses, fails or does not answer within
    ``HEALTHCHECK_BROKER_TIMEOUT`` seconds (in all: a hung broker costs no more)."""
    timeout = settings.HEALTHCHECK_BROKER_TIMEOUT
    started = time.monotonic()
    try:
        _checks.submit(_ping_broker, timeout / 2).result(timeout=timeout)
    except CheckTimedOut:
        logger.warning("healthz: broker did not answer within %.1f s", time.monotonic() - started)
        return "down"
    except Exception as exc:
        logger.warning("healthz: broker unreachable: %s", exc)
        return "down"
    return "ok"


# Headers a proxy adds: a request carrying one came from elsewhere, even from the loopback address.
PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


def from_loopback(request):
    """On the host itself: a loopback address and no sign of a proxy in between."""
    try:
        loopback = ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False
    return loopback and not any(header in request.META for header in PROXY_HEADERS)


def has_token(request):
    token = settings.HEALTHZ_TOKEN
    scheme, _, given = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and constant_time_compare(given.strip(), token)


def may_read_details(request):
    return has_token(request) or from_loopback(request)


@never_cache
@require_GET
def healthz(request):
    checks = {"database": database_status(), "broker": broker_status()}
    healthy = all(value == "ok" for value in checks.values())
    if checks["database"] == "ok":
        # Behind is not down: the web still serves and nothing is lost, but someone should look.
        checks["outbox"] = outbox_status()
        checks["beat"] = beat_status()
    behind = "behind" in checks.values()
    answer = {"status": ("degraded" if behind else "ok") if healthy else "down"}
    if may_read_details(request):
        answer["checks"] = checks
    return JsonResponse(answer, status=200 if healthy else 503)
