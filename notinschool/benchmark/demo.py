"""Demo data the dashboard needs that no other app loads: ONS population estimates."""

from notinschool.places.population import load_shipped_population


def load() -> list[str]:
    """Load the shipped ONS mid-2022 and mid-2023 estimates of children aged 5 to 16; lines to print.

    Called by the demo loader and `make run`; loading twice changes nothing."""
    return load_shipped_population().summary_lines()
