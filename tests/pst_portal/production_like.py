"""Production settings as they are, except static files: served from the source folders instead of
collectstatic's manifest (collecting takes a minute, and no test here reads a static file). For the
fault tests that serve the portal under gunicorn (tests/pst_portal/throwaway.py)."""
from pst_portal.settings.production import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
