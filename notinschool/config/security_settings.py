"""Settings for identity and access: two-factor, lock-out, session expiry, council sign-in.

`apply(settings)` is called at the end of settings.py with its globals, so this file can add
apps and middleware in the right places without a second writer in settings.py. Every value
can be changed by an environment variable; the defaults are the safe ones.
"""

from datetime import timedelta

from notinschool.config.env import env_int, env_list, env_str

AUTH_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"
MESSAGES_MIDDLEWARE = "django.contrib.messages.middleware.MessageMiddleware"


def _insert_after(items: list[str], anchor: str, new: list[str]) -> None:
    for offset, item in enumerate(new, start=1):
        if item not in items:
            items.insert(items.index(anchor) + offset, item)


def apply(settings: dict) -> None:
    """Add identity-and-access settings to the settings module's namespace."""
    apps = settings["INSTALLED_APPS"]
    for app in ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static", "axes"]:
        if app not in apps:
            apps.append(app)

    middleware = settings["MIDDLEWARE"]
    _insert_after(middleware, AUTH_MIDDLEWARE, ["django_otp.middleware.OTPMiddleware"])
    # After the messages middleware, so an expired session can leave a message on the sign-in page.
    _insert_after(middleware, MESSAGES_MIDDLEWARE, ["notinschool.accounts.middleware.SessionTimeoutMiddleware"])
    # django-axes turns a lock-out into its response; it must be the outermost of ours to see it.
    if "axes.middleware.AxesMiddleware" not in middleware:
        middleware.append("axes.middleware.AxesMiddleware")

    # django-axes checks every sign-in attempt before the password is even looked at.
    backends = settings["AUTHENTICATION_BACKENDS"]
    if "axes.backends.AxesStandaloneBackend" not in backends:
        backends.insert(0, "axes.backends.AxesStandaloneBackend")

    settings["AUTH_PASSWORD_VALIDATORS"].append({"NAME": "notinschool.accounts.passwords.BreachedPasswordValidator"})
    # A strength estimate as well as the rules above: it refuses repeats, sequences and keyboard
    # runs ("aaaaaaaaaaaa", "abcabcabcabc", "qwertyuiopasdf") that pass a length and a list.
    # Score 3 of 4: "safely unguessable" in zxcvbn's words (ADR 0312).
    settings["AUTH_PASSWORD_VALIDATORS"].append({"NAME": "django_zxcvbn_password_validator.ZxcvbnPasswordValidator"})
    settings["PASSWORD_MINIMAL_STRENGTH"] = env_int("NOTINSCHOOL_PASSWORD_MINIMAL_STRENGTH", 3)
    settings["PASSWORD_EXTRA_DICTIONARY"] = [
        settings.get("SERVICE_NAME", "Not in School"),
        "notinschool",
        "not in school",
    ]

    # Lock-out (docs/adr/0304-lock-out.md): five failures for one email address from one IP
    # address lock that pair for 15 minutes. Nobody can lock someone else out from everywhere.
    settings["AXES_FAILURE_LIMIT"] = env_int("NOTINSCHOOL_SIGN_IN_FAILURE_LIMIT", 5)
    settings["AXES_COOLOFF_TIME"] = timedelta(minutes=env_int("NOTINSCHOOL_SIGN_IN_COOLOFF_MINUTES", 15))
    settings["AXES_LOCKOUT_PARAMETERS"] = [["username", "ip_address"]]
    settings["AXES_RESET_ON_SUCCESS"] = True
    # A lock-out ends a fixed time after it began: attempts while locked do not extend it, so
    # nobody can keep someone else locked out by trying again and again (ADR 0033).
    settings["AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT"] = False
    settings["AXES_USERNAME_FORM_FIELD"] = "email"
    settings["AXES_USERNAME_CALLABLE"] = "notinschool.accounts.lockout.username_of_attempt"
    settings["AXES_CLIENT_IP_CALLABLE"] = "notinschool.audit.services.client_ip"
    settings["AXES_LOCKOUT_CALLABLE"] = "notinschool.accounts.views.locked_out"
    settings["AXES_VERBOSE"] = False

    # Two-factor (docs/adr/0303-two-factor.md).
    settings["OTP_TOTP_ISSUER"] = settings.get("SERVICE_NAME", "Not in School")
    settings["OTP_TOTP_THROTTLE_FACTOR"] = 1
    settings["OTP_STATIC_THROTTLE_FACTOR"] = 1

    # Sessions (docs/adr/0305-sessions.md): 30 minutes idle, 12 hours in all.
    settings["NOTINSCHOOL_SESSION_IDLE_SECONDS"] = env_int("NOTINSCHOOL_SESSION_IDLE_SECONDS", 30 * 60)
    settings["NOTINSCHOOL_SESSION_MAX_SECONDS"] = settings.get("SESSION_COOKIE_AGE", 12 * 60 * 60)

    # Invitations and password reset links.
    settings["NOTINSCHOOL_INVITATION_DAYS"] = env_int("NOTINSCHOOL_INVITATION_DAYS", 7)
    settings["PASSWORD_RESET_TIMEOUT"] = env_int("NOTINSCHOOL_PASSWORD_RESET_SECONDS", 60 * 60)

    # Council sign-in through each LA's own OpenID Connect provider (docs/adr/0306-council-sign-in.md).
    settings["OIDC_AUTHENTICATION_CALLBACK_URL"] = "accounts:council-callback"
    settings["OIDC_CREATE_USER"] = False
    settings["OIDC_USE_NONCE"] = True
    settings["OIDC_USE_PKCE"] = True
    settings["OIDC_RP_SCOPES"] = "openid email"
    settings["OIDC_TIMEOUT"] = env_int("NOTINSCHOOL_OIDC_TIMEOUT_SECONDS", 10)
    settings["OIDC_VERIFY_SSL"] = True
    settings["OIDC_ALLOW_UNSECURED_JWT"] = False
    settings["NOTINSCHOOL_OIDC_CLOCK_LEEWAY_SECONDS"] = 60

    # Key for secrets stored encrypted (OIDC client secrets); falls back to SECRET_KEY.
    settings["NOTINSCHOOL_ENCRYPTION_KEY"] = env_str("NOTINSCHOOL_ENCRYPTION_KEY")
    settings["NOTINSCHOOL_ENCRYPTION_KEY_FALLBACKS"] = env_list("NOTINSCHOOL_ENCRYPTION_KEY_FALLBACKS")
