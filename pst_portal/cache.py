"""A Redis cache that never takes a page down with it.

The cache holds the rate limits (allauth's sign-in, sign-up and password-reset limits, ``/lacak/``).
Django's ``RedisCache`` raises when Redis is stopped and waits as long as the socket lets it when Redis
hangs, so every limited page answered 500 or hung. ``ResilientRedisCache`` talks to Redis with short
socket timeouts and no retries; when Redis fails to answer, the call (and every call in the next
``RETRY_AFTER`` seconds, so a page pays for the outage at most once) goes to a local in-process cache
instead. Limits then count per web process rather than across them until Redis answers again:
a little more lenient, never an error, never a wait.
"""
import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("pst_portal.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
DEFAULT_SOCKET_TIMEOUT = 0.5
DEFAULT_RETRY_AFTER = 30.0

# Shared by the threads of a process: Django gives each thread its own cache object.
_down_until = {}
_lock = threading.Lock()


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": dict(params.get("OPTIONS", {}))}
        options = params["OPTIONS"]
        self.retry_after = float(options.pop("RETRY_AFTER", DEFAULT_RETRY_AFTER))
        options.setdefault("socket_connect_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("retry_on_timeout", False)
        options.setdefault("health_check_interval", 0)
        super().__init__(server, params)
        self._name = str(server)
        fallback_params = {key: value for key, value in params.items() if key != "OPTIONS"}
        self.fallback = LocMemCache(f"pst-fallback:{self._name}", fallback_params)

    def redis_is_down(self):
        return _down_until.get(self._name, 0.0) > time.monotonic()

    def _mark_down(self, error):
        with _lock:
            was_up = not self.redis_is_down()
            _down_until[self._name] = time.monotonic() + self.retry_after
        if was_up:
            logger.warning("cache %s unreachable (%s); using the local cache for %.0f s",
                           self._name, error.__class__.__name__, self.retry_after)

    def _call(self, method, *args, **kwargs):
        if not self.redis_is_down():
            try:
                return getattr(super(), method)(*args, **kwargs)
            except UNREACHABLE as error:
                self._mark_down(error)
        return getattr(self.fallback, method)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        self.fallback.clear()
        return self._call("clear")
