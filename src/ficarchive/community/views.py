"""Kudos, bookmarks and comments: small POST forms on the reading page, and a bookmarks list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ficarchive.accounts.models import User
from ficarchive.community.forms import BookmarkForm, CommentForm
from ficarchive.community.models import Comment
from ficarchive.community.selectors import bookmarks_of, kudos_givers, kudos_left
from ficarchive.community.services import (
    CommunityError,
    KudosOutcome,
    bookmark_delete,
    bookmark_save,
    comment_delete,
    comment_post,
    kudos_leave,
)
from ficarchive.core.requests import client_ip
from ficarchive.works.models import Work
from ficarchive.works.selectors import get_work_for_reader, works_in_order
from ficarchive.works.viewer import with_viewer_annotations


def _back_target(target: str, work: Work) -> str:
    """The page a form was on (the chapter, or the whole work); never another site's."""
    if not target.startswith(f"/works/{work.pk}/") or "//" in target:
        target = work.get_absolute_url()
    return target.split("#")[0]


def _back(request: HttpRequest, work: Work, anchor: str) -> HttpResponse:
    """Back to the page the form was on, at the part used."""
    return redirect(f"{_back_target(request.POST.get('next', ''), work)}#{anchor}")


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def kudos_view(request: HttpRequest, work_id: int) -> HttpResponse:
    """GET: whether this visitor left kudos, and a form to leave them (a small page without
    JavaScript, JSON with the CSRF token for the script of a cached reading page). POST: kudos."""
    work = get_work_for_reader(user=request.user, work_id=work_id)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if request.method in ("GET", "HEAD"):
        left = kudos_left(work=work, user=request.user, address=client_ip(request))
        if wants_json:
            return JsonResponse({"left": left, "csrf_token": get_token(request)})
        back = _back_target(request.GET.get("next", ""), work)
        return render(request, "community/kudos.html", {"work": work, "left": left, "back": back})
    try:
        outcome = kudos_leave(work=work, user=request.user, address=client_ip(request))
    except CommunityError as error:
        if wants_json:
            return JsonResponse({"left": False, "message": str(error)}, status=403)
        messages.error(request, str(error))
        return _back(request, work, "kudos")
    if outcome is KudosOutcome.LEFT:
        message = "Thank you for leaving kudos!"
    else:
        message = "You have already left kudos here. :)"
    if wants_json:
        work.refresh_from_db(fields=["kudos_count"])
        names = render_to_string(
            "community/_kudos_names.html", {"givers": kudos_givers(work=work)}, request
        )
        return JsonResponse({"left": True, "message": message, "names_html": names.strip()})
    if outcome is KudosOutcome.LEFT:
        messages.success(request, message)
    else:
        messages.info(request, message)
    return _back(request, work, "kudos")


@login_required
@require_POST
def bookmark_view(request: HttpRequest, work_id: int) -> HttpResponse:
    work = get_work_for_reader(user=request.user, work_id=work_id)
    form = BookmarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Bookmark notes can be at most 2,000 characters.")
        return _back(request, work, "bookmark")
    bookmark_save(
        user=request.user,  # type: ignore[arg-type]  # login_required
        work=work, notes=form.cleaned_data["notes"], is_private=form.cleaned_data["is_private"],
    )  # fmt: skip
    messages.success(request, "Bookmarked.")
    return _back(request, work, "bookmark")


@login_required
@require_POST
def bookmark_delete_view(request: HttpRequest, work_id: int) -> HttpResponse:
    work = get_work_for_reader(user=request.user, work_id=work_id)
    bookmark_delete(user=request.user, work=work)  # type: ignore[arg-type]  # login_required
    messages.success(request, "Bookmark removed.")
    return _back(request, work, "bookmark")


@login_required
@require_POST
def comment_view(request: HttpRequest, work_id: int, position: int) -> HttpResponse:
    work = get_work_for_reader(user=request.user, work_id=work_id)
    chapter = work.chapters.filter(position=position, is_posted=True).first()
    if chapter is None or work.is_draft:
        raise Http404("No such chapter")
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return _back(request, work, "comments")
    parent = None
    if form.cleaned_data["parent"]:
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], work=work).first()
        if parent is None:
            raise Http404("No such comment")
    try:
        comment = comment_post(
            chapter=chapter, user=request.user,  # type: ignore[arg-type]  # login_required
            text=form.cleaned_data["text"], parent=parent,
        )  # fmt: skip
    except CommunityError as error:
        messages.error(request, str(error))
        return _back(request, work, "comments")
    return _back(request, work, f"comment-{comment.pk}")


@login_required
@require_POST
def comment_delete_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=comment_id)
    work = get_work_for_reader(user=request.user, work_id=comment.work_id)
    try:
        comment_delete(comment=comment, user=request.user)  # type: ignore[arg-type]
    except CommunityError:
        raise Http404("No such comment") from None
    messages.success(request, "Comment deleted.")
    return _back(request, work, "comments")


@require_safe
def bookmarks_list(request: HttpRequest, username: str) -> HttpResponse:
    owner = get_object_or_404(User, username=username, is_active=True)
    page = Paginator(bookmarks_of(owner=owner, viewer=request.user), 20).get_page(
        request.GET.get("page")
    )
    # Bookmarks of works that have gone are already left out by bookmarks_of.
    annotated = with_viewer_annotations(Work.objects.all(), user=request.user)
    works = works_in_order(annotated, [bookmark.work_id for bookmark in page])
    rows = list(zip(page, works, strict=True))
    context = {"owner": owner, "page": page, "rows": rows, "query_string": ""}
    return render(request, "community/bookmarks.html", context)
