"""Return specifications, safe reading of return files, the rule engine and its report.

Nothing here touches the database or the web layer, so the same code serves the upload page,
the API and the offline `notinschool validate` command.
"""
