from django.apps import AppConfig


class BenchmarkConfig(AppConfig):
    """Rates, rankings, trends and comparisons of LAs, the region and England; charts, downloads and the meeting pack."""

    name = "notinschool.benchmark"
    label = "benchmark"
