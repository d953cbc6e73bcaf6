"""Settings for identity and access: two-factor, lock-out, session expiry, council sign-in.

`apply(settings)` is called at the end of settings.py with its globals, so this file can add
apps and middleware in the right places without a second writer in settings.py.
"""


def apply(settings: dict) -> None:
    """Add identity-and-access settings to the settings module's namespace."""
