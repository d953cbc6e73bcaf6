"""gunicorn's settings file: the application loaded once, and kept out of the collector's way."""

import gc
import runpy
from pathlib import Path

SETTINGS = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def test_the_application_is_loaded_once_in_the_master():
    assert runpy.run_path(str(SETTINGS))["preload_app"] is True


def test_before_each_worker_is_forked_what_is_loaded_is_frozen_for_the_collector():
    pre_fork = runpy.run_path(str(SETTINGS))["pre_fork"]
    loaded = {"a module's": ["objects"]}
    assert any(o is loaded for o in gc.get_objects())
    try:
        pre_fork(server=None, worker=None)
        # Frozen: in the permanent generation, which no collection walks (get_objects lists the others).
        assert gc.get_freeze_count() > 0
        assert not any(o is loaded for o in gc.get_objects())
    finally:
        gc.unfreeze()
    assert any(o is loaded for o in gc.get_objects())
