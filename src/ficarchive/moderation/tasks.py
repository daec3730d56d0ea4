"""Mail to a guest who reported something: the acknowledgement, then the outcome."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from ficarchive.core.tasks import background_task


@background_task(queue_name="email")
def mail_reporter(address: str, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
