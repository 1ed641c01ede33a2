#!/usr/bin/env bash
# Starts the web server, a Celery worker and Celery beat; Ctrl-C stops all three within a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
export PORT=${PORT:-8000}  # the web server and the worker build links with it
STOP_GRACE=${STOP_GRACE:-3}  # seconds the worker may take to finish a running task when stopped
mkdir -p var/run
pids=()
alive() {
  for pid in "$@"; do kill -0 "$pid" 2>/dev/null && return 0; done
  return 1
}
stop() {
  trap - INT TERM EXIT
  echo; echo "Stopping web, worker and beat…"
  kill "${pids[@]}" 2>/dev/null || true
  # A warm shutdown waits for the worker's running tasks; past the grace it is a cold shutdown
  # (SIGQUIT). A task cut short is not lost: it is acknowledged only when done (acks_late).
  local waited=0
  while alive "${pids[@]}" && (( waited < STOP_GRACE * 10 )); do sleep 0.1; waited=$((waited + 1)); done
  kill -QUIT "${pids[0]}" 2>/dev/null || true
  waited=0
  while alive "${pids[@]}" && (( waited < 20 )); do sleep 0.1; waited=$((waited + 1)); done
  kill -KILL "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT
$BIN/celery -A pst_portal worker --loglevel=INFO --concurrency=2 &
pids+=($!)
$BIN/celery -A pst_portal beat --loglevel=INFO --schedule=var/run/celerybeat-schedule --pidfile= &
pids+=($!)
$BIN/python manage.py runserver "127.0.0.1:${PORT}" &
pids+=($!)
echo "PST Portal: http://127.0.0.1:${PORT}/  (Ctrl-C stops web, worker and beat)"
wait -n "${pids[@]}"
