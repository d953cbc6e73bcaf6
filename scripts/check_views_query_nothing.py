"""Views and API modules glue; they never query models themselves (ADR 0009).

A view that writes `Thing.objects.filter(...)` has decided for itself what to read, which is a
selector's job, and it is where a forgotten LA filter leaks one LA's data to another. This
check walks every view and API module under `notinschool/` and fails on any use of a model
manager (`.objects`, `._default_manager`, `._base_manager`). Run by `make lint`.

Usage: python scripts/check_views_query_nothing.py [ROOT]
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

MANAGERS = {"objects", "_default_manager", "_base_manager"}


def is_web_module(path: Path) -> bool:
    """Whether `path` is a view or API module (the web layer), tests excluded."""
    parts = path.parts
    if "tests" in parts or "migrations" in parts:
        return False
    stem = path.stem
    return (
        stem in {"views", "api", "api_auth"} or stem.endswith("_views") or "views" in parts[:-1] or "api" in parts[:-1]
    )


def manager_uses(path: Path) -> list[tuple[int, str]]:
    """(line, source text) of every model-manager use in the module at `path`."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            found.append((node.lineno, lines[node.lineno - 1].strip()))
    return sorted(found)


def main(root: Path) -> int:
    """Print each offence and return 1 if there is any, else 0."""
    offences = 0
    for path in sorted(root.rglob("*.py")):
        if not is_web_module(path.relative_to(root)):
            continue
        for line, text in manager_uses(path):
            print(f"{path}:{line}: a view queries a model directly (use a selector or service): {text}")
            offences += 1
    if offences:
        print(f"{offences} direct model queries in views or API modules")
        return 1
    print("Views and API modules query no model directly.")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("notinschool")))
