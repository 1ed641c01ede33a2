"""The suite's fault tests (throwaway PostgreSQL and Redis of their own) and the scale-out check
(bench/scale_out.py, the deployment's shape on loopback), run from the bench and their outcomes kept."""
import re
import subprocess
import time

from .environment import PG_HOST, PG_PORT, PYTHON, REDIS_URL, ROOT

# Whatever exists of these: the fault tests of issue 19 and the earlier ones they keep true.
FAULT_TEST_GLOBS = ("tests/**/test_faults*.py", "tests/**/test_fault_*.py", "tests/**/test_db_down*.py",
                    "tests/**/test_hung_broker*.py", "tests/pst_portal/test_worker_killed.py",
                    "tests/pst_portal/test_cache_down.py", "tests/pst_portal/test_celery_redis.py",
                    "tests/pst_portal/test_email_queue.py")
OUTCOME = re.compile(r"^(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)\s+(\S+::\S+)", re.M)


def fault_test_files():
    found = []
    for pattern in FAULT_TEST_GLOBS:
        for path in sorted(ROOT.glob(pattern)):
            relative = str(path.relative_to(ROOT))
            if relative not in found:
                found.append(relative)
    return found


def run_fault_tests(env, timeout=900):
    """(outcomes [(outcome, test id)], summary line, seconds). CI=true: nothing may be skipped."""
    files = fault_test_files()
    if not files:
        return [], "no fault tests found", 0.0
    test_env = {k: v for k, v in env.items() if k not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY")}
    test_env.update({"CI": "true", "DATABASE_URL": f"postgres://postgres@{PG_HOST}:{PG_PORT}/pst_bench_faults",
                     "REDIS_URL": REDIS_URL.rsplit("/", 1)[0] + "/10"})
    started = time.perf_counter()
    try:
        done = subprocess.run([PYTHON, "-m", "pytest", "-n", "0", "-q", "-rA", "-p", "no:cacheprovider",
                               *files], cwd=ROOT, env=test_env, capture_output=True, text=True,
                              timeout=timeout)
        output = done.stdout + done.stderr
    except subprocess.TimeoutExpired as expired:
        output = f"{expired.stdout or ''}\ntimed out after {timeout} s"
    lines = [line for line in output.strip().splitlines() if line.strip()]
    return OUTCOME.findall(output), (lines[-1] if lines else ""), time.perf_counter() - started


def run_scale_out(env, timeout=900):
    """(outcome, last lines of its output, seconds) of ``python -m bench.scale_out``, if it exists."""
    if not (ROOT / "bench" / "scale_out.py").exists():
        return "not run", "bench/scale_out.py is not in this tree", 0.0
    started = time.perf_counter()
    # The check sets up the deployment's own environment (docs/deploy.md): none of the bench's settings,
    # database or Redis may leak into it.
    check_env = {k: v for k, v in env.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    try:
        done = subprocess.run([PYTHON, "-m", "bench.scale_out"], cwd=ROOT, env=check_env,
                              capture_output=True, text=True, timeout=timeout)
        outcome = "passed" if done.returncode == 0 else f"failed (exit {done.returncode})"
        # Its verdict is the last line it prints (stdout); what the processes logged (stderr) before it.
        tail = "\n".join(done.stderr.strip().splitlines()[-8:] + done.stdout.strip().splitlines()[-12:])
    except subprocess.TimeoutExpired:
        outcome, tail = "failed", f"timed out after {timeout} s"
    return outcome, tail, time.perf_counter() - started
