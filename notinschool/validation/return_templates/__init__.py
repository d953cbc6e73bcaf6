"""Templates an LA fills in: XLSX (a sheet per part) and CSV (long format)."""

from notinschool.validation.return_templates.csv_template import build_csv_template
from notinschool.validation.return_templates.xlsx_template import build_xlsx_template

__all__ = ["build_csv_template", "build_xlsx_template"]
