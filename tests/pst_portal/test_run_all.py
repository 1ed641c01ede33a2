"""``make run`` (scripts/run-all.sh): Ctrl-C stops the web server, the worker and beat within seconds,
even when the worker's warm shutdown would wait on a running task."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "run-all.sh"

# A worker busy with a long task: Ctrl-C and SIGTERM only start its warm shutdown (it keeps waiting);
# SIGQUIT is Celery's cold shutdown. Beat and the web server stop on SIGTERM. (Python, as Celery is:
# a shell would ignore SIGINT and SIGQUIT in a background job.)
STUB = """#!{python}
import os, signal, sys, time
name = "celery-worker" if sys.argv[3:4] == ["worker"] else os.path.basename(sys.argv[0])
def note(text):
    with open({log!r}, "a") as log:
        log.write(text + "\\n")
note(f"{{name}} started {{os.getpid()}}")
if name == "celery-worker":
    signal.signal(signal.SIGINT, lambda *_: note("celery-worker warm"))
    signal.signal(signal.SIGTERM, lambda *_: note("celery-worker warm"))
    signal.signal(signal.SIGQUIT, lambda *_: (note("celery-worker cold"), sys.exit(0)))
time.sleep(60)
"""


def started(log, count):
    return log.exists() and log.read_text().count(" started ") >= count


def test_ctrl_c_stops_web_worker_and_beat_within_seconds(tmp_path):
    log = tmp_path / "signals.log"
    for name in ("celery", "python"):
        stub = tmp_path / name
        stub.write_text(STUB.format(python=sys.executable, log=str(log)))
        stub.chmod(0o755)
    run = subprocess.Popen(
        ["bash", str(SCRIPT)], env={**os.environ, "BIN": str(tmp_path), "PORT": "0"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 20
        while not started(log, 3) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert started(log, 3), log.read_text() if log.exists() else "nothing started"
        pids = [int(line.split()[-1]) for line in log.read_text().splitlines() if " started " in line]
        pressed = time.monotonic()
        os.killpg(run.pid, signal.SIGINT)  # Ctrl-C: the terminal signals the whole process group
        run.wait(timeout=15)
        took = time.monotonic() - pressed
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    assert took < 8, f"stopped after {took:.1f} s"
    assert "celery-worker cold" in log.read_text()  # told to stop now once its grace was over
    for pid in pids:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
