"""Population estimates move to `places` (issue 14): the model leaves this app's state only. The
table and its rows stay; `places.0004` takes the model over and renames the table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("benchmark", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PopulationEstimate")],
            database_operations=[],
        ),
    ]
