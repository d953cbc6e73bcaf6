"""`make run` serves at HOST and PORT and prints the sign-in address for the same HOST and PORT."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def planned_commands(*variables: str) -> str:
    """What `make run` would run, without running it."""
    if not shutil.which("make"):
        pytest.fail("make is missing")
    # Run from `make test`, this make would otherwise inherit that one's flags and level.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PORT", "HOST")}
    return subprocess.run(
        ["make", "--always-make", "--dry-run", "--no-print-directory", "run", *variables],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def test_make_run_serves_and_names_the_address_from_host_and_port():
    commands = planned_commands("PORT=8101", "HOST=0.0.0.0").splitlines()
    assert any(line.endswith("manage.py demo --address 0.0.0.0:8101") for line in commands)
    assert commands[-1].endswith("manage.py runserver --nostatic 0.0.0.0:8101")
    assert "8000" not in "\n".join(commands)


def test_make_run_installs_only_what_the_service_needs():
    commands = planned_commands()
    assert "requirements/run.txt" in commands
    assert "requirements/dev.txt" not in commands
    run_lock = (ROOT / "requirements" / "run.txt").read_text()
    for tool in ("playwright==", "pytest==", "ruff==", "hypothesis=="):
        assert f"\n{tool}" not in run_lock, tool
