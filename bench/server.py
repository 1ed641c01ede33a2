"""gunicorn (2 sync workers, bench.settings) on a free loopback port, for one size."""
import os
import signal
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from .client import Client
from .environment import ROOT, free_port

GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


@contextmanager
def gunicorn(env, workdir, workers=2):
    """Yields the port gunicorn answers on; stops it (TERM, then KILL) when done."""
    port = free_port()
    log = open(Path(workdir) / f"gunicorn-{port}.log", "w")
    process = subprocess.Popen(
        [GUNICORN if os.path.exists(GUNICORN) else "gunicorn", "pst_portal.wsgi:application",
         "--config", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--worker-class", "sync", "--timeout", "120"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_serving(port, process, Path(workdir) / f"gunicorn-{port}.log")
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def wait_until_serving(port, process, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}):\n{log_path.read_text()[-3000:]}")
        try:
            if Client(port=port, timeout=5).get("/bench/yardstick/").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer within {timeout} s:\n{log_path.read_text()[-3000:]}")
