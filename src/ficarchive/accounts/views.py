"""Sign-up, throttled login, profile, settings, account deletion and creator claims."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, PasswordResetView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ficarchive.accounts.app_passwords import (
    TooManyAppPasswords,
    app_password_create,
    app_password_revoke,
    app_passwords_for,
)
from ficarchive.accounts.forms import (
    AppPasswordForm,
    ClaimForm,
    DeleteAccountForm,
    ProfileForm,
    SignupForm,
    ThrottledPasswordResetForm,
)
from ficarchive.accounts.models import User
from ficarchive.accounts.services import (
    CONFIRMATION_MAILS,
    PASSWORD_RESETS,
    SIGNUPS,
    SignupRefused,
    account_delete,
    creator_claim_request,
    email_confirm,
    email_confirmation_send,
    login_is_throttled,
    user_signup,
)
from ficarchive.core import relations
from ficarchive.core.requests import client_ip
from ficarchive.reader.forms import ReaderSettingsForm
from ficarchive.reader.selectors import reader_preferences_for
from ficarchive.works.models import Creator
from ficarchive.works.selectors import pending_invitations_for, works_by_user

THROTTLED = "Too many failed attempts. Wait 15 minutes, or reset your password."


class ThrottledLoginView(LoginView):
    """Django's login, answering 429 while the visitor is throttled.

    The throttle itself (counting, refusing) is the authentication backend's, shared with the
    admin's login; this view only says so clearly.
    """

    template_name = "registration/login.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", ""))[:150]
        if login_is_throttled(username=username, ip_address=client_ip(request)):
            form = self.get_form()
            form.errors.clear()
            return self.render_to_response(
                self.get_context_data(form=form, throttled=THROTTLED), status=429
            )
        return super().post(request, *args, **kwargs)


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("works:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not SIGNUPS.attempt(client_ip(request)):
            form.add_error(None, "Too many accounts were made from your address; try later.")
            return render(request, "accounts/signup.html", {"form": form}, status=429)
        try:
            user = user_signup(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                invitation_code=form.cleaned_data.get("invitation_code", ""),
                terms_accepted=form.cleaned_data["accept_terms"],
            )
        except SignupRefused as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, str(refusal))
        else:
            login(request, user, backend="ficarchive.accounts.backends.ThrottledModelBackend")
            email_confirmation_send(user=user, base_url=request.build_absolute_uri("/"))
            messages.success(request, "Welcome! We sent you an email to confirm your address.")
            return redirect(user)
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/signup.html", {"form": form}, status=status)


@login_required
@require_POST
def resend_confirmation(request: HttpRequest) -> HttpResponse:
    """Send the confirmation link again, a few times an hour at most."""
    user = request.user
    assert isinstance(user, User)
    if user.email_confirmed:
        messages.success(request, "Your email address is already confirmed.")
    elif CONFIRMATION_MAILS.attempt(str(user.pk)):
        email_confirmation_send(user=user, base_url=request.build_absolute_uri("/"))
        messages.success(request, f"We sent a new confirmation link to {user.email}.")
    else:
        messages.error(request, "We sent several links in the last hour; check your inbox.")
    return redirect("accounts:settings")


class ThrottledPasswordResetView(PasswordResetView):
    """Django's reset page, refusing a visitor who asks too often (429)."""

    form_class = ThrottledPasswordResetForm

    def form_valid(self, form: ThrottledPasswordResetForm) -> HttpResponse:
        if not PASSWORD_RESETS.attempt(client_ip(self.request)):
            form.add_error(None, "Too many reset requests from your address; try later.")
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


@require_safe
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    user = email_confirm(token=token)
    if user is None:
        messages.error(request, "That confirmation link is wrong or has expired.")
        return redirect("works:home")
    messages.success(request, "Your email address is confirmed.")
    return redirect(user)


@require_safe
def profile(request: HttpRequest, username: str) -> HttpResponse:
    member = get_object_or_404(User, username=username, is_active=True)
    context = {
        "member": member,
        "creators": Creator.objects.filter(user=member),
        "works": works_by_user(viewer=request.user, member=member),
        "is_own_profile": request.user == member,
        "other": member,
        "standing": relations.standing(request.user, member.pk),
        "invitations": pending_invitations_for(user=member) if request.user == member else [],
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        if form.new_email:
            email_confirmation_send(
                user=user, base_url=request.build_absolute_uri("/"), new_email=form.new_email
            )
            messages.success(
                request,
                f"Saved. We sent a link to {form.new_email}: your address changes when you "
                "open it.",
            )
        else:
            messages.success(request, "Saved.")
        return redirect("accounts:settings")
    status = 400 if request.method == "POST" else 200
    reader_form = ReaderSettingsForm(
        initial=reader_preferences_for(request).to_mapping(), auto_id="reader-%s"
    )
    context = {"form": form, "reader_form": reader_form}
    return render(request, "accounts/settings.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        logout(request)
        account_delete(user=user, keep_works=form.cleaned_data["works"] == "orphan")
        messages.success(request, "Your account has been deleted.")
        return redirect("works:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/delete.html", {"form": form}, status=status)


@login_required
@require_POST
def claim_creator(request: HttpRequest, creator_id: int) -> HttpResponse:
    """Ask the moderators to link an imported creator name to this account."""
    creator = get_object_or_404(Creator, pk=creator_id, user__isnull=True)
    user = request.user
    assert isinstance(user, User)
    form = ClaimForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    creator_claim_request(user=user, creator=creator, message=message)
    messages.success(request, f"Your claim to “{creator.name}” was sent to the moderators.")
    return redirect(creator)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def app_passwords(request: HttpRequest) -> HttpResponse:
    """List, make and revoke the member's app passwords; a new one is shown in the answer to
    the POST that made it, once, and is stored nowhere in clear."""
    user = request.user
    assert isinstance(user, User)
    form = AppPasswordForm(request.POST or None)
    created: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                app_password, password = app_password_create(
                    user=user, name=form.cleaned_data["name"]
                )
            except TooManyAppPasswords as error:
                form.add_error(None, str(error))
                status = 400
            else:
                created = {"name": app_password.name, "password": password}
                form = AppPasswordForm()
        else:
            status = 400
    context = {
        "form": form,
        "created": created,
        "app_passwords": app_passwords_for(user=user),
        "kosync_url": request.build_absolute_uri("/kosync"),
    }
    return render(request, "accounts/app_passwords.html", context, status=status)


@login_required
@require_POST
def revoke_app_password(request: HttpRequest, app_password_id: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if app_password_revoke(user=user, app_password_id=app_password_id):
        messages.success(request, "Revoked: that device can no longer sign in with it.")
    else:
        messages.error(request, "That app password was already revoked.")
    return redirect("accounts:app_passwords")
