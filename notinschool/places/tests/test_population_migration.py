"""Population estimates move from `benchmark` to `places` with their table and every row."""

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor

from notinschool.core.dbrole import owner_session

BEFORE = [("benchmark", "0001_initial"), ("places", "0003_network_data_version")]
AFTER = [
    ("benchmark", "0002_population_estimates_move_to_places"),
    ("places", "0004_population_estimates_from_benchmark"),
]


def _migrate(targets=None):
    """Migrate to ``targets`` (every app's latest when None) and return the models as they were then."""
    # Migrations run as the owning role, as `manage.py migrate` does (on PostgreSQL the service
    # otherwise works as a role that owns no table).
    with owner_session():
        executor = MigrationExecutor(connection)
        targets = targets or executor.loader.graph.leaf_nodes()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def _latest_afterwards():
    """Whatever a test does, later tests on this database find every migration applied."""
    yield
    _migrate()


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_the_table_rows_and_constraint():
    old = _migrate(BEFORE)
    la_model = old.get_model("places", "LocalAuthority")
    region = old.get_model("places", "Region").objects.create(code="E12000008", name="South East", kind="region")
    kent = la_model.objects.create(old_code="886", new_code="E10000016", name="Kent", region=region)
    surrey = la_model.objects.create(old_code="936", new_code="E10000030", name="Surrey", region=region)
    old_model = old.get_model("benchmark", "PopulationEstimate")
    old_model.objects.create(local_authority=kent, mid_year=2022, age_5_to_16=250_123, source="ons.csv")
    old_model.objects.create(local_authority=surrey, mid_year=2023, age_5_to_16=180_456, source="ons.csv")
    ids = set(old_model.objects.values_list("id", flat=True))

    new = _migrate(AFTER)
    moved = new.get_model("places", "PopulationEstimate")
    assert moved._meta.db_table == "places_populationestimate"
    assert set(moved.objects.values_list("id", "local_authority__old_code", "mid_year", "age_5_to_16", "source")) == {
        (min(ids), "886", 2022, 250_123, "ons.csv"),
        (max(ids), "936", 2023, 180_456, "ons.csv"),
    }
    assert "benchmark_populationestimate" not in connection.introspection.table_names()
    # The one-estimate-per-LA-and-year rule came along, and new rows get new ids.
    added = moved.objects.create(local_authority_id=kent.id, mid_year=2023, age_5_to_16=251_000)
    assert added.id not in ids
    with pytest.raises(IntegrityError):
        moved.objects.create(local_authority_id=kent.id, mid_year=2022, age_5_to_16=1)


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_undone():
    _migrate(AFTER)
    _migrate(BEFORE)
    assert "benchmark_populationestimate" in connection.introspection.table_names()
    assert "places_populationestimate" not in connection.introspection.table_names()
