"""The dashboard's pages, downloads and meeting pack, all under /dashboard/<network>/."""

from django.urls import path, register_converter

from notinschool.benchmark import pack_views, views


class PeriodConverter:
    """A collection period such as 2025-26-autumn (so 'trend' is never read as a period)."""

    regex = r"\d{4}-\d{2}-(?:autumn|spring|summer)"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PeriodConverter, "benchmark_period")

app_name = "benchmark"

urlpatterns = [
    path("<slug:network>/", views.index, name="index"),
    path("<slug:network>/no-collections/", views.no_collections, name="no-collections"),
    path("<slug:network>/<benchmark_period:period>/", views.overview, name="overview"),
    path(
        "<slug:network>/<benchmark_period:period>/overview.<str:fmt>", views.overview_download, name="overview-download"
    ),
    path("<slug:network>/<benchmark_period:period>/pack/", pack_views.pack, name="pack"),
    path("<slug:network>/<benchmark_period:period>/pack.pdf", pack_views.pack_pdf, name="pack-pdf"),
    path("<slug:network>/<benchmark_period:period>/la/<str:la>/", views.profile, name="profile"),
    path(
        "<slug:network>/<benchmark_period:period>/la/<str:la>/profile.<str:fmt>",
        views.profile_download,
        name="profile-download",
    ),
    path("<slug:network>/trend/<slug:measure>/", views.trend, name="trend"),
    path("<slug:network>/trend/<slug:measure>/trend.<str:fmt>", views.trend_download, name="trend-download"),
    path("<slug:network>/<benchmark_period:period>/<slug:measure>/map/", views.map_page, name="map"),
    path(
        "<slug:network>/<benchmark_period:period>/<slug:measure>/map.<str:fmt>", views.map_download, name="map-download"
    ),
    path("<slug:network>/<benchmark_period:period>/<slug:measure>/", views.measure, name="measure"),
    path(
        "<slug:network>/<benchmark_period:period>/<slug:measure>/table.<str:fmt>",
        views.measure_download,
        name="measure-download",
    ),
]
