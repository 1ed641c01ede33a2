"""The scale-out shape of docs/deploy.md, started on loopback and driven through its proxy.

    python -m bench.scale_out          # prints what it did; exit status 0 when every check held

Starts, in a temporary folder, everything the deployment has on several machines: a throwaway Redis
with persistence (appendonly) on a free port, a PostgreSQL database of its own (``pst_scaleout`` on
127.0.0.1:5432, dropped at the end), two gunicorn instances (production settings, the environment
of docs/deploy.md) on two free ports, nginx in front of them with the project's example config
(deploy/nginx/, its TLS with a self-signed certificate), two Celery workers and exactly one beat.
Then, over HTTPS through nginx: a government agency files a recommendation (the service the head
approves), the officer reviews it and sends the letter for approval, the head (signed in with a
one-time code) approves, and the agency downloads the letter's PDF. It checks that both web
instances answered (their JSON access logs), that the workers did the work (their logs), and that
every email the outbox holds went out exactly once (Django's file email backend, shared by both
workers). Everything it started is stopped, whatever happens.
"""
import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from contextlib import ExitStack
from io import BytesIO
from pathlib import Path

from bench import environment
from bench.environment import free_port

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DATABASE = os.environ.get("SCALE_OUT_DATABASE", "pst_scaleout")
PG = "postgres://postgres@127.0.0.1:5432"
AGENCY, OFFICER, HEAD = "dinas@contoh.id", "petugas.6302@pst.test", "kepala.6302@pst.test"
PASSWORD = "pst-demo-2026"  # accounts.demo.DEMO_PASSWORD
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PDF = (b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
       b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n"
       b"%%EOF\n")


class ScaleOutFailed(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise ScaleOutFailed(message)


def wait_for_port(port, what, process, timeout=60):
    try:
        environment.wait_for_port(port, timeout, process, what)
    except (TimeoutError, RuntimeError) as error:
        raise ScaleOutFailed(str(error)) from None


class Shape:
    """The processes of the deployment, each logging to its own file under ``self.tmp``."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.processes = []
        self.ports = {name: free_port() for name in ("redis", "web1", "web2", "https", "http")}
        self.env = self._environment()

    def _environment(self):
        """The environment of docs/deploy.md ("Environment"), pointed at this machine's loopback."""
        base = f"https://127.0.0.1:{self.ports['https']}"
        for folder in ("mail", "media", "static", "run"):
            (self.tmp / folder).mkdir()
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("GUNICORN_", "DJANGO_", "CELERY_")) and key not in (
                   "DATABASE_URL", "REDIS_URL", "EMAIL_URL", "DEBUG", "MEDIA_STORAGE")}
        env.update({
            "DJANGO_SETTINGS_MODULE": "pst_portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "127.0.0.1,pst.example.go.id",
            "CSRF_TRUSTED_ORIGINS": base,
            "DATABASE_URL": f"{PG}/{DATABASE}",
            "REDIS_URL": f"redis://127.0.0.1:{self.ports['redis']}/0",
            "PORTAL_BASE_URL": "https://pst.example.go.id",
            "EMAIL_URL": f"filemail:///{self.tmp / 'mail'}",
            "PRIVATE_MEDIA_ROOT": str(self.tmp / "media"),  # the hosts' shared disk (or MEDIA_STORAGE=s3)
            "STATIC_ROOT": str(self.tmp / "static"),
            "TRUSTED_PROXY_COUNT": "1",
            "LOG_FORMAT": "json",
            "GUNICORN_WORKERS": os.environ.get("SCALE_OUT_WEB_WORKERS", "1"),
            "CELERY_RESTORE_INTERVAL": "5",
        })
        return env

    def start(self, name, args, env=None):
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(args, cwd=ROOT, env=env or self.env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append((name, process, log))
        return process

    def manage(self, *args, settings=None, timeout=300):
        env = {**self.env, "DJANGO_SETTINGS_MODULE": settings} if settings else self.env
        result = subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=timeout)
        check(result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def stop(self):
        """SIGTERM to each (warm shutdown), then SIGKILL to what is still running after 15 s."""
        for _name, process, _log in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for _name, process, log in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
            log.close()

    def log(self, name):
        return (self.tmp / f"{name}.log").read_text(errors="replace")


def psql(sql, database="postgres"):
    result = subprocess.run(["psql", f"{PG}/{database}", "-v", "ON_ERROR_STOP=1", "-tAc", sql],
                            capture_output=True, text=True, timeout=60)
    check(result.returncode == 0, f"psql {sql!r}: {result.stderr}")
    return result.stdout.strip()


def prepare_database(shape):
    """A database of its own, migrated once (as docs/deploy.md says: from one host), with the
    catalogue, the demo accounts and letter templates, and the demo head's one-time code set up.
    collectstatic (every web host's own STATIC_ROOT) runs meanwhile: it needs no database."""
    psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{DATABASE}"')
    static = subprocess.Popen([str(BIN / "python"), "manage.py", "collectstatic", "--noinput"], cwd=ROOT,
                              env=shape.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        shape.manage("migrate", "--noinput")
        shape.manage("load_catalogue")
    finally:
        _out, error = static.communicate(timeout=300)
    check(static.returncode == 0, f"collectstatic failed:\n{error.decode()[-2000:]}")
    shape.manage("shell", "-c", (
        "from accounts.demo import create_demo_accounts; create_demo_accounts(); "
        "from services.recommendation.demo import create_demo_recommendations; "
        "create_demo_recommendations(); "
        "from allauth.mfa.totp.internal.auth import TOTP; from accounts.models import User; "
        f"TOTP.activate(User.objects.get(email='{HEAD}'), '{TOTP_SECRET}')"))


def start_redis(shape):
    folder = shape.tmp / "redis"
    folder.mkdir()
    redis = shape.start("redis", ["redis-server", "--bind", "127.0.0.1", "--port", str(shape.ports["redis"]),
                                  "--dir", str(folder), "--appendonly", "yes", "--save", ""])
    wait_for_port(shape.ports["redis"], "redis", redis)


def start_portal(shape):
    """Two web instances, two workers, one beat: as on separate machines, sharing Redis and the database."""
    for web in ("web1", "web2"):
        env = {**shape.env, "GUNICORN_BIND": f"127.0.0.1:{shape.ports[web]}",
               "GUNICORN_ACCESS_LOG": str(shape.tmp / f"{web}-access.log")}
        process = shape.start(web, [str(BIN / "gunicorn"), "pst_portal.wsgi"], env=env)
        wait_for_port(shape.ports[web], web, process)
    for worker in ("worker1", "worker2"):
        shape.start(worker, [str(BIN / "celery"), "-A", "pst_portal", "worker", "--loglevel=INFO",
                             "--concurrency=1", f"--hostname={worker}@%h", "--without-gossip"])
    shape.start("beat", [str(BIN / "celery"), "-A", "pst_portal", "beat", "--loglevel=INFO",
                         f"--schedule={shape.tmp / 'run' / 'celerybeat-schedule'}", "--pidfile="])


def nginx_config(shape):
    """deploy/nginx/pst-portal.conf as a host would install it: its host name, certificate, web hosts
    and folders changed, nothing else. Wrapped in a main config of its own (no system nginx)."""
    site = (ROOT / "deploy/nginx/pst-portal.conf").read_text()
    upstreams = "".join(f"    server 127.0.0.1:{shape.ports[w]} max_fails=3 fail_timeout=10s;\n"
                        for w in ("web1", "web2"))
    site = re.sub(r"(upstream pst_portal \{\n(?:\s*#.*\n)*)(?:\s*server .*\n)+", r"\g<1>" + upstreams, site)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{shape.ports['http']};")
    site = site.replace("listen 443 ssl", f"listen 127.0.0.1:{shape.ports['https']} ssl")
    site = re.sub(r"\n\s*listen \[::\]:.*;", "", site)
    site = site.replace("/etc/ssl/certs/pst.example.go.id.pem", str(shape.tmp / "tls.pem"))
    site = site.replace("/etc/ssl/private/pst.example.go.id.key", str(shape.tmp / "tls.key"))
    site = site.replace("/srv/pst-portal/var/static/", f"{shape.tmp / 'static'}/")
    site = site.replace("/etc/nginx/pst-portal-proxy.conf", str(ROOT / "deploy/nginx/pst-portal-proxy.conf"))
    (shape.tmp / "pst-portal.conf").write_text(site)
    temp = shape.tmp / "nginx"
    temp.mkdir()
    user = "user root;\n" if os.geteuid() == 0 else ""  # the temporary folder is readable by its owner only
    paths = "".join(f"    {kind}_temp_path {temp / kind};\n" for kind in ("client_body", "proxy", "fastcgi",
                                                                             "uwsgi", "scgi"))
    (shape.tmp / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {shape.tmp / 'nginx.pid'};\n"
        f"error_log {shape.tmp / 'nginx-error.log'} warn;\nevents {{ worker_connections 256; }}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    access_log {shape.tmp / 'nginx-access.log'};\n"
        f"{paths}    include {shape.tmp / 'pst-portal.conf'};\n}}\n")


def start_nginx(shape):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    check(Path(nginx).exists(), "nginx is not installed (apt-get install -y nginx-light)")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(shape.tmp / "tls.key"), "-out", str(shape.tmp / "tls.pem")],
                   check=True, capture_output=True, timeout=60)
    nginx_config(shape)
    conf = str(shape.tmp / "nginx.conf")
    tested = subprocess.run([nginx, "-t", "-c", conf], capture_output=True, text=True, timeout=30)
    check(tested.returncode == 0, f"nginx -t refused the example config:\n{tested.stderr}")
    process = shape.start("nginx", [nginx, "-c", conf])
    wait_for_port(shape.ports["https"], "nginx", process)


# ---------------------------------------------------------------- the journey, over HTTPS


class Browser:
    """One person's cookies, sending what a browser sends with a form (Origin, Referer, the CSRF token)."""

    def __init__(self, shape):
        import requests

        self.base = f"https://127.0.0.1:{shape.ports['https']}"
        self.session = requests.Session()
        self.session.trust_env = False  # no proxy or CA bundle from the environment: loopback only
        self.verify = str(shape.tmp / "tls.pem")  # the self-signed certificate nginx presents

    def get(self, path, expect=200):
        response = self.session.get(self.base + path, allow_redirects=False, timeout=30, verify=self.verify)
        check(response.status_code == expect, f"GET {path}: {response.status_code}, expected {expect}")
        return response

    def post(self, path, data, files=None, expect=302):
        token = self.session.cookies.get("__Host-csrftoken")
        check(token, f"no CSRF cookie before POST {path}")
        headers = {"Origin": self.base, "Referer": self.base + path, "X-CSRFToken": token}
        response = self.session.post(self.base + path, data={**data, "csrfmiddlewaretoken": token},
                                     files=files, headers=headers, allow_redirects=False, timeout=60,
                                     verify=self.verify)
        check(response.status_code == expect,
              f"POST {path}: {response.status_code}, expected {expect}\n{response.text[:1500]}")
        return response

    def sign_in(self, email, totp=False):
        self.get("/akun/login/")
        answer = self.post("/akun/login/", {"login": email, "password": PASSWORD})
        if totp:
            check(answer.headers["Location"].startswith("/akun/2fa/authenticate"), "no one-time code asked")
            self.get(answer.headers["Location"])
            self.post(answer.headers["Location"], {"code": totp_code()})


def totp_code(secret=TOTP_SECRET, period=30, digits=6):
    """The code an authenticator app shows now (RFC 6238, as allauth.mfa checks it)."""
    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // period), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 10 ** digits
    return f"{value:0{digits}d}"


def docx():
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def section_data(key, answers):
    if key != "variables":
        return answers
    rows = answers["rows"]
    data = {"variables-TOTAL_FORMS": str(len(rows)), "variables-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"variables-{index}-{column}": value for column, value in row.items()})
    return data


def demo_answers(shape):
    """The demo agency's FS3 answers (services.recommendation.demo), as the form's sections take them."""
    code = ("import json; from services.recommendation.demo import DEMO_FS3_ANSWERS as a; "
            "print('ANSWERS', json.dumps(a))")
    lines = shape.manage("shell", "-c", code).splitlines()
    return json.loads(next(line for line in lines if line.startswith("ANSWERS ")).removeprefix("ANSWERS "))


def file_recommendation(agency, answers):
    """The agency starts an FS3 at 6302, fills every section, uploads both documents, ticks every
    statement and submits: the request's code."""
    start = "/permintaan/baru/6302/rekomendasi/"
    agency.get(start)
    draft = agency.post(start, {"form": "fs3", "submission_token": str(uuid.uuid4())}).headers["Location"]
    code = re.search(r"/permintaan/([^/]+)/formulir/", draft).group(1)
    for key, section in answers.items():
        agency.post(f"/permintaan/{code}/formulir/{key}/", {**section_data(key, section), "continue": "1"})
    agency.post(f"/permintaan/{code}/formulir/attachments/", {"continue": "1"}, files={
        "cover_letter": ("surat-pengantar.pdf", PDF, "application/pdf"),
        "questionnaire": ("kuesioner.docx", docx(), "application/octet-stream")})
    page = agency.get(f"/permintaan/{code}/periksa/").text
    ticks = {name: "on" for name in re.findall(r'name="(confirm_\d+)"', page)}
    check(ticks, "the check page offers no statements to tick")
    submitted = agency.post(f"/permintaan/{code}/periksa/", ticks)
    check(submitted.headers["Location"].endswith(f"/permintaan/{code}/terkirim/"), "not submitted")
    return code


def version_on(page):
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def process_to_approval(officer, code):
    """The officer declares the form feasible (every section ticked) and sends the letter to the head."""
    staff_page = f"/petugas/permintaan/{code}/"
    page = officer.get(staff_page).text
    keys = sorted(set(re.findall(r'name="ok_(\w+)"', page)))
    check(keys, "the officer's page has no review panel")
    officer.post(f"/petugas/permintaan/{code}/periksa-formulir/", {
        "version": version_on(page), "outcome": "feasible", "note": "", **{f"ok_{k}": "on" for k in keys}})
    page = officer.get(staff_page).text
    officer.post(f"/petugas/permintaan/{code}/surat/", {
        "version": version_on(page), "subject": "Rekomendasi Kegiatan Statistik", "for_approval": "1",
        "addressee": "Yth. Kepala Dinas Kesehatan Kabupaten Kotabaru",
        "body": "Kegiatan statistik sektoral tersebut direkomendasikan.\n\nDemikian disampaikan."})


def approve(head, code):
    head.get("/kepala/")
    page = head.get(f"/petugas/permintaan/{code}/").text
    head.post(f"/petugas/permintaan/{code}/tindakan/", {"action": "approve", "version": version_on(page),
                                                         "note": ""})


def journey(shape):
    agency, officer, head = Browser(shape), Browser(shape), Browser(shape)
    anonymous = Browser(shape)
    health = anonymous.get("/healthz")
    check(health.json()["status"] in ("ok", "degraded"), f"/healthz: {health.text}")
    anonymous.get("/")
    agency.sign_in(AGENCY)
    code = file_recommendation(agency, demo_answers(shape))
    officer.sign_in(OFFICER)
    process_to_approval(officer, code)
    head.sign_in(HEAD, totp=True)
    approve(head, code)
    letter = agency.get(f"/permintaan/{code}/surat/")
    check(letter.content.startswith(b"%PDF"), "the letter is not a PDF")
    check(letter.headers.get("Strict-Transport-Security"), "no HSTS through the proxy")
    return code, len(letter.content)


# ---------------------------------------------------------------- what the processes did


def wait_for_outbox(timeout=90):
    """Until every email of the outbox is sent (the workers deliver them): (sent, waiting)."""
    deadline = time.monotonic() + timeout
    while True:
        sent, waiting = psql("SELECT count(*) FILTER (WHERE sent_at IS NOT NULL), count(*) FILTER "
                             "(WHERE sent_at IS NULL) FROM pst_portal_outgoingemail", DATABASE).split("|")
        if int(waiting) == 0 or time.monotonic() > deadline:
            return int(sent), int(waiting)
        time.sleep(0.5)


def mail_messages(shape):
    """The messages the file backend wrote: (To, Subject) of each (staff are often in Bcc only,
    which the written message leaves out: To is then empty)."""
    found = []
    for path in (shape.tmp / "mail").glob("*.log"):
        for message in path.read_text(errors="replace").split("-" * 79):
            if not re.search(r"^Message-ID: ", message, re.M):
                continue
            to = re.search(r"^To: (.*)$", message, re.M)
            subject = re.search(r"^Subject: (.*)$", message, re.M)
            found.append((to.group(1) if to else "", subject.group(1) if subject else ""))
    return found


def access_counts(shape):
    counts = {}
    for web in ("web1", "web2"):
        path = shape.tmp / f"{web}-access.log"
        lines = path.read_text().splitlines() if path.exists() else []
        entries = [json.loads(line) for line in lines]
        check(all(entry["forwarded_for"] for entry in entries),
              f"{web} answered a request that did not come through the proxy")
        counts[web] = len(entries)
    return counts


def task_counts(shape):
    return {worker: len(re.findall(r"Task \S+\[[0-9a-f-]+\] succeeded", shape.log(worker)))
            for worker in ("worker1", "worker2")}


def outcome(shape, code, letter_bytes):
    sent, waiting = wait_for_outbox()
    messages = mail_messages(shape)
    access, tasks = access_counts(shape), task_counts(shape)
    to_agency = [subject for to, subject in messages if AGENCY in to and code in subject]
    result = {"request": code, "letter_pdf_bytes": letter_bytes, "access_log_lines": access,
              "tasks_succeeded": tasks, "outbox_sent": sent, "outbox_waiting": waiting,
              "emails_written": len(messages), "emails_to_agency_about_it": len(to_agency),
              "beat_started": "beat: Starting..." in shape.log("beat")}
    check(all(count > 0 for count in access.values()), f"a web instance answered nothing: {access}")
    check(sum(tasks.values()) > 0, f"the workers ran no task: {tasks}")
    check(waiting == 0, f"{waiting} emails still waiting in the outbox")
    # Each outbox row is one message: a row delivered twice would write more messages than rows.
    check(len(messages) == sent, f"{len(messages)} emails written for {sent} sent outbox rows")
    check(to_agency, "the agency got no email about its request")
    check(result["beat_started"], "beat did not start")
    return result


def run():
    """Start the shape, drive the journey through it, stop it: the figures, or ScaleOutFailed."""
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="pst-scaleout-"))
    shape = Shape(tmp)
    with ExitStack() as cleanup:
        cleanup.callback(shutil.rmtree, tmp, ignore_errors=True)
        cleanup.callback(lambda: psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        cleanup.callback(shape.stop)
        steps = {}

        def timed(name, function, *args):
            began = time.monotonic()
            value = function(*args)
            steps[name] = round(time.monotonic() - began, 1)
            print(f"scale-out: {name} {steps[name]} s", file=sys.stderr, flush=True)
            return value

        try:
            timed("redis", start_redis, shape)
            timed("database", prepare_database, shape)
            timed("portal", start_portal, shape)
            timed("nginx", start_nginx, shape)
            code, letter_bytes = timed("journey", journey, shape)
            result = timed("outcome", outcome, shape, code, letter_bytes)
        except Exception:
            shape.stop()
            for name, _process, _log in shape.processes:
                print(f"--- {name} (last lines)\n{shape.log(name)[-2000:]}", file=sys.stderr)
            raise
        appendonly = (tmp / "redis" / "appendonlydir").exists()
        check(appendonly, "Redis kept no append-only file")
    result["steps_seconds"] = steps
    result["seconds"] = round(time.monotonic() - started, 1)
    return result


def main():
    try:
        result = run()
    except ScaleOutFailed as failed:
        print(f"scale-out: FAILED: {failed}")
        return 1
    print("scale-out: two gunicorn behind nginx (TLS), two workers, one beat, Redis appendonly: OK")
    for key, value in result.items():
        print(f"  {key}: {value}")
    print("scale-out result: " + json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
