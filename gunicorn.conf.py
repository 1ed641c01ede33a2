"""gunicorn's settings, read by ``gunicorn pst_portal.wsgi`` started in this folder (gunicorn reads
``./gunicorn.conf.py`` unless ``-c`` names another file).

gunicorn writes ``Server: gunicorn`` on every answer and has no setting to leave it out; the portal
does not say which server runs it (Django adds no such header), so the line is left out here, before
any worker answers."""
from gunicorn.http.wsgi import Response

_default_headers = Response.default_headers


def _headers_without_server(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


Response.default_headers = _headers_without_server
