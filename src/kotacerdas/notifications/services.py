"""Writes of notifications: ``notify`` (the rows in one insert, the e-mails after commit) and
marking them read.

A notification's title is written once, in the recipient's language, when it is made: callers
pass a callable (or a lazy string) that ``notify`` evaluates under that language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator

from .models import Notification

logger = logging.getLogger(__name__)

TITLE_MAX = Notification._meta.get_field("title").max_length or 300

# A callable or a lazy string (gettext_lazy) is rendered in each recipient's language; a plain
# string is stored as it is.
Title = Callable[[], str] | str | Promise


def is_site_path(url: str) -> bool:
    """Is ``url`` a link within this site (``/...``), never to another host (``//``, ``/\\``)?"""
    return (
        url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(url, allowed_hosts=set())
    )


def recipient_language(user: Any) -> str:
    """The language to write to ``user`` in: the one their account stores (a ``language``
    attribute) when it is one of the site's languages, else the site's default (Indonesian)."""
    language = getattr(user, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _title_in(title: Title, language: str) -> str:
    with translation.override(language):
        text = title() if callable(title) else str(title)  # str() renders a lazy string
    return Truncator(" ".join(text.split())).chars(TITLE_MAX)


@dataclass(frozen=True)
class _Mail:
    uid: Any
    address: str
    title: str
    language: str


def notify(
    *,
    recipients: Iterable[Any],
    kind: str,
    title: Title,
    url: str,
    region_id: int | None = None,
    email: bool = True,
    dedupe_key: str = "",
) -> int:
    """Notify each of ``recipients`` (users) of ``kind``; returns how many were notified.

    The rows are written in one insert. With ``email``, each recipient who has an address is
    also sent an e-mail, once the surrounding transaction commits (nothing is sent if it rolls
    back). A recipient who already has a notification with the same non-empty ``dedupe_key``
    is skipped (a reminder run twice notifies once).
    """
    if not is_site_path(url):
        raise ValueError(f"a notification links within the site, not to {url!r}")
    people = list({user.pk: user for user in recipients}.values())
    if not people:
        return 0
    titles: dict[str, str] = {}
    rows: list[Notification] = []
    languages: dict[Any, str] = {}
    for user in people:
        language = recipient_language(user)
        if language not in titles:
            titles[language] = _title_in(title, language)
        row = Notification(
            recipient=user,
            kind=kind,
            title=titles[language],
            url=url,
            region_id=region_id,
            dedupe_key=dedupe_key,
        )
        languages[row.uid] = language
        rows.append(row)
    with transaction.atomic():
        Notification.objects.bulk_create(rows, ignore_conflicts=bool(dedupe_key))
        if dedupe_key:  # the rows skipped as duplicates are not in the table
            written = set(
                Notification.objects.filter(uid__in=[row.uid for row in rows]).values_list("uid", flat=True)
            )
            rows = [row for row in rows if row.uid in written]
        mails = [
            _Mail(uid=row.uid, address=row.recipient.email, title=row.title, language=languages[row.uid])
            for row in rows
            if email and row.recipient.email
        ]
        if mails:
            transaction.on_commit(lambda: _send(mails))
    return len(rows)


def _message(mail: _Mail) -> EmailMessage:
    with translation.override(mail.language):
        path = reverse("notifications:open", args=[mail.uid])
        body = render_to_string(
            "notifications/email.txt",
            {
                "title": mail.title,
                "link": f"{settings.SITE_URL}{path}",
                "all_link": f"{settings.SITE_URL}{reverse('notifications:list')}",
            },
        )
    return EmailMessage(subject=mail.title, body=body, to=[mail.address])


def _send(mails: list[_Mail]) -> None:
    """Send the e-mails over one connection; one that fails is logged and stays unsent
    (``emailed_at`` empty), the others still go."""
    sent = []
    try:
        with mailers.default as connection:
            for mail in mails:
                try:
                    connection.send_messages([_message(mail)])
                except Exception:
                    logger.exception("notification e-mail to %s not sent", mail.address)
                else:
                    sent.append(mail.uid)
    except Exception:  # the mail server could not be reached at all
        logger.exception("notification e-mails not sent: no connection to the mail server")
    if sent:
        Notification.objects.filter(uid__in=sent).update(emailed_at=timezone.now())


def notification_read(*, actor: Any, notification: Notification) -> Notification:
    """Mark ``notification`` (one of ``actor``'s own) read; reading it again changes nothing."""
    if notification.recipient_id != actor.pk:
        raise PermissionDenied
    if notification.read_at is None:
        now = timezone.now()
        if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now):
            notification.read_at = now
        else:  # read meanwhile (another tab)
            notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_read_all(*, actor: Any) -> int:
    """Mark every unread notification of ``actor`` read; returns how many were unread."""
    return Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
