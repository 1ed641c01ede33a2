"""Trigram indexes for the staff's searches by any part of a name (``icontains``, which Django writes as
``UPPER(column) LIKE '%…%'``, and ``iexact``, ``UPPER(column) = …``): on PostgreSQL a GIN index of
pg_trgm on ``UPPER(column)`` answers both without reading the whole table (pg_trgm is a trusted
extension: the database's owner may create it). Other databases have no such index and scan."""
from django.db import migrations


def trigram_indexes(table, *columns):
    """A migration operation creating (and, backwards, dropping) ``<table>_<column>_trgm`` for each
    column, on PostgreSQL only."""
    names = [(f"{table}_{column}_trgm", column) for column in columns]

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, column in names:
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                                  f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)')

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name, _column in names:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(create, drop)
