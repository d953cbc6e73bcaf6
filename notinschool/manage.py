"""The `notinschool` command: Django's manage.py under the project's own name."""

import os
import sys


def main() -> None:
    """Run a management command (`notinschool validate FILE`, `notinschool demo`, ...)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notinschool.config.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    # The documented spellings (`notinschool import-ees`) map to Django's module names (import_ees).
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
