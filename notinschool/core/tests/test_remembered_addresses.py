"""Addresses kept per process (ADR 0622): always what `reverse` gives for the same name,
arguments, URL configuration and script prefix; only short plain arguments are kept."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, path, reverse, set_script_prefix, set_urlconf
from django.utils.functional import lazy

from notinschool.core import remembered_addresses
from notinschool.core.remembered_addresses import LONGEST, address, address_in, forget


def _nothing(request):  # a view for the URL configuration below; never called
    raise AssertionError


urlpatterns = [path("elsewhere/<slug:code>/", _nothing, name="only-here")]  # ROOT_URLCONF in one test


@pytest.fixture(autouse=True)
def _fresh():
    forget()
    yield
    forget()
    set_script_prefix("/")
    set_urlconf(None)


@pytest.fixture
def reversals(monkeypatch):
    """How many times Django's `reverse` is called through the module."""
    calls = []

    def counting(*args, **kwargs):
        calls.append((args, kwargs))
        return reverse(*args, **kwargs)

    monkeypatch.setattr(remembered_addresses, "reverse", counting)
    return calls


@pytest.mark.parametrize(
    ("name", "args", "kwargs"),
    [
        ("core:home", (), {}),
        ("places:local-authority", ("886",), {}),
        ("benchmark:measure", (), {"network": "south-east", "period": "2026-27-autumn", "measure": "ehe_total"}),
        ("benchmark:profile", (), {"network": "south-east", "period": "2026-27-autumn", "la": "886"}),
        ("accounts:person", (), {"user_id": 12}),
    ],
)
def test_the_address_is_what_reverse_gives(name, args, kwargs, reversals):
    expected = reverse(name, args=args or None, kwargs=kwargs or None)
    assert address(name, *args, **kwargs) == expected
    assert address(name, *args, **kwargs) == expected
    assert len(reversals) == 1  # the second came from what was kept


def test_keyword_order_does_not_matter_and_positional_is_not_keyword(reversals):
    one = address("benchmark:measure", network="national", period="2026-27-summer", measure="cme_total")
    other = address("benchmark:measure", measure="cme_total", period="2026-27-summer", network="national")
    assert one == other == "/dashboard/national/2026-27-summer/cme_total/"
    assert len(reversals) == 1
    assert address("places:local-authority", "886") != address("places:local-authority", "887")


@pytest.mark.parametrize(
    "argument",
    [
        True,  # a bool: str(True) is "True", but it hashes as 1
        lazy(lambda: "886", str)(),  # a lazy string: its text is worked out later
        "8" * (LONGEST + 1),  # long text: not worth the memory
    ],
    ids=["bool", "lazy", "long"],
)
def test_anything_but_short_plain_arguments_goes_to_reverse_each_time(argument, reversals):
    first = address("places:local-authority", argument)
    assert address("places:local-authority", argument) == first == reverse("places:local-authority", args=[argument])
    assert len(reversals) == 2


def test_a_failure_is_raised_each_time_and_never_kept(reversals):
    for _ in range(2):
        with pytest.raises(NoReverseMatch):
            address("benchmark:measure", network="national", period="2026-27-summer", measure="not a slug!")
    assert len(reversals) == 2


def test_the_script_prefix_is_part_of_the_address():
    assert address("core:home") == "/"
    set_script_prefix("/not-in-school/")
    assert address("core:home") == "/not-in-school/"
    assert address("places:local-authority", "886") == reverse("places:local-authority", args=["886"])
    assert address("places:local-authority", "886").startswith("/not-in-school/")
    set_script_prefix("/")
    assert address("core:home") == "/"


def test_another_url_configuration_has_its_own_addresses():
    with pytest.raises(NoReverseMatch):
        address("only-here", code="886")
    with override_settings(ROOT_URLCONF=__name__):
        assert address("only-here", code="886") == "/elsewhere/886/"
        with pytest.raises(NoReverseMatch):
            address("core:home")
    assert address("core:home") == "/"
    set_urlconf(__name__)  # a request's own URL configuration, as middleware may set it
    assert address("only-here", code="887") == "/elsewhere/887/"
    set_urlconf(None)
    with pytest.raises(NoReverseMatch):
        address("only-here", code="887")


def test_a_request_reads_where_it_is_once(rf, monkeypatch):
    request = rf.get("/")
    reads = []
    monkeypatch.setattr(remembered_addresses, "get_script_prefix", lambda: reads.append(1) or "/")
    assert address_in(request, "core:home") == "/"
    assert address_in(request, "places:local-authority", "886") == reverse("places:local-authority", args=["886"])
    assert len(reads) == 1
    assert address_in(rf.get("/"), "core:home") == "/"  # another request reads it again
    assert len(reads) == 2


def test_the_templates_url_gives_what_reverse_gives(rf, reversals):
    from notinschool.config.jinja2 import environment

    env = environment(autoescape=True)
    template = env.from_string("{{ url('core:home') }} {{ url('benchmark:measure', network=n, period=p, measure=m) }}")
    values = {"n": "south-east", "p": "2026-27-autumn", "m": "cme_total"}
    expected = "/ " + reverse(
        "benchmark:measure", kwargs={"network": "south-east", "period": "2026-27-autumn", "measure": "cme_total"}
    )
    assert template.render(request=rf.get("/"), **values) == expected
    assert template.render(**values) == expected  # no request: an email or a PDF
    assert len(reversals) == 2  # each address worked out once; the second page took both as kept


def test_a_request_given_its_own_url_configuration_follows_it(rf):
    request = rf.get("/")
    assert address_in(request, "core:home") == "/"  # a middleware asks before giving the request its own
    request.urlconf = __name__
    set_urlconf(__name__)  # what Django does with it once the middleware has run
    assert address_in(request, "only-here", code="886") == reverse("only-here", kwargs={"code": "886"})
    assert address_in(request, "only-here", code="886") == "/elsewhere/886/"
