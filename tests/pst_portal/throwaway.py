"""Servers of a test's own, started in a temporary folder on a free loopback port, so that stopping
them disturbs nothing else: PostgreSQL (initdb + pg_ctl as the postgres user; we run as root) and
gunicorn serving the portal with production settings."""
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.environment import free_port, wait_for_port  # noqa: F401 (the tests use both from here)

PG_BIN = Path("/usr/lib/postgresql/15/bin")
ROOT = Path(__file__).resolve().parents[2]


def postgres_available():
    return (PG_BIN / "initdb").exists() and shutil.which("runuser") is not None


class ThrowawayPostgres:
    """``start()`` (initdb the first time), ``stop()``, ``url``; ``remove()`` stops it and deletes
    the folder."""

    def __init__(self, name="pst_faults"):
        self.folder = Path(tempfile.mkdtemp(prefix="pst-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.name = name
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/{name}"
        shutil.chown(self.folder, "postgres", "postgres")
        self._as_postgres(PG_BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres",
                          "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8")
        self.start()
        self._as_postgres(PG_BIN / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", name)

    def _as_postgres(self, *command, timeout=120):
        return subprocess.run(["runuser", "-u", "postgres", "--", *map(str, command)], check=True,
                              capture_output=True, text=True, timeout=timeout)

    def start(self):
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        self._as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-o", options, "-l", self.folder / "log",
                          "-w", "-t", "60", "start")

    def stop(self, mode="fast"):
        self._as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def remove(self):
        try:
            self.stop("immediate")
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.folder, ignore_errors=True)


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "pst_portal.settings.production",
    "SECRET_KEY": "f" * 20 + "-throwaway-production-secret-for-fault-tests-" + "q" * 20,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "PORTAL_BASE_URL": "https://pst.example.go.id",
    "CONN_MAX_AGE": "60",  # persistent connections, as in production: a restart breaks them
    "DATABASE_CONNECT_TIMEOUT": "2",
}


def production_env(database_url, redis_url, **more):
    env = {key: value for key, value in os.environ.items()
           if key not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "CI_DATABASE_URL")}
    env.update(PRODUCTION_ENV, DATABASE_URL=database_url, REDIS_URL=redis_url, **more)
    return env


def manage(env, *args, timeout=300):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout, check=True)


def gunicorn(env, port, log, workers=2):
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "pst_portal.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--timeout", "60", "--graceful-timeout", "5"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


