"""Storing versions: accepted, refused, duplicated, concurrent, immutable."""

import threading

import pytest
from django.db import connection

from notinschool.core.models import ImmutableRecordError
from notinschool.places.selectors import la_by_code
from notinschool.returns import selectors, services
from notinschool.returns.models import Return, ReturnFigure, ReturnStatus, ReturnVersion, UploadAttempt
from notinschool.returns.tests.factories import PERIOD, filled_csv, filled_xlsx, good_figures, open_collection


@pytest.fixture
def kent(demo):
    open_collection()
    return la_by_code("886")


@pytest.mark.django_db
def test_a_good_upload_is_stored_whole(kent):
    data = filled_xlsx()
    outcome = services.version_create_from_file(la=kent, period=PERIOD, data=data, filename="kent.xlsx")
    version = outcome.version
    assert (version.number, version.error_count, outcome.duplicate) == (1, 0, False)
    with version.file.open("rb") as stored:
        assert stored.read() == data
    record = Return.objects.get(local_authority=kent, period=PERIOD)
    assert record.status == ReturnStatus.DRAFT
    assert record.current_version == version
    figures = selectors.version_figures(version)
    expected = good_figures()
    assert figures[("ehe_total", None)] == expected[("ehe_total", None)]
    assert figures == {key: expected.get(key) for key in figures}
    assert UploadAttempt.objects.get().outcome == "stored"


@pytest.mark.django_db
def test_the_same_file_again_is_recognised_not_duplicated(kent):
    data = filled_xlsx()
    first = services.version_create_from_file(la=kent, period=PERIOD, data=data, filename="a.xlsx")
    again = services.version_create_from_file(la=kent, period=PERIOD, data=data, filename="b.xlsx")
    assert again.duplicate and again.version == first.version
    assert ReturnVersion.objects.count() == 1
    assert list(UploadAttempt.objects.order_by("at").values_list("outcome", flat=True)) == ["stored", "duplicate"]


@pytest.mark.django_db
def test_a_broken_breakdown_is_stored_with_errors(kent):
    figures = good_figures()
    figures[("ehe_by_sex", "female")] += 500
    outcome = services.version_create_from_file(
        la=kent, period=PERIOD, data=filled_csv(figures=figures), filename="k.csv"
    )
    assert outcome.version.error_count >= 1
    assert any(issue["rule"] == "EHE-SUM-SEX" for issue in outcome.report["issues"])
    assert Return.objects.get().status == ReturnStatus.HAS_ERRORS


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"%PDF-1.4 not a spreadsheet", "return.xlsx", "PDF"),
        (b"", "empty.csv", "empty"),
        (b"PK\x03\x04 broken zip", "return.xlsx", "xlsx"),
    ],
)
def test_an_unreadable_file_is_refused_and_only_the_attempt_is_kept(kent, data, filename, message):
    with pytest.raises(services.SubmissionRefused) as refused:
        services.version_create_from_file(la=kent, period=PERIOD, data=data, filename=filename)
    assert message.lower() in refused.value.message.lower()
    assert not ReturnVersion.objects.exists()
    attempt = UploadAttempt.objects.get()
    assert (attempt.outcome, attempt.message) == ("refused", refused.value.message)


@pytest.mark.django_db
def test_another_las_file_is_refused_not_stored_under_this_la(kent):
    with pytest.raises(services.SubmissionRefused, match=r"936|Surrey"):
        services.version_create_from_file(la=kent, period=PERIOD, data=filled_xlsx("936"), filename="surrey.xlsx")
    assert not ReturnVersion.objects.exists()


@pytest.mark.django_db
def test_a_file_for_another_period_is_refused(kent):
    open_collection(period="2025-26-spring")
    with pytest.raises(services.SubmissionRefused, match=r"2025-26-spring|period"):
        services.version_create_from_file(
            la=kent, period=PERIOD, data=filled_csv(period="2025-26-spring"), filename="spring.csv"
        )
    assert not ReturnVersion.objects.exists()


@pytest.mark.django_db
def test_nothing_is_accepted_while_the_collection_is_closed(demo):
    kent = la_by_code("886")
    with pytest.raises(services.SubmissionRefused, match="not open"):
        services.version_create_from_file(la=kent, period=PERIOD, data=filled_xlsx(), filename="k.xlsx")
    collection = open_collection()
    services.collection_close(collection=collection)
    with pytest.raises(services.SubmissionRefused, match="not open"):
        services.version_create_from_figures(la=kent, period=PERIOD, figures=good_figures())
    assert UploadAttempt.objects.filter(outcome="refused").count() == 2


@pytest.mark.django_db
def test_an_unknown_period_is_refused(kent):
    with pytest.raises(services.SubmissionRefused, match="2019-20-autumn"):
        services.version_create_from_file(la=kent, period="2019-20-autumn", data=filled_xlsx(), filename="k.xlsx")


@pytest.mark.django_db
def test_versions_figures_and_history_never_change(kent):
    version = services.version_create_from_file(la=kent, period=PERIOD, data=filled_xlsx(), filename="k.xlsx").version
    version.report = {}
    with pytest.raises(ImmutableRecordError):
        version.save()
    with pytest.raises(ImmutableRecordError):
        version.delete()
    with pytest.raises(ImmutableRecordError):
        ReturnFigure.objects.filter(version=version).update(value=0)
    with pytest.raises(ImmutableRecordError):
        ReturnVersion.objects.all().delete()


@pytest.mark.django_db
def test_form_figures_make_a_version_and_missing_is_not_zero(kent):
    figures = good_figures()
    figures[("ehe_by_reason", "religious")] = None
    outcome = services.version_create_from_figures(la=kent, period=PERIOD, figures=figures)
    stored = selectors.version_figures(outcome.version)
    assert stored[("ehe_by_reason", "religious")] is None
    assert outcome.version.source == ReturnVersion.Source.FORM
    assert not outcome.version.file


@pytest.mark.django_db
def test_an_la_in_two_networks_submits_once_and_both_see_it(kent):
    from notinschool.places.services import network_create

    network_create(slug="kent-club", name="Kent and friends", la_codes=["886", "887"])
    open_collection("kent-club")
    services.version_create_from_file(la=kent, period=PERIOD, data=filled_xlsx(), filename="k.xlsx")
    assert Return.objects.filter(local_authority=kent, period=PERIOD).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_uploads_at_the_same_moment_both_recorded_exactly_one_current(demo):
    open_collection()
    kent = la_by_code("886")
    files = [filled_xlsx(seed=11), filled_xlsx(seed=12)]
    barrier = threading.Barrier(2)
    errors = []

    def upload(data):
        try:
            barrier.wait(timeout=10)
            services.version_create_from_file(la=kent, period=PERIOD, data=data, filename="k.xlsx")
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(data,)) for data in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    record = Return.objects.get(local_authority=kent, period=PERIOD)
    versions = list(record.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert record.current_version == versions[-1]
    for version in versions:
        assert version.figures.count() == len(good_figures())
