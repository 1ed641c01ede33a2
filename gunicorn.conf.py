"""gunicorn's settings, read by ``gunicorn pst_portal.wsgi`` started in this folder (gunicorn reads
``./gunicorn.conf.py`` unless ``-c`` names another file). Each can be changed by an environment
variable (docs/deploy.md, "Environment"); options given on the command line win over both.

gunicorn writes ``Server: gunicorn`` on every answer and has no setting to leave it out; the portal
does not say which server runs it (Django adds no such header), so the line is left out here, before
any worker answers.

This file must not import ``pst_portal``: its package sets a default settings module (local) that the
WSGI module (production) would then not override."""
import json
import os
import time
import traceback

from gunicorn.glogging import Logger
from gunicorn.http.wsgi import Response

_default_headers = Response.default_headers


def _headers_without_server(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


Response.default_headers = _headers_without_server


def _env_int(name, default):
    return int(os.environ.get(name, default))


# Where and how many: sync workers (the portal's pages are short and database-bound); threads > 1
# makes them gthread workers. A worker silent for `timeout` seconds is killed and replaced; on a
# restart (SIGHUP, a deploy) or stop (SIGTERM) a worker may finish its answer for `graceful_timeout`.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = _env_int("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1)
threads = _env_int("GUNICORN_THREADS", 1)
timeout = _env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)
# Each worker is replaced after this many answers (plus up to the jitter, so they do not all restart
# together): whatever a long-lived process accumulates is returned. 0 turns it off.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# The proxy in front is the only client (docs/deploy.md); gunicorn believes its X-Forwarded-Proto only
# from these addresses. The portal itself reads the client's address with TRUSTED_PROXY_COUNT.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs: gunicorn's own (errors, workers started and killed) on stderr; the access log, one JSON
# object per answer, where GUNICORN_ACCESS_LOG says ("-": stdout; unset: none).
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None


def access_entry(atoms):
    """gunicorn's access-log atoms as the fields of one JSON line."""
    status = str(atoms.get("s", ""))
    return {
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "logger": "gunicorn.access",
        "remote_addr": atoms.get("h"),
        "forwarded_for": atoms.get("{x-forwarded-for}i"),
        "method": atoms.get("m"),
        "path": atoms.get("U"),
        "query": atoms.get("q") or "",
        "status": int(status) if status.isdigit() else status,
        "bytes": atoms.get("B"),
        "duration_ms": atoms.get("M"),
        "user_agent": atoms.get("a"),
        "pid": os.getpid(),
    }


class JSONAccessLogger(Logger):
    """gunicorn's logger whose access log writes one JSON object per answer."""

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        try:
            entry = access_entry(self.atoms(resp, req, environ, request_time))
            self.access_log.info(json.dumps(entry, ensure_ascii=False, default=str))
        except Exception:  # gunicorn's own logger does the same: a log line never fails an answer
            self.error(traceback.format_exc())


logger_class = JSONAccessLogger

# gunicorn 27's control socket (gunicornc) defaults to one path per user: a second instance on the
# same host would take over the first one's. Off unless GUNICORN_CONTROL_SOCKET names a path of its own.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True
