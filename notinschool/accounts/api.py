"""The accounts part of /api/v1/: what the calling token is."""

from ninja import Router, Schema

from notinschool.accounts.api_auth import LATokenAuth

PREFIX = "/tokens"
router = Router(tags=["tokens"])


class TokenOut(Schema):
    """The calling token's LA and what it may do."""

    name: str
    local_authority_code: str
    local_authority_new_code: str
    local_authority_name: str
    scopes: list[str]


@router.get("/me", auth=LATokenAuth(), response=TokenOut, url_name="tokens-me", summary="The calling token")
def me(request):
    """Which LA this token acts for, and its scopes. Any valid token may ask."""
    token = request.auth
    la = token.local_authority
    return {
        "name": token.name,
        "local_authority_code": la.old_code,
        "local_authority_new_code": la.new_code,
        "local_authority_name": la.name,
        "scopes": token.scopes,
    }
