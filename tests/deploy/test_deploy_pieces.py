"""The pieces docs/deploy.md relies on: the S3 media switch (private, no URL, no network), JSON logs,
gunicorn's settings from the environment with a JSON access log, and the deploy files' agreement with
the settings (upload cap, one beat)."""
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils.functional import empty

from requests_app import storage

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def s3_settings(settings):
    settings.MEDIA_STORAGE = "s3"
    settings.AWS_STORAGE_BUCKET_NAME = "pst-private"
    settings.AWS_S3_ENDPOINT_URL = "http://127.0.0.1:9"  # nothing listens: no call may be made
    settings.AWS_S3_REGION_NAME = "ap-southeast-3"
    settings.AWS_LOCATION = "private"
    storage._private_storage._wrapped = empty  # chosen again from these settings
    yield settings
    storage._private_storage._wrapped = empty


def test_the_s3_backend_is_chosen_private_and_gives_no_url(s3_settings):
    from storages.backends.s3 import S3Storage

    chosen = storage.private_storage()
    chosen._setup()
    backend = chosen._wrapped
    assert isinstance(backend, S3Storage)
    assert backend.bucket_name == "pst-private" and backend.location == "private"
    assert backend.endpoint_url == "http://127.0.0.1:9" and backend.region_name == "ap-southeast-3"
    assert backend.default_acl == "private"  # never public-read
    assert backend.file_overwrite is False  # a second upload of a name gets a new name, as on disk
    with pytest.raises(ValueError, match="no public URL"):
        backend.url("requests/ABCD/surat.pdf")
    with pytest.raises(ValueError, match="no public URL"):
        chosen.url("requests/ABCD/surat.pdf")


def test_a_file_field_writes_to_the_bucket_privately(s3_settings):
    """The object is put with the private ACL under the location, through the storage the model
    fields name (botocore's Stubber answers instead of a server)."""
    from botocore.stub import ANY, Stubber

    backend = storage.private_storage()
    backend._setup()
    s3 = backend._wrapped.connection.meta.client
    with Stubber(s3) as stub:
        stub.add_response("put_object", {"ETag": '"1"'}, {
            "Bucket": "pst-private", "Key": "private/requests/x/surat.pdf", "ACL": "private",
            "Body": ANY, "ChecksumAlgorithm": ANY, "ContentType": "application/pdf"})
        name = backend._wrapped._save("requests/x/surat.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
        stub.assert_no_pending_responses()
    assert name == "requests/x/surat.pdf"


def test_media_storage_is_chosen_by_the_environment():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pst_portal.settings.local", "MEDIA_STORAGE": "s3",
           "AWS_STORAGE_BUCKET_NAME": "pst-private", "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9"}
    code = ("from requests_app.storage import private_storage as p; s = p(); s._setup(); "
            "print(type(s._wrapped).__name__, s._wrapped.bucket_name, s._wrapped.default_acl)")
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    chosen = result.stdout.splitlines()[-1].split()
    assert chosen == ["PrivateS3Storage", "pst-private", "private"], result.stderr
    env["MEDIA_STORAGE"] = "ftp"
    refused = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0 and "MEDIA_STORAGE" in refused.stderr


def test_json_log_lines_carry_the_fields_and_the_traceback():
    from pst_portal.log_format import JSONFormatter

    try:
        raise RuntimeError("database hilang")
    except RuntimeError:
        record = logging.getLogger("pst_portal.test").makeRecord(
            "pst_portal.test", logging.ERROR, __file__, 1, "gagal %s", ("kirim",), sys.exc_info())
    entry = json.loads(JSONFormatter().format(record))
    assert entry["level"] == "ERROR" and entry["logger"] == "pst_portal.test"
    assert entry["message"] == "gagal kirim"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", entry["time"])
    assert "RuntimeError: database hilang" in entry["exc_info"]


def test_log_format_json_is_chosen_by_the_environment():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pst_portal.settings.local", "LOG_FORMAT": "json"}
    code = "import logging; logging.getLogger('pst_portal.security').warning('ditolak \"x\"')"
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["logger"] == "pst_portal.security" and line["message"] == 'ditolak "x"'


def gunicorn_settings(**env):
    """gunicorn.conf.py read as gunicorn reads it, with ``env``: its settings' values."""
    code = ("from gunicorn.app.base import Application\n"
            "class A(Application):\n"
            "    def init(self, *a): pass\n"
            "    def load(self): pass\n"
            "a = A(); a.load_config_from_file('gunicorn.conf.py')\n"
            "import json; c = a.cfg\n"
            "print(json.dumps({k: c.settings[k].get() for k in ('bind', 'workers', 'threads', 'timeout',"
            " 'graceful_timeout', 'max_requests', 'max_requests_jitter', 'accesslog',"
            " 'control_socket_disable')} | {'logger': c.logger_class.__name__}))\n")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**clean, **env},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_gunicorn_takes_its_settings_from_the_environment_with_defaults():
    defaults = gunicorn_settings()
    assert defaults["bind"] == ["127.0.0.1:8000"] and defaults["workers"] == 2 * (os.cpu_count() or 1) + 1
    assert defaults["timeout"] == 60 and defaults["graceful_timeout"] == 30
    assert defaults["max_requests"] == 2000 and defaults["max_requests_jitter"] == 200
    assert defaults["accesslog"] is None and defaults["control_socket_disable"] is True
    assert defaults["logger"] == "JSONAccessLogger"
    chosen = gunicorn_settings(GUNICORN_BIND="0.0.0.0:8001", GUNICORN_WORKERS="3", GUNICORN_THREADS="4",
                               GUNICORN_TIMEOUT="20", GUNICORN_MAX_REQUESTS="0", GUNICORN_ACCESS_LOG="-")
    assert chosen["bind"] == ["0.0.0.0:8001"] and chosen["workers"] == 3 and chosen["threads"] == 4
    assert chosen["timeout"] == 20 and chosen["max_requests"] == 0 and chosen["accesslog"] == "-"


def test_nginx_example_caps_bodies_as_the_settings_do(settings):
    conf = (ROOT / "deploy/nginx/pst-portal.conf").read_text()
    caps = re.findall(r"client_max_body_size\s+(\d+)m;", conf)
    assert caps[0] == str(settings.REQUEST_MAX_BYTES // (1024 * 1024))
    assert caps[1] == str(settings.DELIVERY_REQUEST_MAX_BYTES // (1024 * 1024))
    assert conf.count("include /etc/nginx/pst-portal-proxy.conf;") == 3  # every location passing on
    proxy = (ROOT / "deploy/nginx/pst-portal-proxy.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in proxy
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in proxy
    assert "ssl_certificate " in conf and "listen 443 ssl" in conf


def test_exactly_one_beat_in_the_units_and_the_procfile():
    units = {path.name: path.read_text() for path in (ROOT / "deploy/systemd").glob("*.service")}
    beats = [name for name, text in units.items() if "celery -A pst_portal beat" in text]
    assert beats == ["pst-portal-beat.service"]
    assert any("gunicorn pst_portal.wsgi" in text for text in units.values())
    assert any("celery -A pst_portal worker" in text for text in units.values())
    procfile = (ROOT / "Procfile").read_text().splitlines()
    kinds = [line.split(":", 1)[0] for line in procfile if line and not line.startswith("#")]
    assert kinds.count("beat") == 1 and "web" in kinds and "worker" in kinds
