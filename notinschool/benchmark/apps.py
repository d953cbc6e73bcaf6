from django.apps import AppConfig


class BenchmarkConfig(AppConfig):
    """Rates, rankings, trends and comparisons of LAs, the region and England.

    Also the charts, downloads and meeting pack that show them."""

    name = "notinschool.benchmark"
    label = "benchmark"
