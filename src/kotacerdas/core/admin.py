from typing import Any

from django.contrib import admin
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import AuditEvent, Job


class ObjectTypeFilter(admin.SimpleListFilter):
    """The object types from the model registry, not a scan of the events table."""

    title = _("object type")
    parameter_name = "object_type"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return selectors.audit_object_types()

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(object_type=value) if value else queryset


class CappedCountPaginator(Paginator):
    """Counts at most ``CAP`` + 1 rows: a count of the whole trail would read every row on each
    page. Past the cap the admin shows "10,001" events and pages up to there; the audit page
    (keyset paging) and the API reach every event."""

    CAP = 10_000

    @cached_property
    def count(self) -> int:
        return int(self.object_list[: self.CAP + 1].count())  # type: ignore[attr-defined]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the audit trail is never edited. Filters and searches that use the indexes:
    object type (from the registry), action, and the exact username or object id."""

    list_display = ["created_at", "actor_label", "action", "object_type", "object_repr", "region"]
    list_filter = ["action", ObjectTypeFilter]
    list_select_related = ["region"]
    search_fields = ["=actor__username", "=object_id"]
    search_help_text = _("An exact username or object id.")
    show_full_result_count = False
    paginator = CappedCountPaginator

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    list_display = ["created_at", "kind", "status", "progress", "created_by"]
    search_fields = ["code", "dedupe_key"]
    list_filter = ["status", "kind"]
