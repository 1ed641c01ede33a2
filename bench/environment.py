"""The environment every process of a benchmark run gets: production settings (bench.settings) on a
database of its own, Redis db 9 on the loopback, a random secret, temporary static and media folders."""
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() \
    else sys.executable
PG_HOST = os.environ.get("BENCH_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("BENCH_PG_PORT", "5432"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
BENCH_PASSWORD = "pst-demo-2026"  # accounts.demo.DEMO_PASSWORD, set on every account the bench signs in
BENCH_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def database_name(size):
    return f"pst_bench_{size}"


def database_url(name):
    return f"postgres://postgres@{PG_HOST}:{PG_PORT}/{name}"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, timeout=60.0, process=None, what="server"):
    """Until something listens on the loopback ``port``; TimeoutError after ``timeout`` seconds, or at
    once with RuntimeError when ``process`` (the server being waited for) has exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited early (status {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{what}: nothing listens on port {port} after {timeout} s")


def bench_env(database, workdir, settings="bench.settings"):
    """Environment of the portal's processes for one size (``workdir``: this size's temporary folder)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": settings,
        "DATABASE_URL": database_url(database),
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PORTAL_BASE_URL": "https://pst.bench.example",
        "STATIC_ROOT": str(Path(workdir).parent / "static"),  # collected once a run
        "PRIVATE_MEDIA_ROOT": str(Path(workdir) / "media"),
        "EMAIL_URL": "consolemail://",
        "SECURE_HSTS_SECONDS": "0",
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
    })
    return env


def manage(env, *args, quiet=True, timeout=3600):
    """``manage.py args`` in a subprocess; raises with its output if it fails."""
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout[-3000:]}\n"
                           f"{done.stderr[-3000:]}")
    if not quiet:
        print(done.stdout, end="")
    return done.stdout


def module(env, name, *args, timeout=3600):
    """``python -m name args`` in a subprocess; its stdout (raises with stderr if it fails)."""
    done = subprocess.run([PYTHON, "-m", name, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)
    if done.returncode:
        raise RuntimeError(f"python -m {name} {' '.join(args)} failed:\n{done.stdout[-3000:]}\n"
                           f"{done.stderr[-4000:]}")
    return done.stdout
