"""Kudos, bookmarks and comments: small POST forms on the reading page, and a bookmarks list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ficarchive.accounts.models import User
from ficarchive.community.forms import (
    BookmarkForm,
    CommentEditForm,
    CommentForm,
    CommentSettingsForm,
    GuestCommentForm,
)
from ficarchive.community.models import Comment
from ficarchive.community.selectors import (
    bookmarks_of,
    comment_page_of,
    comment_page_url,
    get_work_for_commenting,
    html_to_comment_text,
    kudos_givers,
    kudos_left,
)
from ficarchive.community.services import (
    CommunityError,
    GuestAuthor,
    KudosOutcome,
    bookmark_delete,
    bookmark_save,
    comment_approve,
    comment_can_edit,
    comment_delete,
    comment_edit,
    comment_freeze,
    comment_moderates,
    comment_post,
    comment_settings_of,
    kudos_leave,
    work_comment_settings_save,
)
from ficarchive.core import relations
from ficarchive.core.requests import client_ip
from ficarchive.works.models import Chapter, Work
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
    # Removed from the member's own bookmarks list: back to that list, at the same page.
    own_list = reverse("community:bookmarks", args=[request.user.get_username()])
    target = request.POST.get("next", "")
    if target.partition("?")[0] == own_list:
        return redirect(target)
    return _back(request, work, "bookmark")


def _posted_chapter(work: Work, position: int) -> Chapter:
    chapter = work.chapters.filter(position=position, is_posted=True).first()
    if chapter is None or work.is_draft:
        raise Http404("No such chapter")
    return chapter


def _after_posting(request: HttpRequest, work: Work, comment: Comment) -> HttpResponse:
    """To the new comment, on the page of threads it is on; a held one is announced."""
    if not comment.is_approved:
        messages.info(request, "Thank you! Your comment will appear once the creators approve it.")
        return _back(request, work, "comments")
    moderates = comment_moderates(work=work, user=request.user)
    page = comment_page_of(comment=comment, user=request.user, moderates=moderates)
    if page <= 1:
        return _back(request, work, f"comment-{comment.pk}")
    return redirect(comment_page_url(comment=comment, chapter=comment.chapter, page=page))


@login_required
@require_POST
def comment_view(request: HttpRequest, work_id: int, position: int) -> HttpResponse:
    """A member's comment or reply, from the form on the reading page."""
    work = get_work_for_commenting(user=request.user, work_id=work_id)
    chapter = _posted_chapter(work, position)
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
            chapter=chapter, user=request.user, text=form.cleaned_data["text"], parent=parent
        )
    except CommunityError as error:
        messages.error(request, str(error))
        return _back(request, work, "comments")
    return _after_posting(request, work, comment)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def comment_new_view(request: HttpRequest, work_id: int, position: int) -> HttpResponse:
    """A page with the comment form alone (`?parent=` for a reply): the way guests comment
    (their reading pages are cached and shared, with no CSRF token), and members without
    JavaScript's <details>."""
    work = get_work_for_commenting(user=request.user, work_id=work_id)
    chapter = _posted_chapter(work, position)
    chosen = comment_settings_of(work)
    guest = not request.user.is_authenticated
    if guest and not chosen.guests_may_comment:
        return redirect_to_login(request.get_full_path())
    form_class = GuestCommentForm if guest else CommentForm
    data = request.POST if request.method == "POST" else None
    form = form_class(data, initial={"parent": request.GET.get("parent", "")})
    parent = None
    parent_id = request.POST.get("parent") or request.GET.get("parent")
    if parent_id:
        parent = Comment.objects.filter(
            pk=parent_id if parent_id.isdigit() else 0, chapter=chapter, is_approved=True,
            is_deleted=False, is_hidden=False,
        ).select_related("user").first()  # fmt: skip
        if parent is None:
            raise Http404("No such comment")
    back = reverse("reader:chapter", args=[work.pk, chapter.position])
    if form.is_valid():
        author = None
        if guest:
            author = GuestAuthor(
                name=form.cleaned_data["name"], email=form.cleaned_data["email"],
                address=client_ip(request),
            )  # fmt: skip
        try:
            comment = comment_post(
                chapter=chapter, user=request.user, text=form.cleaned_data["text"],
                parent=parent, guest=author,
            )  # fmt: skip
        except CommunityError as error:
            form.add_error(None, str(error))
        else:
            return _after_posting(request, work, comment)
    context = {
        "work": work, "chapter": chapter, "form": form, "parent": parent, "back": back,
        "open": chosen.members_may_comment and not (parent and parent.is_frozen),
    }  # fmt: skip
    status = 400 if form.errors else 200
    return render(request, "community/comment_new.html", context, status=status)


@require_safe
def comment_link_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    """A comment's permanent link: to its chapter, on the page of threads it is on."""
    comment = get_object_or_404(Comment.objects.select_related("chapter"), pk=comment_id)
    work = get_work_for_commenting(user=request.user, work_id=comment.work_id)
    if not comment.chapter.is_posted or work.is_draft or comment.hidden_from(request.user):
        raise Http404("No such comment")
    moderates = comment_moderates(work=work, user=request.user)
    page = comment_page_of(comment=comment, user=request.user, moderates=moderates)
    if not page:
        raise Http404("No such comment")
    return redirect(comment_page_url(comment=comment, chapter=comment.chapter, page=page))


def _comment_for(request: HttpRequest, comment_id: int) -> tuple[Comment, Work]:
    """The comment and its work, if this member may read the work; a 404 otherwise."""
    comment = get_object_or_404(Comment.objects.select_related("chapter"), pk=comment_id)
    work = get_work_for_commenting(user=request.user, work_id=comment.work_id)
    comment.work = work  # its creators, prefetched, decide who moderates
    return comment, work


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def comment_edit_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment, work = _comment_for(request, comment_id)
    if not comment_can_edit(comment=comment, user=request.user):
        raise Http404("No such comment")
    form = CommentEditForm(
        request.POST if request.method == "POST" else None,
        initial={"text": html_to_comment_text(comment.body_html)},
    )
    if form.is_valid():
        try:
            comment_edit(
                comment=comment, user=request.user,  # type: ignore[arg-type]  # login_required
                text=form.cleaned_data["text"],
            )  # fmt: skip
        except CommunityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Comment updated.")
            return redirect(comment)
    context = {"work": work, "comment": comment, "form": form}
    status = 400 if form.errors else 200
    return render(request, "community/comment_edit.html", context, status=status)


@login_required
@require_POST
def comment_delete_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment, work = _comment_for(request, comment_id)
    try:
        comment_delete(comment=comment, user=request.user)  # type: ignore[arg-type]
    except CommunityError:
        raise Http404("No such comment") from None
    messages.success(request, "Comment deleted.")
    return _back(request, work, "comments")


@login_required
@require_POST
def comment_approve_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment, work = _comment_for(request, comment_id)
    try:
        comment_approve(comment=comment, user=request.user)  # type: ignore[arg-type]
    except CommunityError:
        raise Http404("No such comment") from None
    messages.success(request, "Comment approved.")
    return _back(request, work, f"comment-{comment.pk}")


@login_required
@require_POST
def comment_freeze_view(request: HttpRequest, comment_id: int, frozen: bool) -> HttpResponse:
    comment, work = _comment_for(request, comment_id)
    try:
        comment_freeze(comment=comment, user=request.user, frozen=frozen)  # type: ignore[arg-type]
    except CommunityError:
        raise Http404("No such comment") from None
    messages.success(request, "Thread frozen." if frozen else "Thread unfrozen.")
    return _back(request, work, f"comment-{comment.pk}")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def comment_settings_view(request: HttpRequest, work_id: int) -> HttpResponse:
    """The creators choose who may comment on their work and which comments they approve."""
    work = get_object_or_404(
        Work.objects.editable_by(request.user).select_related("comment_settings"), pk=work_id
    )
    chosen = comment_settings_of(work)
    form = CommentSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"who_may_comment": chosen.who_may_comment, "moderation": chosen.moderation},
    )
    if form.is_valid():
        work_comment_settings_save(
            work=work, user=request.user,  # type: ignore[arg-type]  # login_required
            who_may_comment=form.cleaned_data["who_may_comment"],
            moderation=form.cleaned_data["moderation"],
        )  # fmt: skip
        messages.success(request, "Comment settings saved.")
        return redirect(work)
    return render(request, "community/comment_settings.html", {"work": work, "form": form})


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
    is_owner = request.user.is_authenticated and request.user.pk == owner.pk
    context = {
        "owner": owner, "page": page, "rows": rows, "query_string": "", "is_owner": is_owner,
        "other": owner, "standing": relations.standing(request.user, owner.pk),
    }  # fmt: skip
    return render(request, "community/bookmarks.html", context)
