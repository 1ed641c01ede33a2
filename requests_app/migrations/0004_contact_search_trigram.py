"""The staff queue finds the contacts of requests from other channels by any part of their name or
institution, or their exact email (pst_portal.search_indexes)."""
from django.db import migrations

from pst_portal.search_indexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0003_queue_indexes"), ("accounts", "0002_people_search_trigram")]
    operations = [trigram_indexes("requests_app_remotecontact", "full_name", "institution", "email")]
