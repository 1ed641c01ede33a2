"""A fresh PostgreSQL database per size: created, migrated, filled, analysed, dropped at the end."""
import time
from pathlib import Path

import psycopg2
from psycopg2 import sql

from .environment import PG_HOST, PG_PORT, manage, module


def _admin():
    connection = psycopg2.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname="postgres")
    connection.autocommit = True
    return connection


def _as_admin(statement, name):
    """Run one statement about database ``name`` on the server's maintenance database."""
    connection = _admin()
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL(statement).format(sql.Identifier(name)))
    finally:
        connection.close()


def create_database(name):
    drop_database(name)
    _as_admin("CREATE DATABASE {}", name)


def drop_database(name):
    _as_admin("DROP DATABASE IF EXISTS {} WITH (FORCE)", name)


def vacuum_analyze(name):
    connection = psycopg2.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname=name)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        connection.close()


def prepare(name, size, env, demo_env, seed=19):
    """Schema, catalogue, demo accounts, ``size`` generated requests and the bench's own accounts.
    Returns (seconds per step, what bench.prepare reports: the pages' targets)."""
    steps = {}
    start = time.perf_counter()
    create_database(name)
    manage(env, "migrate", "--noinput")
    steps["migrate"] = time.perf_counter() - start
    # Before the generator: its checks render pages, and production settings need the manifest.
    if not (Path(env["STATIC_ROOT"]) / "staticfiles.json").exists():
        manage(env, "collectstatic", "--noinput")
    manage(env, "load_catalogue")
    # create_demo_accounts makes demo data only with DEBUG on: the local settings, same database.
    manage(demo_env, "create_demo_accounts")
    steps["collectstatic, catalogue, demo"] = time.perf_counter() - start - sum(steps.values())
    started = time.perf_counter()
    generated = module(env, "bench.prepare", "generate", str(size), str(seed))
    steps["generate"] = time.perf_counter() - started
    started = time.perf_counter()
    vacuum_analyze(name)
    steps["vacuum analyze"] = time.perf_counter() - started
    targets = module(env, "bench.prepare", "targets")
    return steps, generated, targets
