"""Reads of notifications: only ever one's own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from .models import Notification


def unread_count(user: Any) -> int:
    """The number under the bell: one count on the (recipient, read_at) index; none when signed out."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notification_list(user: Any, *, unread: bool | None = None) -> QuerySet[Notification]:
    """``user``'s notifications, newest first (nothing when signed out); ``unread=True`` only
    the unread ones, ``False`` only the read ones."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    notifications = Notification.objects.filter(recipient_id=user.pk).select_related("region")
    if unread is not None:
        notifications = notifications.filter(read_at__isnull=unread)
    return notifications.order_by("-created_at", "-id")


def notification_get_for_user(*, actor: Any, uid: Any) -> Notification:
    """One of ``actor``'s notifications; 404 for another person's as for a missing one."""
    notification = notification_list(actor).filter(uid=uid).first()
    if notification is None:
        raise Http404("notification")
    return notification
