"""Each network gets a data version that the writing services change (ADR 0007)."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def give_every_network_a_version(apps, schema_editor):
    """Existing networks start with a version of their own, never seen before."""
    network_model = apps.get_model("places", "Network")
    version_model = apps.get_model("places", "DataVersion")
    version_model.objects.bulk_create(
        version_model(network_id=network_id, version=uuid.uuid4().hex)
        for network_id in network_model.objects.values_list("id", flat=True)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0002_comparison_group_names_on_one_line"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "network",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="places.network",
                    ),
                ),
                ("version", models.CharField(max_length=32)),
                ("changed_at", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.RunPython(give_every_network_a_version, migrations.RunPython.noop),
    ]
