"""Mute and block: a confirmation page for each (a plain form, no script needed), the POSTs,
and the member's own lists of what they muted and blocked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ficarchive.accounts.models import User
from ficarchive.muting.forms import BackForm
from ficarchive.muting.selectors import blocks_of, tag_mutes_of, user_mutes_of
from ficarchive.muting.services import (
    MutingError,
    tag_mute,
    tag_unmute,
    user_block,
    user_mute,
    user_unblock,
    user_unmute,
)
from ficarchive.tags.models import Tag
from ficarchive.works.selectors import get_tag, works_tagged


def _member(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _back(request: HttpRequest, fallback: str) -> str:
    """The page the button was on, if it is this site's; else the member's list."""
    form = BackForm(request.POST or request.GET)
    target = form.cleaned_data["next"] if form.is_valid() else ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return str(target)
    return fallback


def _other_member(request: HttpRequest, username: str) -> User:
    """The member named, never the visitor themself (a 404: there is nothing to confirm)."""
    other = get_object_or_404(User, username=username, is_active=True)
    if other.pk == request.user.pk:
        raise Http404("You can't mute or block yourself")
    return other


def _confirm(
    request: HttpRequest,
    *,
    act: Callable[[], object],
    done: str,
    context: dict[str, Any],
    fallback: str,
) -> HttpResponse:
    """GET: the confirmation page; POST: do it, say so, go back."""
    back = _back(request, fallback)
    if request.method == "POST":
        try:
            act()
        except MutingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
        return redirect(back)
    return render(request, "muting/confirm.html", {**context, "back": back})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def user_mute_view(request: HttpRequest, username: str) -> HttpResponse:
    member, other = _member(request), _other_member(request, username)
    return _confirm(
        request,
        act=lambda: user_mute(member=member, muted=other),
        done=f"You muted {other.username}: their works, comments and bookmarks leave your lists.",
        context={
            "heading": f"Mute {other.username}?",
            "explanation": (
                f"Works by {other.username}, their comments and their bookmarks will no longer "
                "appear in your lists, searches and feeds. They are not told. You can unmute "
                "them at any time."
            ),
            "action": reverse("muting:user_mute", args=[other.username]),
            "button": f"Mute {other.username}",
        },
        fallback=other.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def user_block_view(request: HttpRequest, username: str) -> HttpResponse:
    member, other = _member(request), _other_member(request, username)
    return _confirm(
        request,
        act=lambda: user_block(member=member, blocked=other),
        done=f"You blocked {other.username}.",
        context={
            "heading": f"Block {other.username}?",
            "explanation": (
                f"{other.username} will no longer be able to comment on your works, reply to "
                "your comments, leave kudos on your works or invite you to co-create. They are "
                "not told until they try. You can unblock them at any time."
            ),
            "action": reverse("muting:user_block", args=[other.username]),
            "button": f"Block {other.username}",
        },
        fallback=other.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def tag_mute_view(request: HttpRequest, tag_id: int) -> HttpResponse:
    member, tag = _member(request), _known_tag(request, tag_id)
    name = tag.canonical_tag.name
    return _confirm(
        request,
        act=lambda: tag_mute(member=member, tag=tag),
        done=f"You muted “{name}”: works carrying it leave your lists.",
        context={
            "heading": f"Mute “{name}”?",
            "explanation": (
                f"Works tagged “{name}” (or one of its synonyms) will no longer appear in your "
                "lists, searches and feeds, and counts will leave them out. You can unmute it "
                "at any time."
            ),
            "action": reverse("muting:tag_mute", args=[tag.pk]),
            "button": "Mute this tag",
        },
        fallback=reverse("works:tag", args=[tag.pk]),
    )


def _known_tag(request: HttpRequest, tag_id: int) -> Tag:
    """A tag on a work this member can see; a draft's tag names leak nowhere (a 404)."""
    tag = get_tag(tag_id=tag_id)
    if not works_tagged(user=request.user, tag=tag).exists():
        raise Http404("No such tag")
    return tag


def _undo(
    request: HttpRequest, act: Callable[[], object], done: str, fallback: str
) -> HttpResponse:
    act()
    messages.success(request, done)
    return redirect(_back(request, fallback))


@login_required
@require_POST
def user_unmute_view(request: HttpRequest, username: str) -> HttpResponse:
    member = _member(request)
    other = get_object_or_404(User, username=username)
    return _undo(
        request,
        lambda: user_unmute(member=member, muted=other),
        f"You unmuted {other.username}.",
        reverse("muting:muted", args=[member.username]),
    )


@login_required
@require_POST
def user_unblock_view(request: HttpRequest, username: str) -> HttpResponse:
    member = _member(request)
    other = get_object_or_404(User, username=username)
    return _undo(
        request,
        lambda: user_unblock(member=member, blocked=other),
        f"You unblocked {other.username}.",
        reverse("muting:blocked", args=[member.username]),
    )


@login_required
@require_POST
def tag_unmute_view(request: HttpRequest, tag_id: int) -> HttpResponse:
    member, tag = _member(request), get_object_or_404(Tag, pk=tag_id)
    return _undo(
        request,
        lambda: tag_unmute(member=member, tag=tag),
        "You unmuted the tag.",
        reverse("muting:muted", args=[member.username]),
    )


def _own_list(request: HttpRequest, username: str) -> User:
    """A member's mutes and blocks are theirs alone: anyone else gets a 404."""
    member = _member(request)
    if member.username != username:
        raise Http404("No such page")
    return member


@login_required
@require_safe
def muted_list(request: HttpRequest, username: str) -> HttpResponse:
    member = _own_list(request, username)
    context = {
        "user_mutes": list(user_mutes_of(member=member)),
        "tag_mutes": list(tag_mutes_of(member=member)),
        "here": request.path,
    }
    return render(request, "muting/muted.html", context)


@login_required
@require_safe
def blocked_list(request: HttpRequest, username: str) -> HttpResponse:
    member = _own_list(request, username)
    context = {"blocks": list(blocks_of(member=member)), "here": request.path}
    return render(request, "muting/blocked.html", context)
