"""Error pages that must answer without the database.

A database that cannot be reached (stopped, restarting, a connection lost mid-request) raises
``OperationalError`` or ``InterfaceError`` wherever the page first needs it: in a view, or in a
middleware loading the session or the signed-in user. Django turns any uncaught exception into the
``handler500`` view, so that view tells the two apart: the database's errors answer **503** with
``Retry-After`` and a static page (templates/503.html, rendered with no request context: no context
processor, no user, no query), everything else the usual 500 page. Nothing needs a restart: the
connection that failed is closed at the end of the request (Django closes an unusable one, and with
``CONN_HEALTH_CHECKS`` a broken persistent one is dropped before it is used), and the next request
connects again."""
import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger("pst_portal.errors")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable(request=None):
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def caused_by_the_database(error):
    """Whether ``error`` is, or was raised while handling, a database connection error."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, DATABASE_ERRORS):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """``handler500``: 503 for the database being unreachable, else Django's own 500 page."""
    if caused_by_the_database(sys.exc_info()[1]):
        logger.warning("database unreachable: %s answered 503", request.path)
        return database_unavailable(request)
    return HttpResponseServerError(loader.get_template(template_name).render())
