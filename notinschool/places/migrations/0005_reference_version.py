"""One row holding the version of what every network shares (ADR 0616)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0004_population_estimates_from_benchmark"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReferenceVersion",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("version", models.CharField(max_length=32)),
                ("changed_at", models.DateTimeField(auto_now=True)),
            ],
        ),
    ]
