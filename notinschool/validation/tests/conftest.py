"""Which rules fired in which tests, so that test_rule_sets can require every rule to be made
to fire by a test that names it (a code merely mentioned somewhere proves nothing).

Under pytest-xdist every test of this folder is sent to one worker, in order (the root
conftest's scheduler), so the whole-folder check sees each of them run (ADR 0022)."""

import inspect
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
LAST_TEST = "test_every_rule_fires_in_a_test_that_names_it"

# Rule codes that fired in a test whose code or parameters name them.
FIRED_WHERE_NAMED: set[str] = set()
# Why the whole-suite check cannot be trusted in this run (a partial selection), if it cannot.
PARTIAL_RUN: list[str] = []
# This folder's tests in this run, and those that started in this process so far (node ids).
SELECTED: set[str] = set()
STARTED_HERE: set[str] = set()


@pytest.fixture(autouse=True)
def _record_rules_that_fire(request, monkeypatch):
    """Wrap the engine's per-rule step for the duration of each test in this folder."""
    from notinschool.validation import engine

    try:
        source = inspect.getsource(request.function)
    except (OSError, TypeError):
        source = ""
    callspec = getattr(request.node, "callspec", None)
    named = source + (repr(callspec.params) if callspec else "")
    run_rule = engine._run

    def recording(checking, context):
        issues = run_rule(checking, context)
        is_named = f'"{checking.code}"' in named or f"'{checking.code}'" in named
        if is_named and any(issue.rule_code == checking.code for issue in issues):
            FIRED_WHERE_NAMED.add(checking.code)
        return issues

    monkeypatch.setattr(engine, "_run", recording)


def _in_this_folder(item) -> bool:
    return Path(str(item.path)).resolve().parent == HERE


def pytest_runtest_logstart(nodeid, location):
    STARTED_HERE.add(nodeid)


def tests_that_ran_elsewhere() -> set[str]:
    """This folder's selected tests, other than the last, that did not start in this process."""
    return {nodeid for nodeid in SELECTED if LAST_TEST not in nodeid} - STARTED_HERE


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run the whole-suite check after every other test in this folder, and note when the
    selection leaves some of them out (then that check is skipped, not failed)."""
    last = [item for item in items if item.name == LAST_TEST]
    if not last:
        return
    for item in last:
        items.remove(item)
        items.append(item)
    collected = {Path(str(item.path)).name for item in items if _in_this_folder(item)}
    missing = {path.name for path in HERE.glob("test_*.py")} - collected
    if missing:
        PARTIAL_RUN.append(f"not collected: {', '.join(sorted(missing))}")
    SELECTED.update(item.nodeid for item in items if _in_this_folder(item))


def pytest_deselected(items):
    if any(_in_this_folder(item) for item in items):
        PARTIAL_RUN.append("some tests were deselected")
