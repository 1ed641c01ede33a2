"""The staff queue finds the contacts of requests from other channels by any part of their name or
institution (``icontains``) and their exact email (``iexact``, which Django writes as ``UPPER(column)
LIKE '%…%'`` and ``UPPER(column) = …``). On PostgreSQL a trigram index on those expressions answers it
without reading every contact (pg_trgm, a trusted extension: the database's owner may create it). Other
databases have no such index and scan, as before."""
from django.db import migrations

INDEXES = (
    ("requests_app_remotecontact_full_name_trgm", "requests_app_remotecontact", "full_name"),
    ("requests_app_remotecontact_institution_trgm", "requests_app_remotecontact", "institution"),
    ("requests_app_remotecontact_email_trgm", "requests_app_remotecontact", "email"),  # the search's exact email, UPPER(email) = …
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
    dependencies = [("requests_app", "0003_queue_indexes"), ("accounts", "0002_people_search_trigram")]
    operations = [migrations.RunPython(create, drop)]
