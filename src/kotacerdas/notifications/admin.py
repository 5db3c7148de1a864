from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    """Read-only: notifications are made by the application and read by their recipient.
    No list filter (it would scan the table for its choices); search by exact username or kind."""

    list_display = ["created_at", "recipient", "kind", "title", "region", "read_at", "emailed_at"]
    list_select_related = ["recipient", "region"]
    search_fields = ["=recipient__username", "=kind"]
    search_help_text = _("An exact username or kind.")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
