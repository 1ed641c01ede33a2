"""The staff queue finds people by any part of their name or institution (``icontains``) and their exact
email (``iexact``, which Django writes as ``UPPER(column) LIKE '%…%'`` and ``UPPER(column) = …``). On
PostgreSQL a trigram index on those expressions answers it without reading every account (pg_trgm, a
trusted extension: the database's owner may create it). Other databases have no such index and scan, as
before."""
from django.db import migrations

INDEXES = (
    ("accounts_user_full_name_trgm", "accounts_user", "full_name"),
    ("accounts_user_institution_trgm", "accounts_user", "institution"),
    ("accounts_user_email_trgm", "accounts_user", "email"),  # the search's exact email, UPPER(email) = …
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
