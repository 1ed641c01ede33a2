"""The staff queue finds visitors by any part of their name or institution, or their exact email
(pst_portal.search_indexes)."""
from django.db import migrations

from pst_portal.search_indexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [trigram_indexes("accounts_user", "full_name", "institution", "email")]
