"""Settings shared by every environment. Values come from environment variables.

With none set the portal runs on SQLite and a Celery broker that needs no server
(kombu's filesystem transport under ``var/``); ``DATABASE_URL`` and ``REDIS_URL``
switch it to PostgreSQL and Redis.
"""
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# With DEBUG on, a missing page is the portal's own 404 unless DEBUG_404 asks for Django's debug page.
DEBUG_404 = env.bool("DEBUG_404", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A refused form is logged to pst_portal.security before Django's answer (templates/403_csrf.html).
CSRF_FAILURE_VIEW = "pst_portal.security_log.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "allauth",
    "allauth.account",
    "services.catalogue",
    "services.consultation",
    "services.product_sales",
    "services.recommendation",
    "desk",
    "accounts",
    "requests_app",
    "complaints",
    "replies",
    "performance",
    "pst_portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "pst_portal.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pst_portal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "pst_portal.links.RequestOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pst_portal.middleware.PrivatePagesMiddleware",
    "pst_portal.security_log.RefusedRequestLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.session_lifetime.SessionLifetimeMiddleware",
    "pst_portal.middleware.RequestBodyLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pst_portal.middleware.PortalNotFoundMiddleware",
]

ROOT_URLCONF = "pst_portal.urls"
WSGI_APPLICATION = "pst_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "pst_portal.context_processors.portal",
            ],
            # {% office_time %}: every time shown in the office's zone with its name.
            "builtins": ["services.catalogue.templatetags.times"],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # A persistent connection broken by a database restart is dropped at the next request instead of
    # failing it; a database that cannot be reached costs a page at most the connect timeout and
    # answers 503 (pst_portal.middleware.DatabaseUnavailableMiddleware).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # make run's web server and Celery worker write to one file: a transaction takes the write lock
    # when it begins and waits for the other's (instead of failing with "database is locked").
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=20, init_command="PRAGMA journal_mode=WAL;")
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis (broker and cache) when REDIS_URL is set.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Rate limits live here: a stopped or hung Redis must cost a page at most a short timeout, after
    # which the limits count in the web process for a while (pst_portal.cache) instead of failing.
    CACHES = {
        "default": {
            "BACKEND": "pst_portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pst",
            "OPTIONS": {
                "socket_connect_timeout": env.float("REDIS_CACHE_TIMEOUT", default=0.5),
                "socket_timeout": env.float("REDIS_CACHE_TIMEOUT", default=0.5),
                "RETRY_AFTER": env.float("REDIS_CACHE_RETRY_AFTER", default=30.0),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Users and sign-in (django-allauth, by email only).
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:landing"
ACCOUNT_ADAPTER = "accounts.adapter.PortalAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# allauth names a person by their address, never by the name typed at sign-up (see the adapter).
ACCOUNT_USER_DISPLAY = "accounts.adapter.user_display"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[PST BPS] "
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins: per IP address and per account (email).
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# Second factor (allauth.mfa): a one-time code from an authenticator app (TOTP), with recovery codes
# for a lost phone. Required for heads and administrators (accounts.middleware), offered to officers.
# WebAuthn stays off; allauth 65.21 still imports fido2 (its "mfa" extra, pinned in pyproject.toml).
INSTALLED_APPS.insert(INSTALLED_APPS.index("allauth.account") + 1, "allauth.mfa")
MIDDLEWARE.insert(MIDDLEWARE.index("allauth.account.middleware.AccountMiddleware") + 1,
                  "accounts.middleware.SecondFactorRequiredMiddleware")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "PST BPS"
MFA_ADAPTER = "accounts.mfa_adapter.PortalMFAAdapter"
# How many proxies the portal trusts in front of it (each appends to X-Forwarded-For): the client's
# address, limited and recorded, is read from there (pst_portal.clients.client_ip). 0: none, the
# connecting address is the client's. A TLS proxy in front of gunicorn: 1.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# A sign-in ends after SESSION_IDLE_MINUTES without a request, and SESSION_COOKIE_AGE after signing
# in however active (accounts.session_lifetime).
SESSION_COOKIE_AGE = env.int("SESSION_MAX_HOURS", default=12) * 60 * 60
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=60)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Language and time: Indonesian first, English available; stored in UTC.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"  # default for display; offices carry their own zone

# Static files (vendored, served by WhiteNoise); private uploads outside any URL.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
# Public pages that change rarely, kept for visitors not signed in (pst_portal.page_cache); 0 turns it off.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300)
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_MB", default=10) * 1024 * 1024
# Product sales: files an officer prepares for a buyer, and how long a buyer's download link lives.
DELIVERY_MAX_BYTES = env.int("DELIVERY_MAX_MB", default=200) * 1024 * 1024
DOWNLOAD_LINK_DAYS = env.int("DOWNLOAD_LINK_DAYS", default=14)
# Request bodies: RequestBodyLimitMiddleware answers 413 from Content-Length before the body is read.
# A form (with its files) sends at most REQUEST_MAX_MB; the officer's prepared product file may be
# DELIVERY_MAX_MB plus room for the form. The proxy caps bodies too (README, "Deploying").
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_MB", default=50) * 1024 * 1024
DELIVERY_REQUEST_MAX_BYTES = DELIVERY_MAX_BYTES + 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024  # the form's fields without its files
FILE_UPLOAD_MAX_MEMORY_SIZE = 2560 * 1024  # a larger file is spooled to a temporary file, not memory
DATA_UPLOAD_MAX_NUMBER_FILES = 30
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Where uploads live (requests_app.storage.private_storage): "local" (PRIVATE_MEDIA_ROOT, shared by
# every web and worker host) or "s3" (a private bucket of any S3-compatible store, django-storages).
# Either way a file has no URL: it is streamed by an access-checked view. Credentials come from the
# usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables (boto3).
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE == "s3":
    AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME")
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="") or None
    AWS_LOCATION = env.str("AWS_LOCATION", default="private")
elif MEDIA_STORAGE != "local":
    raise environ.ImproperlyConfigured('MEDIA_STORAGE must be "local" or "s3".')

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: every message is queued to Celery after the transaction commits;
# the worker delivers it through the backend that EMAIL_URL names.
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = "pst_portal.mail.QueuedEmailBackend"
EMAIL_DELIVERY_BACKEND = _email["EMAIL_BACKEND"]
for _key in ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD",
             "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_FILE_PATH"):
    if _key in _email:
        globals()[_key] = _email[_key]
# A mail server that hangs must not hold a worker (and the outbox row's lock) for ever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="PST BPS <pst-noreply@bps.go.id>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis when REDIS_URL is set, otherwise the filesystem broker under var/.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# A task is acknowledged when it has finished, not when it starts: a worker killed mid-task leaves it
# on the queue to be redelivered (every task is safe to run twice). One task at a time per process.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Periodic jobs (exactly one beat). Each is idempotent: running twice sends or closes nothing twice.
CELERY_BEAT_SCHEDULE = {
    "warn-silent-consultations": {
        "task": "services.consultation.tasks.warn_silent_consultations", "schedule": 15 * 60,
    },
    "close-silent-consultations": {
        "task": "services.consultation.tasks.close_silent_consultations", "schedule": 15 * 60,
    },
    # What the broker did not take (it was down, a worker was lost) is handed over again.
    "drain-outbox": {"task": "pst_portal.tasks.drain_outbox", "schedule": 60},
    # Deadlines (requests_app.reminders): each reminder once per request, kind and deadline.
    "sweep-deadlines": {"task": "requests_app.tasks.sweep_deadlines", "schedule": 5 * 60},
    "remind-visitors": {"task": "requests_app.tasks.remind_visitors", "schedule": 30 * 60},
    # Complaints (complaints.reminders): a reminder before the deadline, an escalation after it, each once.
    "sweep-complaint-deadlines": {"task": "complaints.tasks.sweep_complaint_deadlines", "schedule": 10 * 60},
    "remind-link-expiry": {"task": "services.product_sales.tasks.remind_link_expiry", "schedule": 30 * 60},
    # Checked often; each office's digest goes out once, from 07.00 in its own zone, on working days.
    "send-digests": {"task": "requests_app.tasks.send_digests", "schedule": 10 * 60},
    # Nightly at 00.30 WIB (01.30 WITA, 02.30 WIT): yesterday's and today's daily figures of every office.
    "rebuild-daily-figures": {"task": "performance.tasks.rebuild_daily_figures",
                              "schedule": crontab(hour=17, minute=30)},
    # Daily at 03.00 WIB: job runs and sent emails older than RETENTION_DAYS (pst_portal.retention).
    "prune-records": {"task": "pst_portal.tasks.prune_records", "schedule": crontab(hour=20, minute=0)},
}
# Retention: job runs and sent outbox rows are kept this many days; failed emails and the timeline's
# events are kept for ever. Pruned RETENTION_BATCH rows at a time, at most RETENTION_MAX_BATCHES per
# table and run.
RETENTION_DAYS = env.int("RETENTION_DAYS", default=90)
# Reminders the deadline sweeps write per transaction (requests_app.reminders.ReminderBatch).
SWEEP_CHUNK_SIZE = env.int("SWEEP_CHUNK_SIZE", default=500)
RETENTION_BATCH = env.int("RETENTION_BATCH", default=5000)
RETENTION_MAX_BATCHES = env.int("RETENTION_MAX_BATCHES", default=40)
# Admin shows a job run unfinished this long on another host (whose processes it cannot see) as stopped.
JOB_STALE_HOURS = env.int("JOB_STALE_HOURS", default=6)
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # A task taken by a worker that died unacknowledged goes back to the queue after this many seconds
    # (10 minutes: the hour kombu defaults to left a killed worker's task waiting that long). No task
    # waits on a countdown longer than this (the longest, deliver_email's legacy retry, is 5 minutes;
    # long waits are database columns swept by beat) and no job runs anywhere near it (a task still
    # running past it would be delivered to a second worker: every task is safe to run twice).
    # Workers look for such tasks every CELERY_RESTORE_INTERVAL seconds.
    # Every socket to the broker has a read timeout (kombu's has none by default: a hung Redis, one
    # that accepts and never answers, held a publish for as long as the socket let it). A worker's
    # BRPOP is answered within a second, well inside it.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
        "unacked_restore_interval": env.int("CELERY_RESTORE_INTERVAL", default=60),
        "unacked_restore_throttle": 1,
        "socket_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=5.0),
        "socket_connect_timeout": env.float("CELERY_BROKER_CONNECT_TIMEOUT", default=2.0),
        "retry_on_timeout": False,
    }
    CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECT_TIMEOUT", default=2.0)
    # A publish that fails is tried again at most twice, within a second or so (jobs' own publishes;
    # a page's goes through pst_portal.mail.publish_bounded, with no retry): what did not go stays in
    # the outbox or on its event for drain_outbox.
    CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5,
                                        "interval_max": 1}
else:
    _queue = VAR_DIR / "celery"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue / "queue"),
        "data_folder_out": str(_queue / "queue"),
        "processed_folder": str(_queue / "processed"),
        "control_folder": str(_queue / "control"),
        "store_processed": True,
    }
    for _folder in ("queue", "processed", "control"):
        (_queue / _folder).mkdir(parents=True, exist_ok=True)

# Content Security Policy (django-csp 4): our own files only, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],  # the portal uses no <base>
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
# Permissions-Policy (pst_portal.middleware): no page may use these browser features. File inputs
# still open the phone's camera through its own picker.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture", "geolocation",
    "gyroscope", "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get",
    "screen-wake-lock", "serial", "usb", "xr-spatial-tracking"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Timestamps in UTC, ISO 8601 with "Z" (pst_portal.log_format), whatever the process's time zone.
    # LOG_FORMAT=json: one JSON object a line (time, level, logger, message, traceback) for a collector.
    "formatters": {"plain": {"()": "pst_portal.log_format.UTCFormatter",
                             "format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
                   "json": {"()": "pst_portal.log_format.JSONFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler",
                             "formatter": env.str("LOG_FORMAT", default="plain")}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "pst_portal.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# The portal's own settings.
PORTAL_NAME = "PST BPS"
# Where links in emails and on letters point (scheme and host of the public site); see pst_portal.links.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://localhost:8000")
# make run (local settings) without PORTAL_BASE_URL: links follow the host of the page being answered.
PORTAL_BASE_URL_FOLLOWS_REQUEST = False
# Production: a letter is approved only when its printed verification address is public https.
LETTER_REQUIRES_PUBLIC_URL = False
# django.contrib.sites: allauth's emails name the portal (the site's name, set by a migration).
SITE_ID = 1
HEALTHCHECK_BROKER_TIMEOUT = env.float("HEALTHCHECK_BROKER_TIMEOUT", default=2.0)
# /healthz names its checks only to a caller sending "Authorization: Bearer <HEALTHZ_TOKEN>" (or one on
# the host itself); anyone else, the load balancer too, reads only the status and its HTTP code.
HEALTHZ_TOKEN = env.str("HEALTHZ_TOKEN", default="")
