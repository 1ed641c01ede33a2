"""Local development (``make run``): DEBUG on unless told otherwise, a fixed dev secret."""
from .base import *  # noqa: F403
from .base import STATIC_ROOT, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-" + "x" * 20)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

# WhiteNoise warns when STATIC_ROOT is missing; collectstatic makes it in production.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
