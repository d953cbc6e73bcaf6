"""The lint check that keeps model queries out of views finds them, and finds none today."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _checker():
    spec = importlib.util.spec_from_file_location("check_views", ROOT / "scripts" / "check_views_query_nothing.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_view_that_queries_a_model_is_caught(tmp_path, capsys):
    checker = _checker()
    app = tmp_path / "someapp"
    (app / "views").mkdir(parents=True)
    (app / "views" / "pages.py").write_text("def page(request):\n    return Thing.objects.filter(la=1)\n")
    (app / "selectors.py").write_text("def things():\n    return Thing.objects.all()\n")  # selectors may
    (app / "token_views.py").write_text("x = Token._default_manager.first()\n")
    assert checker.main(tmp_path) == 1
    out = capsys.readouterr().out
    assert "someapp/views/pages.py:2" in out and "token_views.py:1" in out
    assert "selectors.py" not in out
    assert "2 direct model queries" in out


def test_the_project_views_query_no_model():
    assert _checker().main(ROOT / "notinschool") == 0
