"""Browser tests: Playwright's sync API runs an event loop in the test thread, which
trips Django's "you cannot call this from an async context" guard for the ORM calls
our fixtures make. The calls are synchronous and safe, so tell Django so."""
import os

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
