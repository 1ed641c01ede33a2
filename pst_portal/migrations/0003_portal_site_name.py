"""The site of django.contrib.sites names the portal: allauth's emails say "Halo dari PST BPS!"."""
from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


def name_the_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    domain = urlsplit(settings.PORTAL_BASE_URL).netloc or "localhost"
    Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.PORTAL_NAME})


class Migration(migrations.Migration):
    dependencies = [
        ("pst_portal", "0002_outbox_retries"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(name_the_site, migrations.RunPython.noop)]
