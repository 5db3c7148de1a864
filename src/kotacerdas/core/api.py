"""Core API: the audit trail (read-only, scoped to the caller) and background-job status."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from . import selectors
from .api_pagination import KeysetPagination
from .models import AuditAction, AuditEvent, Job, JobStatus


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    actor = serializers.CharField(
        source="actor.username", read_only=True, allow_null=True, help_text="Username (null: the system)"
    )
    action_label = serializers.CharField(source="get_action_display", read_only=True)
    region = serializers.CharField(
        source="region.code", read_only=True, allow_null=True, help_text="Kemendagri code"
    )
    changes = serializers.DictField(read_only=True, help_text="{field: [before, after]}")

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "created_at",
            "actor",
            "actor_label",
            "action",
            "action_label",
            "object_type",
            "object_id",
            "object_repr",
            "region",
            "changes",
            "message",
        ]
        read_only_fields = fields


class AuditFilterSerializer(serializers.Serializer[Any]):
    region = serializers.CharField(required=False, max_length=5, help_text="Region code, e.g. 52.04")
    object_type = serializers.CharField(
        required=False, max_length=100, help_text="e.g. programme.participation"
    )
    object_id = serializers.CharField(required=False, max_length=64)
    action = serializers.ChoiceField(choices=AuditAction.choices, required=False)
    actor = serializers.CharField(
        required=False,
        max_length=200,
        help_text="Who: people whose username or name contains these words (each of them)",
    )

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        # "from" and "to" are Python keywords: they cannot be class attributes.
        fields["from"] = serializers.DateField(required=False, help_text="On or after this day")
        fields["to"] = serializers.DateField(required=False, help_text="On or before this day")
        return fields


@extend_schema_view(
    list=extend_schema(
        summary="The audit trail the caller may read, newest first (cursor pages)",
        parameters=[AuditFilterSerializer],
        responses=AuditEventSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="One audit event",
        parameters=[OpenApiParameter("id", {"type": "integer", "minimum": 0}, OpenApiParameter.PATH)],
    ),
)
class AuditEventViewSet(viewsets.GenericViewSet[AuditEvent]):
    """Who changed what, when, with the values before and after. Ministry admins read all of it;
    pendamping, coordinators and officers read their regions' events."""

    serializer_class = AuditEventSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"\d+"
    filter_backends: list[type] = []
    pagination_class = KeysetPagination
    keyset_ordering = ["-created_at", "-id"]

    def list(self, request: Request) -> Response:
        filters = AuditFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        region_id = selectors.audit_region_id(f.get("region", ""))
        events = selectors.audit_event_list(
            actor=request.user,
            region_id=region_id,
            object_type=f.get("object_type", ""),
            object_id=f.get("object_id", ""),
            action=f.get("action", ""),
            actor_query=f.get("actor", "").strip(),
            date_from=f.get("from"),
            date_to=f.get("to"),
        ).select_related("actor")
        page = self.paginate_queryset(events)
        return self.get_paginated_response(AuditEventSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        event = (
            selectors.audit_event_list(actor=request.user).select_related("actor").filter(pk=int(pk)).first()
        )
        if event is None:
            raise Http404("audit event")
        return Response(AuditEventSerializer(event).data)


class JobSerializer(serializers.ModelSerializer[Job]):
    status = serializers.ChoiceField(choices=JobStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True, allow_null=True)
    result = serializers.DictField(read_only=True)
    finished = serializers.BooleanField(read_only=True)

    class Meta:
        model = Job
        fields = [
            "code",
            "kind",
            "status",
            "status_label",
            "progress",
            "message",
            "region",
            "result",
            "finished",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


UUID_REGEX = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


@extend_schema_view(
    retrieve=extend_schema(
        summary="A background job's status and progress (its creator and ministry admins)",
        parameters=[OpenApiParameter("code", OpenApiTypes.UUID, OpenApiParameter.PATH)],
    )
)
class JobViewSet(viewsets.GenericViewSet[Job]):
    """Background jobs (imports, exports, reports): poll until ``finished``."""

    serializer_class = JobSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "code"
    lookup_value_regex = UUID_REGEX
    filter_backends: list[type] = []

    def retrieve(self, request: Request, code: str) -> Response:
        return Response(JobSerializer(selectors.job_get_for_user(actor=request.user, code=code)).data)


def register(router: Any) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("audit-events", AuditEventViewSet, basename="audit-event")
    router.register("jobs", JobViewSet, basename="job")
