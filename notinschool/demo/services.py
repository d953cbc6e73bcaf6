"""Loading the demo: each app that has demo data keeps it in its own `demo.py` with a `load()`."""

import importlib

from django.conf import settings
from django.db import transaction

from notinschool.core.errors import ServiceError

# The order matters: users need networks, returns need users, the dashboard needs returns.
DEMO_MODULES = [
    "notinschool.places.demo",
    "notinschool.benchmark.demo",
    "notinschool.accounts.demo",
    "notinschool.published.demo",
    "notinschool.returns.demo",
    "notinschool.register.demo",
    "notinschool.sharing.demo",
]


class DemoRefused(ServiceError, RuntimeError):
    """The demo must never be loaded into a production database."""


def demo_modules():
    """The demo modules that exist so far, in loading order."""
    for name in DEMO_MODULES:
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


@transaction.atomic
def load_demo() -> list[str]:
    """Create (or refresh) the whole demo; return what to print."""
    if settings.PRODUCTION:
        raise DemoRefused("The demo creates accounts with a published password; it is refused in production.")
    lines = []
    for module in demo_modules():
        lines.extend(module.load())
    return lines
