"""Forms for signing in, the second factor, and passwords."""

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.http import HttpRequest

from notinschool.core.forms import GovUKFormMixin

EMAIL_ERRORS = {
    "required": "Enter your email address",
    "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
}
SIGN_IN_FAILED = "Enter the email address and password of an active account"


class SignInForm(GovUKFormMixin, forms.Form):
    """Email address and password; one message for any failure so accounts cannot be probed."""

    email = forms.EmailField(label="Email address", max_length=254, error_messages=EMAIL_ERRORS)
    password = forms.CharField(
        label="Password",
        strip=False,
        max_length=200,
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, *args, request: HttpRequest | None = None, **kwargs):
        self.request = request
        self.user = None
        self.credentials_refused = False
        self.attempted_email = ""
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        email, password = cleaned.get("email"), cleaned.get("password")
        if email and password:
            self.user = authenticate(self.request, username=email.lower(), password=password)
            if self.user is None:
                self.credentials_refused = True
                self.attempted_email = email.lower()
                self.add_error("email", SIGN_IN_FAILED)
        return cleaned


class SecondFactorForm(GovUKFormMixin, forms.Form):
    """A six-digit code from the authenticator app, or one of the backup codes."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app, or a backup code"},
    )


class ConfirmAuthenticatorForm(GovUKFormMixin, forms.Form):
    """The first code from a newly added authenticator, proving it was set up right."""

    code = forms.CharField(
        label="Code from the app",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code your authenticator app shows"},
    )


class EmailForm(GovUKFormMixin, forms.Form):
    """Just an email address (password reset, council sign-in)."""

    email = forms.EmailField(label="Email address", max_length=254, error_messages=EMAIL_ERRORS)


class NewPasswordForm(GovUKFormMixin, forms.Form):
    """A new password, typed twice, checked against every password rule."""

    new_password = forms.CharField(
        label="New password", strip=False, max_length=200, error_messages={"required": "Enter a new password"}
    )
    confirm_password = forms.CharField(
        label="Confirm new password",
        strip=False,
        max_length=200,
        error_messages={"required": "Enter the new password again"},
    )

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_password(self):
        password = self.cleaned_data["new_password"]
        password_validation.validate_password(password, self.user)
        return password

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("new_password"), cleaned.get("confirm_password")
        if first and second and first != second:
            self.add_error("confirm_password", "The passwords do not match; enter the same new password twice")
        return cleaned


class ChangePasswordForm(NewPasswordForm):
    """The current password, then a new one."""

    current_password = forms.CharField(
        label="Current password",
        strip=False,
        max_length=200,
        error_messages={"required": "Enter your current password"},
    )
    field_order = ["current_password", "new_password", "confirm_password"]

    def clean_current_password(self):
        password = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Your current password is not right; enter it again")
        return password


class AcceptInvitationForm(NewPasswordForm):
    """The invited person's name and their first password."""

    full_name = forms.CharField(label="Full name", max_length=150, error_messages={"required": "Enter your full name"})
    field_order = ["full_name", "new_password", "confirm_password"]
