"""Population estimates belong to the places they describe (issue 14): the model joins this app's
state on the table `benchmark` created, with its rows, and the table is then renamed to this
app's name. Both steps work on SQLite and PostgreSQL, forwards and backwards."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0003_network_data_version"),
        ("benchmark", "0002_population_estimates_move_to_places"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PopulationEstimate",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "mid_year",
                            models.PositiveSmallIntegerField(help_text="The year of the mid-year (30 June) estimate"),
                        ),
                        ("age_5_to_16", models.PositiveIntegerField(help_text="Children aged 5 to 16 inclusive")),
                        (
                            "source",
                            models.CharField(
                                blank=True, help_text="The file the estimate was read from", max_length=255
                            ),
                        ),
                        ("loaded_at", models.DateTimeField(auto_now=True)),
                        (
                            "local_authority",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="population_estimates",
                                to="places.localauthority",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "benchmark_populationestimate",
                        "ordering": ["local_authority", "mid_year"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("local_authority", "mid_year"), name="one_population_per_la_year"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="PopulationEstimate", table=None),
    ]
