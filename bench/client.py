"""A small HTTP client for the benchmark: one connection per request (gunicorn's sync workers close
it anyway), cookies kept by hand (the ``__Host-``/Secure cookies of production settings would be
dropped by http.cookiejar over plain http), ``X-Forwarded-Proto: https`` on every request as the TLS
proxy in front of gunicorn would send it, and ``Origin``/``Referer`` on posts for the CSRF check."""
import http.client
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from .html_forms import parse_forms


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    seconds: float
    url: str

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def location(self):
        return self.headers.get("location", "")

    @property
    def queries(self):
        value = self.headers.get("x-bench-queries")
        return int(value) if value is not None else None

    def forms(self):
        return parse_forms(self.text)


@dataclass
class Client:
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 120.0
    cookies: dict = field(default_factory=dict)

    @property
    def origin(self):
        return f"https://{self.host}:{self.port}"

    def _remember(self, message):
        for header in message.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or (morsel["expires"] and "1970" in morsel["expires"]):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def request(self, method, path, data=None, headers=None):
        body = None
        sent = {"Host": f"{self.host}:{self.port}", "X-Forwarded-Proto": "https",
                "Accept-Language": "id", "Connection": "close"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            body = urllib.parse.urlencode(data or {}, doseq=True).encode()
            sent.update({"Content-Type": "application/x-www-form-urlencoded",
                         "Origin": self.origin, "Referer": self.origin + path})
            csrf = self.csrf_token()
            if csrf:
                sent["X-CSRFToken"] = csrf
        sent.update(headers or {})
        start = time.perf_counter()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            content = answer.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - start
        self._remember(answer.msg)
        return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, content,
                        seconds, path)

    def clone(self):
        """Another client in the same session (a second tab): for threads sharing one sign-in."""
        return Client(host=self.host, port=self.port, timeout=self.timeout, cookies=dict(self.cookies))

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, data, headers=None):
        return self.request("POST", path, data=data, headers=headers)

    def csrf_token(self):
        for name in ("__Host-csrftoken", "csrftoken"):
            if name in self.cookies:
                return self.cookies[name]
        return None

    def follow(self, response, limit=5):
        """Follows redirects with GETs (as a browser after a post)."""
        while response.status in (301, 302, 303) and limit:
            target = urllib.parse.urlsplit(response.location)
            path = target.path + (f"?{target.query}" if target.query else "")
            response = self.get(path)
            limit -= 1
        return response

    def submit(self, response, form, changes=None):
        """Posts ``form`` (from ``response.forms()``) with its own values plus ``changes``."""
        values = form.values()
        values.update(changes or {})
        action = form.action or response.url
        return self.post(urllib.parse.urlsplit(action).path or response.url, values)
