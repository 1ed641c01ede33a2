"""Production settings: `check --deploy` is clean, and nonsense is refused at start."""
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
GOOD_ENV = {
    "DJANGO_SETTINGS_MODULE": "pst_portal.settings.production",
    "SECRET_KEY": "k" * 20 + "-production-secret-for-the-deploy-check-" + "z" * 20,
    "ALLOWED_HOSTS": "pst.example.go.id",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/pst_portal",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "PORTAL_BASE_URL": "https://pst.example.go.id",
}


def manage(*args, **env_changes):
    # A production process never has the browser tests' async override.
    env = {k: v for k, v in os.environ.items()
           if k not in GOOD_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(GOOD_ENV)
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "change, message",
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"DATABASE_URL": "sqlite:////tmp/x.sqlite3"}, "DATABASE_URL"),
        ({"REDIS_URL": None}, "REDIS_URL"),
        ({"PORTAL_BASE_URL": None}, "PORTAL_BASE_URL"),
        ({"PORTAL_BASE_URL": "http://localhost:8000"}, "PORTAL_BASE_URL"),
        ({"PORTAL_BASE_URL": "https://127.0.0.1:8443"}, "PORTAL_BASE_URL"),
    ],
)
def test_production_refuses_to_start_without_real_settings(change, message):
    result = manage("check", **change)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_production_pages_carry_security_headers(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = False
    response = client.get("/healthz", secure=True)
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "base-uri 'none'" in csp and "base-uri 'self'" not in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy


def test_gunicorn_started_as_the_readme_says_does_not_name_itself(tmp_path):
    """``gunicorn pst_portal.wsgi`` in the project folder (its gunicorn.conf.py) answers without a
    Server header; Django's headers (Permissions-Policy among them) are there."""
    socket_path = tmp_path / "web.sock"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pst_portal.settings.test"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "pst_portal.wsgi", "--bind", f"unix:{socket_path}",
         "--workers", "1"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        head = http_head(socket_path, "/favicon.ico")
    finally:
        server.terminate()
        server.wait(timeout=30)
    status, *headers = head.split("\r\n")
    names = {line.split(":", 1)[0].lower() for line in headers}
    assert status.startswith("HTTP/1.1 302"), head
    assert "server" not in names and "x-powered-by" not in names, head
    assert "permissions-policy" in names, head


def http_head(socket_path, path, wait=30.0):
    deadline = time.monotonic() + wait
    while True:
        try:
            client = socket.socket(socket.AF_UNIX)
            client.connect(str(socket_path))
            break
        except (FileNotFoundError, ConnectionRefusedError):
            client.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    with client:
        client.settimeout(wait)
        client.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := client.recv(4096):
            answer += chunk
    return answer.decode("latin-1").split("\r\n\r\n", 1)[0]


COOKIE_SETTINGS = [f"{kind}_COOKIE_{part}" for kind in ("SESSION", "CSRF")
                   for part in ("NAME", "SECURE", "PATH", "DOMAIN")]


def production_values(*names):
    """The values production settings give ``names``, read by a process started with them."""
    code = ("import json; from django.conf import settings; "
            f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}))")
    result = manage("shell", "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_host_prefixed_secure_and_for_the_whole_site(client, visitor_ani,
                                                                            settings):
    """A sign-in over https with production's cookie settings sets ``__Host-sessionid`` and
    ``__Host-csrftoken``: Secure, Path=/ and no Domain, or the browser would drop them."""
    production = production_values(*COOKIE_SETTINGS)
    for name, value in production.items():
        setattr(settings, name, value)
    client.get(reverse("account_login"), secure=True)
    credentials = {"login": visitor_ani.email, "password": PASSWORD}
    response = client.post(reverse("account_login"), credentials, secure=True)
    assert response.status_code == 302
    for name in ("__Host-sessionid", "__Host-csrftoken"):
        cookie = client.cookies[name]
        assert cookie["secure"] is True and cookie["path"] == "/" and not cookie["domain"], (name, cookie)
    assert "sessionid" not in client.cookies and "csrftoken" not in client.cookies
