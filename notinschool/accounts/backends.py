"""The sign-in backend: Django's own password checks, with a cheaper load of the signed-in user.

Every request loads the signed-in user. Loading their LA or network (the header shows it) and
whether they have an authenticator (the two-factor rules ask) in the same query saves a round
trip to the database for each, on every page.
"""

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

SIGN_IN_BACKEND = "notinschool.accounts.backends.AccountBackend"


class AccountBackend(ModelBackend):
    """ModelBackend whose `get_user` brings the user's organisation and authenticator state."""

    def get_user(self, user_id):
        """The active user with this id, or None (as ModelBackend)."""
        from notinschool.accounts.models import User

        confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        user = (
            User._default_manager.select_related("local_authority", "network")
            .annotate(has_authenticator=Exists(confirmed))
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        # The cache two_factor.has_confirmed_device reads, filled for this request.
        user._has_confirmed_device = user.has_authenticator
        return user
