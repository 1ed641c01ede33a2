from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('requests_app', '0007_due_soon_from'),
    ]

    operations = [
        migrations.AddField(
            model_name='requestevent',
            name='request_version',
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
    ]
