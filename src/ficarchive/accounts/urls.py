from __future__ import annotations

from django.urls import path

from ficarchive.accounts import views

app_name = "accounts"
urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/confirm/<str:token>/", views.confirm_email, name="confirm_email"),
    path("accounts/settings/", views.account_settings, name="settings"),
    path("accounts/confirmation/resend/", views.resend_confirmation, name="resend_confirmation"),
    path("accounts/app-passwords/", views.app_passwords, name="app_passwords"),
    path(
        "accounts/app-passwords/<int:app_password_id>/revoke/",
        views.revoke_app_password,
        name="revoke_app_password",
    ),
    path("accounts/delete/", views.delete_account, name="delete"),
    path("users/<str:username>/", views.profile, name="profile"),
    path("creators/<int:creator_id>/claim/", views.claim_creator, name="claim"),
]
