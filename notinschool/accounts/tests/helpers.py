"""Test helpers for accounts: TOTP codes, a local OpenID Connect provider, council sign-in set-up."""

import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
import werkzeug.serving
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from notinschool.accounts import encryption
from notinschool.accounts.models import CouncilSignIn
from notinschool.places.selectors import la_by_code

# oidc-provider-mock's libraries warn about their own deprecations while serving (in its thread,
# where pytest's "warnings are errors" would turn them into 500s). Not our code's warnings.
PROVIDER_WARNINGS_IGNORED = pytest.mark.filterwarnings(
    "ignore::DeprecationWarning:authlib.*", "ignore::DeprecationWarning:oidc_provider_mock.*"
)
CLIENT_ID = "not-in-school-test"
CLIENT_SECRET = "test-client-secret"


def current_code(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    """The code an authenticator app would show now (or `offset_steps` steps later)."""
    generator = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    generator.time = time.time() + offset_steps * device.step
    return f"{generator.token():0{device.digits}d}"


@contextmanager
def oidc_provider(*, users: list[dict], token_max_age: timedelta = timedelta(hours=1)) -> Iterator[str]:
    """Run oidc-provider-mock on 127.0.0.1 in a thread; yield its issuer URL.

    `users` are dicts of claims with a "sub"; they appear as one-click buttons on its page.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import oidc_provider_mock

    app = oidc_provider_mock.app(
        require_nonce=True,
        access_token_max_age=token_max_age,
        user_claims=[oidc_provider_mock.User(sub=u["sub"], claims=u) for u in users],
    )
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def configure_council_sign_in(issuer: str, *, la_code: str = "886", domains: str = "kent.example", **overrides):
    """Point an LA's council sign-in at a provider (the mock's endpoints)."""
    fields = {
        "issuer": issuer,
        "client_id": CLIENT_ID,
        "client_secret_encrypted": encryption.encrypt(CLIENT_SECRET),
        "authorization_endpoint": f"{issuer}/oauth2/authorize",
        "token_endpoint": f"{issuer}/oauth2/token",
        "userinfo_endpoint": f"{issuer}/userinfo",
        "jwks_uri": f"{issuer}/jwks",
        "signing_algorithm": "RS256",
        "allowed_email_domains": domains,
        "enabled": True,
    }
    fields.update(overrides)
    config, _ = CouncilSignIn.objects.update_or_create(local_authority=la_by_code(la_code), defaults=fields)
    return config
