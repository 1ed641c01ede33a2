# PST Portal — the two commands of the README, and a few helpers.
#   make run    install what is missing, migrate, load the catalogue and demo
#               accounts, serve web + Celery worker + Celery beat (Ctrl-C stops all)
#   make test   install what is missing and run the whole test suite, on every core
#               (pytest-xdist; PYTEST_ARGS="-n 0" runs it in one process)
#   make bench  install what is missing and measure the portal under gunicorn on PostgreSQL
#               (127.0.0.1:5432) at 10,000 and 100,000 requests; tables in bench/RESULTS.md
#               (BENCH_SIZES=2000 make bench: one quick size; see bench/run.py for the rest)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: run test bench install system-deps test-system-deps migrate catalogue demo lint messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[test]"
	touch $(STAMP)

install: system-deps $(STAMP)

system-deps:
	@bash scripts/system-deps.sh run

test-system-deps:
	@bash scripts/system-deps.sh test

migrate: install
	$(BIN)/python manage.py migrate --noinput

catalogue: migrate
	$(BIN)/python manage.py load_catalogue

demo: catalogue
	$(BIN)/python manage.py create_demo_accounts

run: demo
	@PORT=$(PORT) bash scripts/run-all.sh

test: install test-system-deps
	$(BIN)/python -m pytest -n auto --dist load $(PYTEST_ARGS)

bench: install test-system-deps
	$(BIN)/python -m bench.run

lint: install
	$(BIN)/ruff check .

messages: install
	$(BIN)/python manage.py makemessages -l en --no-obsolete -i .venv -i var -i tests
	$(BIN)/python manage.py compilemessages -l en -i .venv

clean:
	rm -rf var/celery var/run
