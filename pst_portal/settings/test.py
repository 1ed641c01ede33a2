"""Test settings: same database and broker choice as the environment, fast hashing, eager Celery."""
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import STATIC_ROOT

DEBUG = False
SECRET_KEY = "test-only-key-" + "t" * 40
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Public pages are rendered each time, except in tests/pst_portal/test_page_cache.py.
PUBLIC_PAGE_CACHE_SECONDS = 0
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# No persistent connections: the live server's thread must not hold the test database open.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Uploaded documents of a test run go to a temporary folder of their own.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="pst-test-private-"))

# WhiteNoise warns when STATIC_ROOT is missing; collectstatic makes it in production.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
