"""Notifications API: one's own notifications, newest first; mark one or all read.

Only ever the caller's own: another person's notification answers 404, as a missing one.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from . import selectors, services
from .models import Notification

UUID_REGEX = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
UID_PARAMETER = OpenApiParameter("uid", OpenApiTypes.UUID, OpenApiParameter.PATH)


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    region = serializers.CharField(
        source="region.code", read_only=True, allow_null=True, help_text="Kemendagri code"
    )
    url = serializers.CharField(read_only=True, help_text="A path within the site, e.g. /wilayah/52.04/")
    read = serializers.BooleanField(source="is_read", read_only=True)

    class Meta:
        model = Notification
        fields = ["uid", "kind", "title", "url", "region", "created_at", "read", "read_at", "emailed_at"]
        read_only_fields = fields


class NotificationFilterSerializer(serializers.Serializer[Any]):
    unread = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="true: only the unread ones; false: only the read ones",
    )


@extend_schema_view(
    list=extend_schema(
        summary="The caller's notifications, newest first",
        parameters=[NotificationFilterSerializer],
        responses=NotificationSerializer(many=True),
    ),
    retrieve=extend_schema(summary="One of the caller's notifications", parameters=[UID_PARAMETER]),
    read=extend_schema(
        summary="Mark one of the caller's notifications read",
        parameters=[UID_PARAMETER],
        request=None,
        responses=NotificationSerializer,
    ),
    read_all=extend_schema(
        summary="Mark all the caller's notifications read",
        request=None,
        responses=inline_serializer(
            "NotificationsReadAll", {"marked": serializers.IntegerField(help_text="How many were unread")}
        ),
    ),
)
class NotificationViewSet(viewsets.GenericViewSet[Notification]):
    """What the bell shows: a notification links to a page of the site (``url``)."""

    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "uid"
    lookup_value_regex = UUID_REGEX
    filter_backends: list[type] = []

    def get_queryset(self) -> Any:
        return selectors.notification_list(self.request.user)

    def _get(self, uid: str) -> Notification:
        return selectors.notification_get_for_user(actor=self.request.user, uid=uid)

    def list(self, request: Request) -> Response:
        filters = NotificationFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        notifications = selectors.notification_list(request.user, unread=filters.validated_data["unread"])
        page = self.paginate_queryset(notifications)
        return self.get_paginated_response(NotificationSerializer(page, many=True).data)

    def retrieve(self, request: Request, uid: str) -> Response:
        return Response(NotificationSerializer(self._get(uid)).data)

    @action(detail=True, methods=["post"])
    def read(self, request: Request, uid: str) -> Response:
        notification = services.notification_read(actor=request.user, notification=self._get(uid))
        return Response(NotificationSerializer(notification).data)

    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        return Response({"marked": services.notifications_read_all(actor=request.user)})


def register(router: Any) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("notifications", NotificationViewSet, basename="notification")
