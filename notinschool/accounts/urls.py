from django.urls import path

from notinschool.accounts import council_views, password_views, token_views, user_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("two-factor/", views.second_factor, name="two-factor"),
    path("two-factor/set-up/", views.set_up_two_factor, name="two-factor-set-up"),
    path("two-factor/backup-codes/", views.backup_codes, name="backup-codes"),
    path("sign-in/council/", council_views.council_sign_in, name="council-sign-in"),
    path("sign-in/council/callback/", council_views.council_callback, name="council-callback"),
    path("council-sign-in/", council_views.council_sign_in_settings, name="council-sign-in-settings"),
    path("council-sign-in/<str:la>/", council_views.council_sign_in_edit, name="council-sign-in-edit"),
    path("password/", password_views.password_change, name="password-change"),
    path("password-reset/", password_views.password_reset, name="password-reset"),
    path(
        "password-reset/<str:uidb64>/<str:token>/", password_views.password_reset_confirm, name="password-reset-confirm"
    ),
    path("users/", user_views.users, name="users"),
    path("users/invite/", user_views.invite, name="invite"),
    path("users/<int:user_id>/", user_views.person, name="person"),
    path("users/<int:user_id>/active/", user_views.person_active, name="person-active"),
    path("users/<int:user_id>/two-factor-reset/", user_views.person_two_factor_reset, name="person-two-factor-reset"),
    path("invitations/expired/", user_views.invitation_unusable, name="invitation-unusable"),
    path("invitations/<str:secret>/", user_views.invitation, name="invitation"),
    path("api-tokens/<str:la>/", token_views.api_tokens, name="api-tokens"),
    path("api-tokens/<str:la>/<int:token_id>/revoke/", token_views.api_token_revoke, name="api-token-revoke"),
]
