"""Forms for people who manage others: invitations, roles, API tokens, council sign-in."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from notinschool.accounts.models import LA_ROLES, NETWORK_ROLES, CouncilSignIn, Role, TokenScope, User
from notinschool.core.forms import GovUKFormMixin
from notinschool.places.models import LocalAuthority, Network


class InvitationForm(GovUKFormMixin, forms.Form):
    """Who to invite, to which LA or network team, with which roles."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter the email address of the person to invite",
            "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
        },
    )
    full_name = forms.CharField(label="Full name", max_length=150, required=False)
    organisation = forms.ChoiceField(
        label="Organisation",
        error_messages={"required": "Select an organisation", "invalid_choice": "Select an organisation from the list"},
    )
    roles = forms.MultipleChoiceField(
        label="Roles",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one role", "invalid_choice": "Select roles from the list"},
    )

    def __init__(self, *args, organisations: list[tuple[str, str]], roles: list[Role], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "Select an organisation"), *organisations]
        self.fields["roles"].choices = [(role.value, role.label) for role in roles]

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError("Someone already has an account with this email address")
        return email

    def clean(self):
        cleaned = super().clean()
        target, roles = self.target(), set(cleaned.get("roles") or [])
        if target is None or not roles:
            return cleaned
        if isinstance(target, LocalAuthority) and roles - {r.value for r in LA_ROLES}:
            self.add_error(
                "roles", "People in a local authority can only be LA contributors, approvers or register officers"
            )
        if isinstance(target, Network) and roles - {r.value for r in NETWORK_ROLES}:
            self.add_error("roles", "People on a network's team can only be network viewers or coordinators")
        return cleaned

    def target(self) -> LocalAuthority | Network | None:
        """The LA or network chosen ("la:886" or "network:south-east"); None means the whole service."""
        value = self.cleaned_data.get("organisation") or ""
        kind, _, key = value.partition(":")
        if kind == "la":
            return LocalAuthority.objects.filter(old_code=key).first()
        if kind == "network":
            return Network.objects.filter(slug=key).first()
        return None


class RolesForm(GovUKFormMixin, forms.Form):
    """The roles one person holds."""

    roles = forms.MultipleChoiceField(
        label="Roles",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select roles from the list"},
    )

    def __init__(self, *args, roles: list[Role], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = [(role.value, role.label) for role in roles]


class APITokenForm(GovUKFormMixin, forms.Form):
    """A name people will recognise, and what the token may do."""

    name = forms.CharField(
        label="Name",
        max_length=100,
        error_messages={"required": "Enter a name for the token, such as the system that will use it"},
    )
    scopes = forms.MultipleChoiceField(
        label="What the token can do",
        choices=TokenScope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select what the token can do", "invalid_choice": "Select from the list"},
    )


def _https_by_default(field: models.Field, **kwargs) -> forms.Field:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class CouncilSignInForm(GovUKFormMixin, forms.ModelForm):
    """An LA's OpenID Connect provider. The secret is write-only: leave it blank to keep it."""

    client_secret = forms.CharField(
        label="Client secret",
        required=False,
        strip=True,
        max_length=500,
        help_text="Leave blank to keep the secret already stored.",
    )

    class Meta:
        model = CouncilSignIn
        formfield_callback = _https_by_default
        fields = [
            "issuer",
            "client_id",
            "authorization_endpoint",
            "token_endpoint",
            "userinfo_endpoint",
            "jwks_uri",
            "signing_algorithm",
            "allowed_email_domains",
            "enabled",
        ]
        error_messages = {
            name: {
                "required": f"Enter the {label}",
                "invalid": f"Enter the {label} as a full web address, starting https://",
            }
            for name, label in [
                ("issuer", "issuer"),
                ("client_id", "client ID"),
                ("authorization_endpoint", "authorisation endpoint"),
                ("token_endpoint", "token endpoint"),
                ("userinfo_endpoint", "user information endpoint"),
                ("jwks_uri", "signing keys (JWKS) address"),
                ("allowed_email_domains", "allowed email domains"),
                ("signing_algorithm", "signing algorithm"),
            ]
        }

    def clean_signing_algorithm(self):
        algorithm = self.cleaned_data["signing_algorithm"]
        if algorithm not in {"RS256", "RS384", "RS512", "ES256", "ES384", "PS256"}:
            raise ValidationError("Enter a public-key signing algorithm, such as RS256")
        return algorithm

    def clean_allowed_email_domains(self):
        domains = [d.strip().lstrip("@").lower() for d in self.cleaned_data["allowed_email_domains"].split(",")]
        domains = [d for d in domains if d]
        if not domains or any("." not in d or " " in d for d in domains):
            raise ValidationError("Enter email domains separated by commas, like kent.gov.uk")
        return ", ".join(domains)
