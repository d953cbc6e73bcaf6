"""The Jinja2 environment: GOV.UK Frontend macros, Django's url and static, and display filters."""

from django.conf import settings
from django.templatetags.static import static
from django.utils.module_loading import import_string
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, pass_context

from notinschool.core import presenters
from notinschool.core.forms import date_input_items
from notinschool.core.remembered_addresses import address_in
from notinschool.core.remembered_components import RememberingTemplate


@pass_context
def url(context, name: str, *args, **kwargs) -> str:
    """Reverse a named URL from a template: url('core:home') (kept per process, ADR 0622)."""
    return address_in(context.get("request"), name, *args, **kwargs)


def environment(**options) -> Environment:
    """Build the environment Django's Jinja2 backend renders every page with."""
    app_loader = options.pop("loader", None)
    loaders = [PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})]
    if app_loader is not None:
        loaders.insert(0, app_loader)
    options["loader"] = ChoiceLoader(loaders)
    if isinstance(options.get("undefined"), str):
        options["undefined"] = import_string(options["undefined"])
    options.setdefault("extensions", []).append("jinja2.ext.do")
    env = Environment(**options)  # noqa: S701 - autoescape is set in settings.TEMPLATES
    env.template_class = RememberingTemplate  # GOV.UK components made once per parameters (ADR 0621)
    env.globals.update(
        {
            "static": static,
            "url": url,
            "service_name": settings.SERVICE_NAME,
            "date_input_items": date_input_items,
        }
    )
    env.filters.update(
        {
            "long_date": presenters.long_date,
            "in_sentence": presenters.in_sentence,
            "whole_number": presenters.whole_number,
            "counted": presenters.counted,
            "hours": presenters.hours,
            "one_decimal": presenters.one_decimal,
            "time_of_day": presenters.time_of_day,
        }
    )
    return env
