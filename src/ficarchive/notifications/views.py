"""Subscribe buttons, the subscriptions page, the inbox and its settings, and the emails'
one-click unsubscribe. Thin: parse with a form, call a service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ficarchive.accounts.models import User
from ficarchive.community.services import CommunityError
from ficarchive.notifications.forms import (
    InboxReplyForm,
    InboxUpdateForm,
    PreferencesForm,
    SubscribeForm,
)
from ficarchive.notifications.mail import unsubscribe_read
from ficarchive.notifications.saved import NotSavable
from ficarchive.notifications.selectors import (
    get_member_for_owner,
    inbox_item_for,
    inbox_items,
    preferences_of,
    subscriptions_of,
)
from ficarchive.notifications.services import (
    SubscriptionRefused,
    inbox_delete,
    inbox_mark_read,
    inbox_reply,
    preferences_save,
    subscription_add,
    subscription_delete,
    subscription_remove,
    unsubscribe_apply,
)

ITEMS_PER_PAGE = 50


def _member(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required
    return user


def _owner(request: HttpRequest, username: str) -> User:
    return get_member_for_owner(viewer=_member(request), username=username)


def _back(request: HttpRequest, target: str, fallback: str) -> HttpResponse:
    """Back to the page the button was on; never another site's."""
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = fallback
    return redirect(target)


@login_required
@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    user = _member(request)
    form = SubscribeForm(request.POST)
    fallback = reverse("notifications:subscriptions", args=[user.username])
    if not form.is_valid():
        messages.error(request, "That can't be subscribed to.")
        return redirect(fallback)
    data = form.cleaned_data
    try:
        subscription = subscription_add(
            user=user, kind=data["kind"], target_id=data["target"], address=data["address"]
        )
    except (SubscriptionRefused, NotSavable):
        raise Http404("Nothing to subscribe to") from None
    messages.success(request, f"Subscribed to {subscription.label}.")
    return _back(request, data["next"], fallback)


@login_required
@require_POST
def unsubscribe_here(request: HttpRequest) -> HttpResponse:
    """Unsubscribe in one step: from the button where the thing lives, or by id from the
    subscriptions page."""
    user = _member(request)
    form = SubscribeForm(request.POST)
    fallback = reverse("notifications:subscriptions", args=[user.username])
    if not form.is_valid():
        messages.error(request, "That can't be unsubscribed from.")
        return redirect(fallback)
    data = form.cleaned_data
    try:
        if data["subscription"]:
            removed = subscription_delete(user_id=user.pk, subscription_id=data["subscription"])
        else:
            removed = subscription_remove(
                user=user, kind=data["kind"], target_id=data["target"], address=data["address"]
            )
    except NotSavable:
        removed = False
    messages.success(request, "Unsubscribed." if removed else "You were not subscribed.")
    return _back(request, data["next"], fallback)


@login_required
@require_safe
def subscriptions(request: HttpRequest, username: str) -> HttpResponse:
    owner = _owner(request, username)
    rows = subscriptions_of(user=owner)
    return render(request, "notifications/subscriptions.html", {"owner": owner, "rows": rows})


@login_required
@require_safe
def inbox(request: HttpRequest, username: str) -> HttpResponse:
    owner = _owner(request, username)
    page = Paginator(inbox_items(user=owner), ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"owner": owner, "page": page, "reply_form": InboxReplyForm(auto_id="reply-%s")},
    )


@login_required
@require_POST
def inbox_update(request: HttpRequest, username: str) -> HttpResponse:
    owner = _owner(request, username)
    form = InboxUpdateForm(request.POST)
    back = reverse("notifications:inbox", args=[owner.username])
    if not form.is_valid():
        messages.error(request, "Choose what to do with which notices.")
        return redirect(back)
    action, items = form.cleaned_data["action"], form.cleaned_data["item"]
    if action == "delete":
        inbox_delete(user=owner, item_ids=items)
        messages.success(request, "Deleted.")
    else:
        everything = action == "read_all"
        inbox_mark_read(user=owner, item_ids=None if everything else items, read=action != "unread")
        messages.success(request, "Marked unread." if action == "unread" else "Marked read.")
    return redirect(back)


@login_required
@require_POST
def inbox_reply_view(request: HttpRequest, username: str) -> HttpResponse:
    owner = _owner(request, username)
    form = InboxReplyForm(request.POST)
    back = reverse("notifications:inbox", args=[owner.username])
    if not form.is_valid():
        messages.error(request, "Write a reply first (at most 10,000 characters).")
        return redirect(back)
    item = inbox_item_for(user=owner, item_id=form.cleaned_data["item"])
    try:
        inbox_reply(user=owner, item=item, text=form.cleaned_data["text"])
    except (CommunityError, SubscriptionRefused) as error:
        messages.error(request, str(error))
        return redirect(back)
    messages.success(request, "Reply posted.")
    return redirect(back)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def inbox_settings(request: HttpRequest, username: str) -> HttpResponse:
    owner = _owner(request, username)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            preferences_save(user=owner, choices=form.cleaned_data)
            messages.success(request, "Email settings saved.")
            return redirect(reverse("notifications:settings", args=[owner.username]))
    else:
        form = PreferencesForm(initial=preferences_of(user=owner))
    return render(
        request,
        "notifications/settings.html",
        {"owner": owner, "form": form, "email_confirmed": owner.email_confirmed},
    )


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs with no token; the signature authorizes
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a page with one button; POST: stop what the signed token names. A token the site
    did not sign is a 404 and changes nothing."""
    stop = unsubscribe_read(token)
    if stop is None:
        raise Http404("No such unsubscribe link")
    if request.method == "POST":
        unsubscribe_apply(stop=stop)
        return render(request, "notifications/unsubscribed.html", {"done": True})
    return render(request, "notifications/unsubscribed.html", {"done": False})
