"""Council sign-in: OpenID Connect against each LA's own provider, on mozilla-django-oidc.

mozilla-django-oidc reads one provider from settings; here a thin subclass takes the provider
from the LA's `CouncilSignIn` row, and checks more than the library does by itself: the ID
token's audience, issuer, expiry and issue time, a PKCE verifier, the userinfo `sub` matching
the ID token's, a verified email on an allowed domain, and an existing account or invitation.
"""

import base64
import hashlib
import secrets
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from notinschool.accounts import encryption
from notinschool.accounts.models import CouncilSignIn, Invitation, User
from notinschool.core.errors import ServiceError

SESSION_KEY = "notinschool_council_sign_in"


class CouncilSignInRefused(ServiceError):
    """The provider's answer could not be trusted, or names nobody who may use the service.
    `message` is for the person; `reason` (which may name the provider's error) is for the log."""

    def __init__(self, reason: str, message: str = "We could not sign you in with your council account"):
        super().__init__(message)
        self.reason = reason


class CouncilBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow, configured from one LA's provider rather than settings."""

    def __init__(self, config: CouncilSignIn):
        self.config = config
        self.OIDC_OP_TOKEN_ENDPOINT = config.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = config.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = config.jwks_uri
        self.OIDC_RP_CLIENT_ID = config.client_id
        self.OIDC_RP_CLIENT_SECRET = encryption.decrypt(config.client_secret_encrypted)
        self.OIDC_RP_SIGN_ALGO = config.signing_algorithm
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.UserModel = User
        self.id_token_claims: dict = {}
        self.invitation: Invitation | None = None
        self.refusal = ""

    def _verify_jws(self, payload, key):
        """Check signature, algorithm, audience, issuer, expiry and issue time of the ID token."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("ID token signed with an unexpected algorithm")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.config.issuer.rstrip("/"),
                leeway=settings.NOTINSCHOOL_OIDC_CLOCK_LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "aud", "iss", "sub"]},
            )
        except jwt.InvalidAudienceError as exc:
            raise SuspiciousOperation("ID token is for another client (wrong audience)") from exc
        except jwt.InvalidIssuerError as exc:
            raise SuspiciousOperation("ID token from an unexpected issuer") from exc
        except jwt.ExpiredSignatureError as exc:
            raise SuspiciousOperation("ID token has expired") from exc
        except jwt.InvalidSignatureError as exc:
            raise SuspiciousOperation("ID token signature is not valid") from exc
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"ID token refused: {exc}") from exc

    def retrieve_matching_jwk(self, token):
        """The provider's published key that signed this token: by key id, or its only signing key."""
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        header = jwt.get_unverified_header(token)
        keys = [k for k in response.json().get("keys", []) if k.get("use", "sig") == "sig"]
        keys = [k for k in keys if k.get("alg", header.get("alg")) == header.get("alg")]
        if header.get("kid") is not None:
            keys = [k for k in keys if k.get("kid") == header["kid"]]
        if len(keys) != 1:
            raise SuspiciousOperation("No single published key matches the ID token (JWKS)")
        return jwt.PyJWK(keys[0])

    def verify_token(self, token, **kwargs):
        """Verify the ID token, and keep its claims to compare with userinfo."""
        payload = super().verify_token(token, **kwargs)
        if kwargs.get("nonce") is not None:
            self.id_token_claims = payload
        return payload

    def verify_claims(self, claims):
        """A verified email address on one of this council's allowed domains."""
        email = claims.get("email")
        if not email or claims.get("email_verified") not in (True, "true"):
            raise SuspiciousOperation("The council did not confirm that the email address is verified")
        if not self.config.allows_email(email):
            raise SuspiciousOperation("The email address is not on one of this council's domains")
        if self.id_token_claims and claims.get("sub") != self.id_token_claims.get("sub"):
            raise SuspiciousOperation("User information is about someone other than the ID token")
        return True

    def filter_users_by_claims(self, claims):
        """Active accounts with exactly this email address."""
        return self.UserModel.objects.filter(email__iexact=claims.get("email", ""), is_active=True)

    def get_or_create_user(self, access_token, id_token, payload):
        """An existing account, or the account a usable invitation promised; never a new stranger."""
        try:
            return self._match_user(self.get_userinfo(access_token, id_token, payload))
        except SuspiciousOperation as exc:
            self.refusal = str(exc)
            raise

    def _match_user(self, user_info: dict):
        self.verify_claims(user_info)
        users = list(self.filter_users_by_claims(user_info)[:2])
        if len(users) == 1:
            return users[0]
        if len(users) > 1:
            raise SuspiciousOperation("More than one account has this email address")
        if User.objects.filter(email__iexact=user_info["email"]).exists():
            raise SuspiciousOperation("The account with this email address is disabled")
        invitation = (
            Invitation.objects.filter(email__iexact=user_info["email"], accepted_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if invitation is not None and invitation.is_usable:
            self.invitation = invitation
            return None
        raise SuspiciousOperation("Nobody with this email address has an account or an invitation")


def _pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(64)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def authorization_url(request: HttpRequest, config: CouncilSignIn, *, email: str, next_url: str) -> str:
    """Remember state, nonce and PKCE verifier in the session; return the provider's sign-in address."""
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    verifier, challenge = _pkce_pair()
    request.session[SESSION_KEY] = {
        "config": config.pk,
        "state": state,
        "nonce": nonce,
        "verifier": verifier,
        "next": next_url,
    }
    params = {
        "response_type": "code",
        "client_id": config.client_id,
        "redirect_uri": request.build_absolute_uri(reverse("accounts:council-callback")),
        "scope": settings.OIDC_RP_SCOPES,
        "state": state,
        "nonce": nonce,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "login_hint": email,
    }
    return f"{config.authorization_endpoint}?{urlencode(params)}"


def complete(request: HttpRequest) -> tuple[User | None, Invitation | None, str]:
    """Finish the code flow from the provider's redirect: (user or None, invitation or None, next page).

    Raises CouncilSignInRefused with a reason for the audit log when anything does not check out.
    """
    pending = request.session.pop(SESSION_KEY, None)
    if not pending:
        raise CouncilSignInRefused(
            "no sign-in was started in this browser",
            "Your council sign-in took too long or was started in another browser. Try again",
        )
    if not secrets.compare_digest(str(request.GET.get("state", "")), pending["state"]):
        raise CouncilSignInRefused("state does not match")
    if request.GET.get("error"):
        raise CouncilSignInRefused(
            f"provider said {request.GET['error'][:100]}",
            "Your council did not sign you in. Try again, or sign in with your password",
        )
    config = CouncilSignIn.objects.filter(pk=pending["config"], enabled=True).select_related("local_authority").first()
    if config is None:
        raise CouncilSignInRefused("council sign-in no longer enabled")
    backend = CouncilBackend(config)
    try:
        user = backend.authenticate(request, nonce=pending["nonce"], code_verifier=pending["verifier"])
    except SuspiciousOperation as exc:
        raise CouncilSignInRefused(str(exc)) from exc
    except (requests.RequestException, ValueError, KeyError, jwt.PyJWTError, encryption.SecretUnreadable) as exc:
        raise CouncilSignInRefused(f"{type(exc).__name__}: {exc}"[:300]) from exc
    if user is None and backend.invitation is None:
        raise CouncilSignInRefused(backend.refusal or "the provider did not complete the sign-in")
    return user, backend.invitation, pending["next"]
