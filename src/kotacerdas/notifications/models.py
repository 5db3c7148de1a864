"""Notifications: a message to one person, shown under the bell and (optionally) e-mailed."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message to one person: "the plan of 52.04 was submitted", with a link to it.

    ``title`` is stored already translated, in the recipient's language at the time it was
    made; ``kind`` is the machine name of the event (``report_submitted``). A non-empty
    ``dedupe_key`` is unique per recipient, so a reminder run twice notifies once.
    Reading one is the person's own state, not the programme's data: it leaves no audit event
    (the change that caused the notification has its own).
    """

    uid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    # No index of its own: the indexes below start with the recipient.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=500, help_text=_("A link within the site, starting with /."))
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_dedupe_per_recipient",
            ),
        ]
        indexes = [
            # The bell's unread count and the unread list; the whole list, newest first.
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_unread_idx"),
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_list_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
