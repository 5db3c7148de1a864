"""Paging of API lists.

``Pagination`` numbers pages (``?page=``, with a ``count``): for lists bounded by the size of the
programme (regions, cohorts, one plan's items). ``KeysetPagination`` pages by cursor (``?cursor=``,
no ``count``): for lists that grow without bound (the audit trail, people), where every page
costs the same. A view that uses it names its order in ``keyset_ordering``, ending in a unique
key (e.g. ``["-created_at", "-id"]``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from kotacerdas.core.keyset import InvalidCursor, Keyset, KeysetPage

MAX_PAGE_SIZE = 500
PAGE_SIZE_PARAM = "page_size"


def _default_page_size() -> int:
    rest_framework: dict[str, Any] = settings.REST_FRAMEWORK
    return int(rest_framework["PAGE_SIZE"])


def page_size_from(request: Request, default: int) -> int:
    """``?page_size=`` (1 to ``MAX_PAGE_SIZE``), or ``default``; anything else is a 400."""
    raw = request.query_params.get(PAGE_SIZE_PARAM)
    if raw is None:
        return default
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise serializers.ValidationError(
            {PAGE_SIZE_PARAM: [_("A whole number from 1 to %(max)s.") % {"max": MAX_PAGE_SIZE}]}
        )
    return size


def _page_size_parameter() -> dict[str, Any]:
    return {
        "name": PAGE_SIZE_PARAM,
        "required": False,
        "in": "query",
        "description": "Number of results per page.",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
    }


class Pagination(PageNumberPagination):
    """Numbered pages with a total ``count``."""

    page_size_query_param = PAGE_SIZE_PARAM
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request: Request) -> int:
        return page_size_from(request, self.page_size or _default_page_size())

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        return [p for p in parameters if p["name"] != PAGE_SIZE_PARAM] + [_page_size_parameter()]


class KeysetPagination(BasePagination):
    """Cursor pages: ``{"next", "previous", "results"}``; follow ``next`` until it is null."""

    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any]:
        if not isinstance(queryset, QuerySet):
            raise TypeError("keyset pages need a queryset")
        ordering = getattr(view, "keyset_ordering", None) or ["-pk"]
        size = page_size_from(request, _default_page_size())
        keyset = Keyset(queryset.model, ordering)
        try:
            self.page: KeysetPage = keyset.page(
                queryset, cursor=request.query_params.get(self.cursor_query_param, ""), size=size
            )
        except InvalidCursor:
            raise serializers.ValidationError(
                {self.cursor_query_param: [_("This cursor is not valid: start again from the first page.")]}
            ) from None
        self.request = request
        return self.page.items

    def _link(self, cursor: str) -> str | None:
        if not cursor:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(
            remove_query_param(url, self.cursor_query_param), self.cursor_query_param, cursor
        )

    def get_next_link(self) -> str | None:
        return self._link(self.page.next_cursor)

    def get_previous_link(self) -> str | None:
        return self._link(self.page.previous_cursor)

    def get_paginated_response(self, data: Any) -> Response:
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "The next page (older or further on), or null."},
                "previous": {**link, "description": "The page before, or null on the first page."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where the page starts: take it from a response's next or previous link.",
                "schema": {"type": "string"},
            },
            _page_size_parameter(),
        ]
