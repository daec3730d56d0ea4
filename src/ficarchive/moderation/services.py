"""The moderators' writes: reports in, decisions out, each decision in the audit log.

Who may is checked by the views (`selectors.is_moderator`); these functions trust their
caller for that and check everything else: that the action fits the target, that a reason is
given, that an appeal is the member's own and their first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ficarchive.accounts.app_passwords import app_passwords_revoke_all
from ficarchive.accounts.models import User
from ficarchive.community.services import comment_hide, community_remove_spam
from ficarchive.core.ratelimit import RateLimit
from ficarchive.core.tasks import enqueue
from ficarchive.moderation.models import AuditEntry, Reason, Report, TargetKind
from ficarchive.moderation.targets import Target, target_for_moderator
from ficarchive.moderation.tasks import mail_reporter
from ficarchive.notifications.models import NoticeKind
from ficarchive.notifications.services import notify
from ficarchive.tags.services import (
    WranglingRefused,
    tag_by_name,
    tag_make_canonical,
    tag_make_synonym,
    tag_merge,
    tag_set_fandoms,
)
from ficarchive.works.models import Authorship, Visibility, Work
from ficarchive.works.services import work_hide

# Reports one member, or one guest address, may make in an hour.
REPORTS = RateLimit("reports", "FICARCHIVE_REPORTS_PER_HOUR", 3600)
# Reports one target may receive in an hour (a brigade of reports on one work).
REPORTS_PER_TARGET = RateLimit("reports-target", "FICARCHIVE_REPORTS_PER_TARGET_PER_HOUR", 3600)
MAX_SUSPENSION_DAYS = 3650
Action = AuditEntry.Action


class ModerationError(Exception):
    """A report or an action that cannot be taken, with a message for the person."""


@dataclass(frozen=True)
class Reporter:
    """Who reports: a member, or a guest with an address for the outcome."""

    user: User | AnonymousUser
    email: str = ""
    address: str = ""  # the guest's network address, for the rate limit only

    @property
    def member(self) -> User | None:
        return self.user if isinstance(self.user, User) else None


def _tell_reporter(report: Report, subject: str, body: str) -> None:
    """A member in their inbox; a guest by email, with nothing a stranger chose in it (the
    address is unconfirmed: the archive must not mail anyone's words to anyone)."""
    if report.reporter is not None:
        subject = f"{subject}: {report.target_label}"[:300]
        notify(user=report.reporter, kind=NoticeKind.MODERATION, subject=subject, body=body)
    elif report.reporter_email:
        enqueue(mail_reporter, report.reporter_email, subject, body)


@transaction.atomic
def report_create(*, reporter: Reporter, target: Target, reason: str, note: str) -> Report:
    """A reader's report, acknowledged at once; the reported member is never told who."""
    if reason not in Reason.values or reason == Reason.APPEAL:
        raise ModerationError("Choose a reason.")
    member = reporter.member
    if member is None and not reporter.email:
        raise ModerationError("Give your email address, so that we can tell you the outcome.")
    if member is not None and member.pk in {account.pk for account in target.members}:
        raise ModerationError("You can't report your own work.")
    limit_key = f"member:{member.pk}" if member is not None else f"guest:{reporter.address}"
    email_key = f"email:{reporter.email.strip().casefold()}"
    if member is None and REPORTS.exceeded(email_key):
        raise ModerationError("Many reports came with this address in the last hour; wait.")
    if not REPORTS.attempt(limit_key):
        raise ModerationError("You have sent many reports in the last hour; please wait a while.")
    if not REPORTS_PER_TARGET.attempt(target.key):
        raise ModerationError(
            "Many readers reported this in the last hour: the moderators have it."
        )
    if member is None:
        REPORTS.record(email_key)
    if (
        member is not None
        and Report.objects.filter(
            reporter=member, target_kind=target.kind, target_id=target.id, status=Report.Status.OPEN
        ).exists()
    ):
        raise ModerationError("You have reported this already; the moderators will look at it.")
    report = Report.objects.create(
        target_kind=target.kind, target_id=target.id, target_label=target.label, reason=reason,
        note=note.strip()[:5000], reporter=member,
        reporter_email="" if member is not None else reporter.email.strip(),
    )  # fmt: skip
    _tell_reporter(
        report,
        "We received your report",
        "Thank you. The moderators will look at it and tell you what they decided. "
        "The member you reported is not told who reported them.",
    )
    return report


def _log(
    *, moderator: User, action: str, target: Target, reason: str,
    member: User | None = None, until: datetime | None = None,
) -> AuditEntry:  # fmt: skip
    return AuditEntry.objects.create(
        moderator=moderator, moderator_name=moderator.username, action=action,
        target_kind=target.kind, target_id=target.id, target_label=target.label,
        member=member, member_name=member.username if member else "", reason=reason,
        until=until,
    )  # fmt: skip


def _close_reports(*, target: Target, moderator: User, dismissed: bool, outcome: str) -> int:
    """Close the target's open reports (appeals included) and tell each reporter."""
    reports = list(
        Report.objects.select_related("reporter").filter(
            target_kind=target.kind, target_id=target.id, status=Report.Status.OPEN
        )
    )
    status = Report.Status.DISMISSED if dismissed else Report.Status.ACTIONED
    now = timezone.now()
    for report in reports:
        report.status, report.outcome = status, outcome[:300]
        report.closed_by, report.closed_at = moderator, now
        report.save(update_fields=["status", "outcome", "closed_by", "closed_at"])
        if report.reason == Reason.APPEAL and report.reporter is not None:
            notify(
                user=report.reporter, kind=NoticeKind.MODERATION,
                subject=f"The moderators answered your appeal: {report.target_label}"[:300],
                body=_appeal_answer(dismissed=dismissed, outcome=outcome),
            )  # fmt: skip
        elif report.reason != Reason.APPEAL:
            _tell_reporter(report, "The outcome of your report", outcome)
    return len(reports)


def _appeal_answer(*, dismissed: bool, outcome: str) -> str:
    if dismissed:
        return "They looked at it again and kept their decision."
    return outcome


def _appeal_url(entry: AuditEntry) -> str:
    return reverse("moderation:appeal", args=[entry.pk])


def _tell_member(*, member: User, subject: str, body: str, entry: AuditEntry | None) -> None:
    """A moderators' message in the member's inbox; a decision carries its appeal link."""
    url = _appeal_url(entry) if entry is not None else ""
    if entry is not None:
        body = f"{body}\n\nIf you think this is wrong, you can appeal once, from this message."
    notify(user=member, kind=NoticeKind.MODERATION, subject=subject[:300], body=body, url=url)


def _hide(*, target: Target, moderator: User, reason: str, hidden: bool) -> list[AuditEntry]:
    if target.comment is not None:
        changed = comment_hide(comment=target.comment, hidden=hidden)
    elif target.work is not None:
        changed = work_hide(work=target.work, hidden=hidden)
    else:
        raise ModerationError("Only a work or a comment can be hidden.")
    if not changed:
        raise ModerationError("It is hidden already." if hidden else "It is not hidden.")
    action = Action.HIDE if hidden else Action.RESTORE
    entries = []
    members: list[User | None] = [*target.members] or [None]  # a guest's comment: no one
    for member in members:
        entry = _log(
            moderator=moderator, action=action, target=target, reason=reason, member=member
        )
        entries.append(entry)
        if member is None:
            continue
        if hidden:
            _tell_member(
                member=member, entry=entry,
                subject=f"The moderators hid your {target.kind_label.lower()}: {target.label}",
                body=f"Only you and the moderators can see it now. Why: {reason}",
            )  # fmt: skip
        else:
            _tell_member(
                member=member, entry=None,
                subject=f"The moderators restored your {target.kind_label.lower()}: "
                f"{target.label}",
                body=f"Everyone who could see it before sees it again. {reason}",
            )  # fmt: skip
    return entries


def _member_of(target: Target, member_id: int | None) -> User:
    members = {account.pk: account for account in target.members}
    if member_id is None and len(members) == 1:
        return next(iter(members.values()))
    if member_id not in members:
        raise ModerationError("Choose the member this is about.")
    return members[member_id]


def _works_of(member: User) -> list[Work]:
    """The works a member created that readers can see (what a ban may hide)."""
    created = Authorship.objects.filter(creator__user=member).values("work")
    return list(
        Work.objects.filter(pk__in=created).exclude(
            visibility__in=[Visibility.HIDDEN, Visibility.DRAFT]
        )
    )


def _restrict(
    *, target: Target, moderator: User, member: User, reason: str, days: int | None,
    hide_works: bool,
) -> AuditEntry:  # fmt: skip
    if member.pk == moderator.pk:
        raise ModerationError("You can't suspend or ban yourself.")
    if member.is_superuser:
        raise ModerationError("An administrator can't be suspended or banned.")
    if member.is_staff and not moderator.is_superuser:
        raise ModerationError("Only an administrator can suspend or ban a moderator.")
    if days is None:
        member.is_banned, member.suspended_until = True, None
        action, until = Action.BAN, None
    else:
        if not 1 <= days <= MAX_SUSPENSION_DAYS:
            raise ModerationError(f"Suspend for 1 to {MAX_SUSPENSION_DAYS} days.")
        until = timezone.now() + timedelta(days=days)
        member.suspended_until = until
        action = Action.SUSPEND
    member.session_generation += 1  # every open session ends, for good
    member.save(update_fields=["is_banned", "suspended_until", "session_generation"])
    app_passwords_revoke_all(user=member)
    entry = _log(
        moderator=moderator, action=action, target=target, reason=reason, member=member,
        until=until,
    )  # fmt: skip
    if hide_works:
        for work in _works_of(member):
            _hide(
                target=target_for_moderator(TargetKind.WORK, work.pk), moderator=moderator,
                reason=f"{reason} (with the {action} of {member.username})", hidden=True,
            )  # fmt: skip
    what = (
        "banned your account" if until is None else f"suspended your account until {until:%d %B %Y}"
    )
    _tell_member(
        member=member, entry=None,
        subject=f"The moderators {what}",
        body=f"Why: {reason}. Meanwhile you cannot log in, post or comment.",
    )  # fmt: skip
    return entry


def _lift(*, target: Target, moderator: User, member: User, reason: str) -> AuditEntry:
    if not member.is_restricted:
        raise ModerationError(f"{member.username} is neither suspended nor banned.")
    member.is_banned, member.suspended_until = False, None
    member.save(update_fields=["is_banned", "suspended_until"])
    entry = _log(
        moderator=moderator, action=Action.LIFT, target=target, reason=reason, member=member
    )
    _tell_member(
        member=member, entry=None, subject="The moderators lifted your suspension",
        body=f"You can log in, post and comment again. {reason}",
    )  # fmt: skip
    return entry


def _purge(*, target: Target, moderator: User, member_id: int | None, reason: str) -> AuditEntry:
    """Everything a spam account posted goes (comments, bookmarks, kudos; its works hidden)
    and the account is banned; for a guest's comment, every comment from that address."""
    comment = target.comment
    if comment is not None and comment.is_guest:
        removed = community_remove_spam(guest_email=comment.guest_email)
        summary = f"{removed['comments']} comments from the guest {comment.guest_name}"
        return _log(moderator=moderator, action=Action.PURGE, target=target,
                    reason=f"{reason} (removed: {summary})")  # fmt: skip
    member = _member_of(target, member_id)
    works = _works_of(member)
    removed = community_remove_spam(user=member)
    if not member.is_banned:
        _restrict(target=target, moderator=moderator, member=member, reason=reason, days=None,
                  hide_works=False)  # fmt: skip
    for work in works:
        _hide(target=target_for_moderator(TargetKind.WORK, work.pk), moderator=moderator,
              reason=f"{reason} (spam from {member.username})", hidden=True)  # fmt: skip
    summary = (
        f"{removed['comments']} comments, {removed['bookmarks']} bookmarks, "
        f"{removed['kudos']} kudos; {len(works)} works hidden"
    )
    return _log(moderator=moderator, action=Action.PURGE, target=target, member=member,
                reason=f"{reason} (removed: {summary})")  # fmt: skip


@transaction.atomic
def moderation_act(
    *, moderator: User, target: Target, action: str, reason: str,
    member_id: int | None = None, days: int | None = None, hide_works: bool = False,
) -> list[AuditEntry]:  # fmt: skip
    """One moderator decision on a target, written to the audit log; the target's open
    reports are closed (except by a note) and their reporters told the outcome."""
    reason = reason.strip()
    if not reason:
        raise ModerationError("Say why: the audit log and the member read it.")
    if action == Action.NOTE:
        return [_log(moderator=moderator, action=Action.NOTE, target=target, reason=reason)]
    if action == Action.DISMISS:
        nothing = "The moderators looked at it and took no action."
        if not _close_reports(target=target, moderator=moderator, dismissed=True, outcome=nothing):
            raise ModerationError("There are no open reports to dismiss.")
        return [_log(moderator=moderator, action=Action.DISMISS, target=target, reason=reason)]
    if action == Action.HIDE:
        entries = _hide(target=target, moderator=moderator, reason=reason, hidden=True)
        outcome = "The moderators hid it."
    elif action == Action.RESTORE:
        entries = _hide(target=target, moderator=moderator, reason=reason, hidden=False)
        outcome = "The moderators restored it."
    elif action == Action.WARN:
        member = _member_of(target, member_id)
        entry = _log(moderator=moderator, action=Action.WARN, target=target, reason=reason,
                     member=member)  # fmt: skip
        _tell_member(
            member=member, entry=entry, subject="A warning from the moderators",
            body=f"About {target.label}: {reason}",
        )  # fmt: skip
        entries, outcome = [entry], "The moderators warned the member responsible."
    elif action in (Action.SUSPEND, Action.BAN):
        member = _member_of(target, member_id)
        if action == Action.SUSPEND and days is None:
            raise ModerationError("Say for how many days.")
        entry = _restrict(
            target=target, moderator=moderator, member=member, reason=reason,
            days=days if action == Action.SUSPEND else None, hide_works=hide_works,
        )  # fmt: skip
        entries = [entry]
        done = "suspended" if action == Action.SUSPEND else "banned"
        outcome = f"The moderators {done} the member responsible."
    elif action == Action.LIFT:
        entries = [_lift(target=target, moderator=moderator, member=_member_of(target, member_id),
                         reason=reason)]  # fmt: skip
        outcome = "The moderators lifted the member's suspension."
    elif action == Action.PURGE:
        entries = [_purge(target=target, moderator=moderator, member_id=member_id, reason=reason)]
        outcome = "The moderators removed it as spam."
    else:
        raise ModerationError("Choose an action.")
    _close_reports(target=target, moderator=moderator, dismissed=False, outcome=outcome)
    return entries


APPEALABLE = (Action.HIDE, Action.WARN)


def appeal_may_be_made(*, user: User | AnonymousUser, entry: AuditEntry) -> bool:
    """The member a hiding or warning concerns, once."""
    return (
        user.is_authenticated
        and entry.member_id == user.pk
        and entry.action in APPEALABLE
        and not Report.objects.filter(appeal_of=entry).exists()
    )


@transaction.atomic
def appeal_create(*, user: User, entry: AuditEntry, text: str) -> Report:
    """The member's appeal goes back to the queue as a report on the same target."""
    if not appeal_may_be_made(user=user, entry=entry):
        raise ModerationError("This decision has been appealed already.")
    if not text.strip():
        raise ModerationError("Say why the decision should change.")
    try:
        with transaction.atomic():
            return Report.objects.create(
                target_kind=entry.target_kind, target_id=entry.target_id,
                target_label=entry.target_label, reason=Reason.APPEAL, note=text.strip()[:5000],
                reporter=user, appeal_of=entry,
            )  # fmt: skip
    except IntegrityError:  # the same appeal sent twice at once
        raise ModerationError("This decision has been appealed already.") from None


@transaction.atomic
def tag_wrangle(
    *, moderator: User, target: Target, action: str, other: str, fandoms: str, reason: str
) -> AuditEntry:
    """A wrangling decision from the tag's page, through the tags app's services (and so the
    change event: works, counts, filters and search follow), written to the audit log."""
    tag = target.tag
    if tag is None:
        raise ModerationError("Only a tag can be wrangled.")
    reason = reason.strip()
    if not reason:
        raise ModerationError("Say why: the audit log reads it.")
    try:
        if action == Action.CANONICAL:
            tag_make_canonical(tag=tag)
            detail = ""
        elif action in (Action.SYNONYM, Action.MERGE):
            found = tag_by_name(kind=tag.kind, name=other)
            if found is None:
                raise ModerationError(
                    f"There is no {tag.get_kind_display().lower()} tag “{other}”."
                )
            if action == Action.SYNONYM:
                tag_make_synonym(tag=tag, of=found)
            else:
                tag_merge(tag=tag, into=found)
            detail = f" → “{found.canonical_tag.name}”"
        elif action == Action.FANDOMS:
            names = [name for name in fandoms.split(",") if name.strip()]
            chosen = tag_set_fandoms(tag=tag, fandom_names=names)
            detail = ": " + (", ".join(fandom.name for fandom in chosen) or "none")
        else:
            raise ModerationError("Choose what to do with the tag.")
    except WranglingRefused as error:
        raise ModerationError(str(error)) from error
    return _log(moderator=moderator, action=action, target=target, reason=f"{reason}{detail}")
