"""A server killed in the middle of storing an upload leaves no half-stored version."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from notinschool.returns.models import Return, ReturnFigure, ReturnVersion
from notinschool.returns.tests.factories import PERIOD, open_collection

ROOT = Path(__file__).resolve().parents[3]

# Runs in a child process against the test database: stores an upload, and is killed with
# SIGKILL just after the figures are written, before the transaction commits.
CHILD = """
import os, signal, sys
import django
django.setup()
from notinschool.places.selectors import la_by_code
from notinschool.returns import services
from notinschool.returns.services import versions
from notinschool.returns.tests.factories import PERIOD, filled_xlsx

original = versions._insert_figures
def insert_then_die(*args, **kwargs):
    original(*args, **kwargs)
    sys.stdout.write("figures written\\n"); sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)
versions._insert_figures = insert_then_die
services.version_create_from_file(la=la_by_code("886"), period=PERIOD, data=filled_xlsx(), filename="k.xlsx")
"""


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@pytest.mark.django_db(transaction=True)
def test_killed_mid_upload_stores_nothing(demo, tmp_path):
    open_collection()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "notinschool.config.settings",
        "NOTINSCHOOL_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == -9, result.stderr[-2000:]
    assert "figures written" in result.stdout
    assert not ReturnVersion.objects.exists()
    assert not ReturnFigure.objects.exists()
    assert not Return.objects.filter(period=PERIOD).exists()
