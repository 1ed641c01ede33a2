from django.db import migrations, models


def saved_as_before(apps, schema_editor):
    """Forms already under way keep showing what is missing in every section they have answers for."""
    Recommendation = apps.get_model("requests_app", "Recommendation")
    for recommendation in Recommendation.objects.exclude(answers={}):
        recommendation.saved_sections = sorted(recommendation.answers)
        recommendation.save(update_fields=["saved_sections"])


class Migration(migrations.Migration):

    dependencies = [
        ("requests_app", "0007_due_soon_from"),
    ]

    operations = [
        migrations.AddField(
            model_name="recommendation",
            name="saved_sections",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(saved_as_before, migrations.RunPython.noop),
    ]
