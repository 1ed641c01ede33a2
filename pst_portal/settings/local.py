"""Local development (``make run``): DEBUG on unless told otherwise, a fixed dev secret."""
from .base import *  # noqa: F403
from .base import STATIC_ROOT, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-" + "x" * 20)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# Links in emails and on letters: PORTAL_BASE_URL if given, else the port make run serves on (PORT)
# and, while a page is answered, the host the person used.
PORTAL_BASE_URL_FOLLOWS_REQUEST = not env.str("PORTAL_BASE_URL", default="")
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")

# WhiteNoise warns when STATIC_ROOT is missing; collectstatic makes it in production.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
