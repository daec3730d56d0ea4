"""Writes for accounts: sign-up, throttled login, confirmation, deletion, creator claims."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ficarchive.accounts.models import USERNAME_TAKEN, CreatorClaim, SignupInvitation, User
from ficarchive.core.events import (
    CreatorChange,
    WorkChange,
    announce_account_deleting,
    announce_creators,
    announce_works,
    announce_works_deleting,
)
from ficarchive.core.ratelimit import RateLimit
from ficarchive.tags.models import name_key
from ficarchive.works.models import Authorship, Creator, Work
from ficarchive.works.services import names_prune

CONFIRM_SALT = "ficarchive.accounts.confirm-email"
CONFIRM_MAX_AGE = 3 * 24 * 3600
ORPHAN_NAME = "orphan_account"


class SignupRefused(Exception):
    """Sign-up cannot go ahead; the message says why, for the person signing up, about the
    form's `field`."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


@transaction.atomic
def user_signup(
    *, username: str, email: str, password: str, terms_accepted: bool,
    invitation_code: str = "",
) -> User:  # fmt: skip
    """Create a member with their first creator name; invitation-only archives need a code.
    The sign-up form asks to accept the terms; when they were, the time is kept."""
    invitation = None
    if settings.FICARCHIVE_INVITE_ONLY:
        invitation = (
            SignupInvitation.objects.select_for_update()
            .filter(code=invitation_code.strip(), used_by__isnull=True)
            .first()
        )
        if invitation is None:
            raise SignupRefused(
                "This archive takes new members by invitation: that code is not valid.",
                field="invitation_code",
            )
    if User.objects.with_name(username).exists():
        raise SignupRefused(USERNAME_TAKEN, field="username")
    try:
        with transaction.atomic():  # a sign-up of the same name a moment before: refused
            user = User.objects.create_user(
                username=username, email=email, password=password,
                terms_accepted_at=timezone.now() if terms_accepted else None,
            )  # fmt: skip
    except IntegrityError as error:
        raise SignupRefused(USERNAME_TAKEN, field="username") from error
    Creator.objects.create(name=username, user=user)
    if invitation is not None:
        invitation.used_by = user
        invitation.save(update_fields=["used_by"])
    return user


def email_confirmation_send(*, user: User, base_url: str, new_email: str = "") -> None:
    """Mail a signed link to the address to confirm (the account's, or the one it is changing
    to); with no SMTP configured it goes to the console log.

    The link carries the address: the account takes it only when the link is opened, so a
    change of address never takes effect from the settings form alone. An address another
    account has confirmed gets a note saying so instead of a link, and the person signing up
    or changing their address sees the same page either way: nothing tells which addresses
    are registered.
    """
    address = new_email or user.email
    holder = _confirmed_holder(address, exclude=user)
    if holder is not None:
        send_mail(
            subject="Your email address on Ficarchive",
            message=f"Hello,\n\nSomeone asked to use this address for the account "
            f"“{user.username}”, but it already belongs to the account “{holder.username}”, "
            "so nothing was changed.\n\nIf you forgot your password, reset it at:\n"
            f"{base_url.rstrip('/')}{reverse('password_reset')}\n",
            from_email=None,
            recipient_list=[address],
        )
        return
    token = signing.dumps({"user": user.pk, "email": address}, salt=CONFIRM_SALT)
    link = base_url.rstrip("/") + reverse("accounts:confirm_email", args=[token])
    send_mail(
        subject="Confirm your email address for Ficarchive",
        message=f"Hello {user.username},\n\nConfirm your email address by opening:\n{link}\n\n"
        "If you did not ask for this, ignore this message.",
        from_email=None,
        recipient_list=[address],
    )


def _confirmed_holder(address: str, *, exclude: User) -> User | None:
    """The other account that has confirmed this address, if any: addresses are unique among
    confirmed accounts only, so nobody can block an address by signing up with it first."""
    return (
        User.objects.filter(email__iexact=address.strip(), email_confirmed=True)
        .exclude(pk=exclude.pk)
        .first()
    )


@transaction.atomic
def email_confirm(*, token: str) -> User | None:
    """The user whose address the token confirms, or None if it is wrong, expired, or the
    address was confirmed by another account in the meantime."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    user = User.objects.select_for_update().filter(pk=data.get("user")).first()
    address = str(data.get("email", ""))
    if user is None or not address or _confirmed_holder(address, exclude=user) is not None:
        return None
    if user.email != address or not user.email_confirmed:
        user.email = address
        user.email_confirmed = True
        user.save(update_fields=["email", "email_confirmed"])
    return user


def login_name_key(username: str) -> str:
    """One key for every spelling of an account name (the account's own `username_key`)."""
    return name_key(username)[:150]


# Failures per (visitor, account name), and per visitor over every name.
LOGIN_FAILURES = RateLimit("login", "FICARCHIVE_LOGIN_FAILURES", "FICARCHIVE_LOGIN_WINDOW_SECONDS")
LOGIN_FAILURES_PER_ADDRESS = RateLimit(
    "login-address", "FICARCHIVE_LOGIN_FAILURES_PER_ADDRESS", "FICARCHIVE_LOGIN_WINDOW_SECONDS"
)
SIGNUPS = RateLimit("signup", "FICARCHIVE_SIGNUPS_PER_HOUR", 3600)
# Reset requests per visitor, and reset mails per target address (so nobody can flood a
# victim's inbox from many addresses).
PASSWORD_RESETS = RateLimit("password-reset", "FICARCHIVE_PASSWORD_RESETS_PER_HOUR", 3600)
PASSWORD_RESET_MAILS = RateLimit(
    "password-reset-mail", "FICARCHIVE_PASSWORD_RESET_MAILS_PER_HOUR", 3600
)
CONFIRMATION_MAILS = RateLimit("confirmation-mail", "FICARCHIVE_CONFIRMATION_MAILS_PER_HOUR", 3600)


def _login_key(username: str, ip_address: str) -> str:
    return f"{ip_address}|{login_name_key(username)}"


def login_is_throttled(*, username: str, ip_address: str) -> bool:
    """Too many recent failures by this visitor, for this account or for any."""
    return LOGIN_FAILURES.exceeded(
        _login_key(username, ip_address)
    ) or LOGIN_FAILURES_PER_ADDRESS.exceeded(ip_address)


def login_failure_record(*, username: str, ip_address: str) -> None:
    LOGIN_FAILURES.record(_login_key(username, ip_address))
    LOGIN_FAILURES_PER_ADDRESS.record(ip_address)


def login_failures_clear(*, username: str, ip_address: str) -> None:
    """A success clears only this visitor's failures for this account: the owner logging in
    elsewhere does not free an attacker."""
    LOGIN_FAILURES.clear(_login_key(username, ip_address))


def _orphan_creator() -> Creator:
    creator = Creator.objects.filter(name=ORPHAN_NAME, user__isnull=True).first()
    return creator or Creator.objects.create(name=ORPHAN_NAME)


@transaction.atomic
def account_delete(*, user: User, keep_works: bool) -> None:
    """Delete an account; its works are deleted, or left under the orphan creator.

    Works shared with co-creators lose only this member's credit either way.
    """
    announce_account_deleting(user.pk)  # its kudos and bookmarks leave their works' totals
    own_creators = list(Creator.objects.filter(user=user))
    works = Work.objects.filter(authorships__creator__in=own_creators).distinct()
    recredited: list[int] = []
    deleted: list[int] = []
    for work in works:
        others = work.authorships.exclude(creator__in=own_creators)
        if others.exists():
            work.authorships.filter(creator__in=own_creators).delete()
        elif keep_works:
            orphan = _orphan_creator()
            work.authorships.filter(creator__in=own_creators).update(creator=orphan)
        else:
            deleted.append(work.pk)
            continue
        recredited.append(work.pk)
    announce_works_deleting(deleted)
    Work.objects.filter(pk__in=deleted).delete()
    Authorship.objects.filter(creator__in=own_creators).delete()
    Creator.objects.filter(pk__in=[c.pk for c in own_creators]).delete()
    Work.objects.filter(imported_by=user).update(imported_by=None)
    user.delete()
    announce_works(WorkChange.DELETED, deleted)
    announce_works(WorkChange.EDITED, recredited)
    names_prune()


def creator_claim_request(*, user: User, creator: Creator, message: str = "") -> CreatorClaim:
    claim, _ = CreatorClaim.objects.get_or_create(
        user=user, creator=creator, status=CreatorClaim.Status.PENDING,
        defaults={"message": message[:2000]},
    )  # fmt: skip
    return claim


@transaction.atomic
def creator_claim_decide(*, claim: CreatorClaim, approve: bool) -> CreatorClaim:
    """A moderator's decision; approval links the creator name (and its works) to the member."""
    claim.status = CreatorClaim.Status.APPROVED if approve else CreatorClaim.Status.REJECTED
    claim.save(update_fields=["status"])
    if approve:
        Creator.objects.filter(pk=claim.creator_id, user__isnull=True).update(user=claim.user)
        CreatorClaim.objects.filter(
            Q(creator_id=claim.creator_id), ~Q(pk=claim.pk), status=CreatorClaim.Status.PENDING
        ).update(status=CreatorClaim.Status.REJECTED)
        # The member now sees the creator's works whatever their state, search included.
        announce_creators(CreatorChange.CLAIMED, [claim.creator_id])
    return claim
