"""Querysets compiled once per shape give the rows the queryset itself gives (ADR 0619)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from notinschool.core.compiled_rows import CompiledRows

pytestmark = pytest.mark.django_db


def _types(*, labels, id_above, model=None):
    found = ContentType.objects.filter(app_label__in=labels, id__gt=id_above)
    if model is not None:
        found = found.filter(model=model)
    return found.order_by("id").values_list("id", "app_label", "model")


TYPES = CompiledRows(_types)


def test_the_same_rows_as_the_queryset_for_every_shape_and_value():
    every = list(ContentType.objects.values_list("app_label", flat=True).distinct())
    assert len(every) > 3
    for labels in ([every[0]], every[:2], every[1:3], every, [every[2], every[2]], ["no-such-app"]):
        for id_above in (0, 5, 10_000):
            assert TYPES.rows(labels=labels, id_above=id_above) == list(_types(labels=labels, id_above=id_above))
    model = ContentType.objects.first().model
    assert TYPES.rows(labels=every, id_above=0, model=model) == list(_types(labels=every, id_above=0, model=model))
    assert TYPES.rows(labels=[], id_above=0) == []


@settings(max_examples=40, deadline=None)
@given(labels=st.lists(st.text(max_size=12), max_size=4), id_above=st.integers(-(2**31), 2**31 - 1))
def test_any_values_are_sent_as_values(labels, id_above):
    # Quotes, percent signs and the like are parameters, never SQL: the rows are the queryset's.
    assert TYPES.rows(labels=labels, id_above=id_above) == list(_types(labels=labels, id_above=id_above))


def test_compiled_once_per_shape():
    types = CompiledRows(_types)
    types.rows(labels=["auth", "contenttypes"], id_above=0)
    compiled = types._here.shapes
    with CaptureQueriesContext(connection) as queries:
        found = types.rows(labels=["places", "returns"], id_above=3)
    assert len(compiled) == 1 and len(queries) == 1
    assert found == list(_types(labels=["places", "returns"], id_above=3))
    types.rows(labels=["auth"], id_above=0)
    types.rows(labels=["auth"], id_above=0, model="user")
    assert len(compiled) == 3


def test_a_value_written_into_the_sql_or_left_out_is_refused():
    written = CompiledRows(
        lambda *, label: ContentType.objects.extra(where=[f"app_label = '{label}'"]).values_list("id")  # noqa: S610
    )
    with pytest.raises(ImproperlyConfigured, match="parameter"):
        written.rows(label="auth")
    ignored = CompiledRows(lambda *, label, id_above: ContentType.objects.filter(id__gt=id_above).values_list("id"))
    with pytest.raises(ImproperlyConfigured, match="parameter"):
        ignored.rows(label="auth", id_above=0)
    for wrong in ({"labels": ["auth"], "id_above": True}, {"labels": [None], "id_above": 0}):
        with pytest.raises(ImproperlyConfigured, match="ints and strings"):
            TYPES.rows(**wrong)
