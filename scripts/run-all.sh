#!/usr/bin/env bash
# Starts the web server, a Celery worker and Celery beat; Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PORT=${PORT:-8000}  # the web server and the worker build links with it
mkdir -p var/run
pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "Stopping web, worker and beat…"
  kill "${pids[@]}" 2>/dev/null || true
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
