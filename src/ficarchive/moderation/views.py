"""Reporting (anyone), the moderation queue, a target's page with its actions, the audit log
and appeals. Thin: parse with a form, call a service or selector, render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ficarchive.accounts.models import User
from ficarchive.core.requests import client_ip
from ficarchive.moderation.forms import (
    ActionForm,
    AppealForm,
    GuestReportForm,
    ReportForm,
    WrangleForm,
)
from ficarchive.moderation.models import AuditEntry, TargetKind
from ficarchive.moderation.selectors import audit_entries, is_moderator, queue_groups, reports_of
from ficarchive.moderation.services import (
    APPEALABLE,
    ModerationError,
    Reporter,
    appeal_create,
    appeal_may_be_made,
    moderation_act,
    report_create,
    tag_wrangle,
)
from ficarchive.moderation.targets import Target, target_for_moderator, target_for_reader

LOG_ENTRIES_PER_PAGE = 50
View = Callable[..., HttpResponse]


def moderator_required(view: View) -> View:
    """Guests are asked to log in; members without the role get a 404, as for any page they
    may not see."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_moderator(request.user):
            raise Http404("No such page")
        return view(request, *args, **kwargs)

    return guarded


def _moderator(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # moderator_required
    return user


def _kind(kind: str) -> str:
    if kind not in TargetKind.values:
        raise Http404("No such kind")
    return kind


@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest, kind: str, target_id: int) -> HttpResponse:
    """Anyone who can see something can report it: members, and guests with an address."""
    target = target_for_reader(_kind(kind), target_id, request.user)
    form_class = ReportForm if request.user.is_authenticated else GuestReportForm
    form = form_class(request.POST if request.method == "POST" else None)
    if form.is_valid():
        data = form.cleaned_data
        reporter = Reporter(request.user, email=data.get("email", ""), address=client_ip(request))
        try:
            report_create(reporter=reporter, target=target, reason=data["reason"],
                          note=data["note"])  # fmt: skip
        except ModerationError as error:
            form.add_error(None, str(error))
        else:
            return redirect("moderation:report_sent")
    status = 400 if form.is_bound else 200
    return render(
        request, "moderation/report.html", {"form": form, "target": target}, status=status
    )


@require_safe
def report_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "moderation/report_sent.html")


@require_safe
@moderator_required
def queue(request: HttpRequest) -> HttpResponse:
    groups, waiting = queue_groups()
    return render(request, "moderation/queue.html", {"groups": groups, "waiting": waiting})


def _target_page(
    request: HttpRequest,
    target: Target,
    form: ActionForm | None = None,
    wrangle_form: WrangleForm | None = None,
) -> HttpResponse:
    form = form or ActionForm(members=target.members)
    if target.tag is not None:
        wrangle_form = wrangle_form or WrangleForm(
            initial={"fandoms": ", ".join(fandom.name for fandom in target.tag.fandoms.all())}
        )
    errors = bool(form.errors or (wrangle_form and wrangle_form.errors))
    context = {
        "target": target, "form": form, "wrangle_form": wrangle_form,
        "reports": list(reports_of(target_kind=target.kind, target_id=target.id)),
        "entries": list(audit_entries(target_kind=target.kind, target_id=target.id)[:100]),
    }  # fmt: skip
    return render(request, "moderation/target.html", context, status=400 if errors else 200)


@require_safe
@moderator_required
def target_view(request: HttpRequest, kind: str, target_id: int) -> HttpResponse:
    return _target_page(request, target_for_moderator(_kind(kind), target_id))


@require_POST
@moderator_required
def act(request: HttpRequest, kind: str, target_id: int) -> HttpResponse:
    target = target_for_moderator(_kind(kind), target_id)
    form = ActionForm(request.POST, members=target.members)
    if form.is_valid():
        data = form.cleaned_data
        try:
            entries = moderation_act(
                moderator=_moderator(request), target=target, action=data["action"],
                reason=data["reason"], member_id=data["member"], days=data["days"],
                hide_works=data["hide_works"],
            )  # fmt: skip
        except ModerationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Done: {entries[-1]}.")
            if data["action"] == AuditEntry.Action.PURGE:
                return redirect("moderation:queue")  # what was reported may be gone
            return redirect("moderation:target", kind, target_id)
    return _target_page(request, target, form)


@require_POST
@moderator_required
def wrangle(request: HttpRequest, tag_id: int) -> HttpResponse:
    target = target_for_moderator(TargetKind.TAG, tag_id)
    form = WrangleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            entry = tag_wrangle(
                moderator=_moderator(request), target=target, action=data["action"],
                other=data["other"], fandoms=data["fandoms"], reason=data["reason"],
            )  # fmt: skip
        except ModerationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Done: {entry}.")
            return redirect("moderation:target", TargetKind.TAG, tag_id)
    return _target_page(request, target, wrangle_form=form)


@require_safe
@moderator_required
def log(request: HttpRequest) -> HttpResponse:
    page = Paginator(audit_entries(), LOG_ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "moderation/log.html", {"page": page, "query_string": ""})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def appeal(request: HttpRequest, entry_id: int) -> HttpResponse:
    """The member a decision concerns appeals it, once, from the decision's notice."""
    entry = get_object_or_404(AuditEntry, pk=entry_id, member=request.user)
    if not appeal_may_be_made(user=request.user, entry=entry):
        appealable = entry.action in APPEALABLE
        context: dict[str, object] = {"entry": entry, "form": None, "appealable": appealable}
        return render(request, "moderation/appeal.html", context)
    form = AppealForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        user = request.user
        assert isinstance(user, User)  # login_required
        try:
            appeal_create(user=user, entry=entry, text=form.cleaned_data["text"])
        except ModerationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your appeal is with the moderators; they will tell you.")
            return redirect(reverse("notifications:inbox", args=[user.username]))
    status = 400 if form.is_bound else 200
    context = {"entry": entry, "form": form, "appealable": True}
    return render(request, "moderation/appeal.html", context, status=status)
