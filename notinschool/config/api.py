"""The JSON API under /api/v1/, described at /api/v1/openapi.json.

Each app that offers endpoints has an `api.py` with a ninja `router` and a `PREFIX`; they are
collected here. The interactive docs page is off: it loads its script from a CDN, and this
service serves every asset itself.
"""

import importlib

from django.apps import apps
from ninja import NinjaAPI

api = NinjaAPI(
    title="Not in School API",
    version="1",
    description="Termly returns and registers of children not in school, for local authority systems.",
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
)


def _add_app_routers() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("notinschool."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.api":
                raise
            continue
        api.add_router(module.PREFIX, module.router)


@api.get("/", auth=None, url_name="index", summary="What this API offers", tags=["service"])
def index(request):
    """The API's name, version and where its description is. Needs no token."""
    return {"name": api.title, "version": api.version, "openapi": "/api/v1/openapi.json"}


_add_app_routers()
