"""Forms for signing in."""

from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest

from notinschool.core.forms import GovUKFormMixin


class SignInForm(GovUKFormMixin, forms.Form):
    """Email address and password; one message for any failure so accounts cannot be probed."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        max_length=200,
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, *args, request: HttpRequest | None = None, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        email, password = cleaned.get("email"), cleaned.get("password")
        if email and password:
            self.user = authenticate(self.request, username=email.lower(), password=password)
            if self.user is None:
                self.add_error("email", "Enter the email address and password of an active account")
        return cleaned
