"""The migrations describe the models wherever the portal is checked out: a fresh clone at
another path (CI's, a server's) must not find changes that are not in a migration."""
import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_models_have_no_change_missing_from_the_migrations(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "elsewhere"  # private files stored under another checkout's path
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as missing:
        pytest.fail(f"makemigrations found changes without a migration:\n{out.getvalue()}")
        raise missing
