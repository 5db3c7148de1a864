"""Programme API: cohorts and participations (enrolment, stage path, MoU).

Reads come from ``selectors`` scoped to the caller (a participation the caller may not see is a
404); every write goes through ``services``, after ``require`` has checked the named permission
(403). Participations are addressed by their region's Kemendagri code: ``/participations/52.04/``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from kotacerdas.core.permissions import require

from . import selectors, services, stage_rules
from .choices import STAGE_ORDER, Stage, Track
from .models import Cohort, Kawasan, MoU, Participation

# Cohorts


class CohortSerializer(serializers.ModelSerializer[Cohort]):
    participant_count = serializers.IntegerField(read_only=True, help_text="Regions enrolled in it.")

    class Meta:
        model = Cohort
        fields = [
            "year",
            "name",
            "description",
            "participant_count",
            "row_version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class CohortCreateSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2015, max_value=2100)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")


YEAR_PARAM = OpenApiParameter(
    "year",
    {"type": "integer", "minimum": 1000, "maximum": 9999},
    OpenApiParameter.PATH,
    description="The cohort's year, e.g. 2022",
)


@extend_schema_view(
    list=extend_schema(summary="Cohorts, with their number of participants (public)"),
    retrieve=extend_schema(summary="One cohort (public)", parameters=[YEAR_PARAM]),
    create=extend_schema(
        summary="Create a cohort (programme.manage)",
        request=CohortCreateSerializer,
        responses={201: CohortSerializer},
    ),
)
class CohortViewSet(viewsets.GenericViewSet[Cohort]):
    """The programme's yearly intakes."""

    serializer_class = CohortSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]
    lookup_field = "year"
    lookup_value_regex = r"\d{4}"
    filter_backends: list[type] = []

    def get_queryset(self) -> QuerySet[Cohort]:
        return selectors.cohort_list()

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CohortSerializer(page, many=True).data)

    def retrieve(self, request: Request, year: str) -> Response:
        return Response(CohortSerializer(self.get_object()).data)

    def create(self, request: Request) -> Response:
        require(request.user, "programme.manage")
        data = CohortCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cohort = services.cohort_create(actor=request.user, **data.validated_data)
        cohort = selectors.cohort_list().get(pk=cohort.pk)
        return Response(CohortSerializer(cohort).data, status=status.HTTP_201_CREATED)


# Participations


class MoUSerializer(serializers.ModelSerializer[MoU]):
    document = serializers.FileField(read_only=True, allow_null=True, use_url=True)

    class Meta:
        model = MoU
        fields = ["number", "date", "signatories", "document", "row_version", "updated_at"]
        read_only_fields = fields


class TimelineStepSerializer(serializers.Serializer[Any]):
    stage = serializers.ChoiceField(choices=Stage.choices)
    stage_label = serializers.CharField()
    state = serializers.ChoiceField(choices=["done", "current", "todo"])
    date = serializers.DateField(allow_null=True)
    note = serializers.CharField(allow_blank=True)


class ParticipationSerializer(serializers.ModelSerializer[Participation]):
    """A participant as listed."""

    region = serializers.CharField(source="region.code", read_only=True, help_text="Kemendagri code")
    region_name = serializers.CharField(source="region.name", read_only=True)
    province = serializers.CharField(
        source="region.province.code",
        read_only=True,
        allow_null=True,
        help_text="The province's code (null for a province enrolled as a Smart Province).",
    )
    cohort = serializers.IntegerField(source="cohort.year", read_only=True, help_text="The cohort's year")
    kawasan: serializers.SlugRelatedField[Kawasan] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = Participation
        fields = [
            "region",
            "region_name",
            "province",
            "cohort",
            "track",
            "kawasan",
            "stage",
            "stage_label",
            "stage_date",
            "row_version",
            "updated_at",
        ]
        read_only_fields = fields


class ParticipationDetailSerializer(ParticipationSerializer):
    """A participant with its notes, MoU and stage timeline."""

    mou = MoUSerializer(read_only=True, allow_null=True)
    timeline = serializers.SerializerMethodField()
    next_stage = serializers.SerializerMethodField()
    next_stage_refusal = serializers.SerializerMethodField()

    class Meta(ParticipationSerializer.Meta):
        fields = [
            *ParticipationSerializer.Meta.fields,
            "next_stage",
            "next_stage_refusal",
            "notes",
            "mou",
            "timeline",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(TimelineStepSerializer(many=True))
    def get_timeline(self, obj: Participation) -> Any:
        reached = {change.stage: change for change in obj.stage_changes.all()}
        current = STAGE_ORDER.index(obj.stage)
        steps = []
        for index, stage in enumerate(STAGE_ORDER):
            change = reached.get(stage)
            state = "done" if index < current else ("current" if index == current else "todo")
            steps.append(
                {
                    "stage": stage,
                    "stage_label": Stage(stage).label,
                    "state": state,
                    "date": change.date if change else None,
                    "note": change.note if change else "",
                }
            )
        return TimelineStepSerializer(steps, many=True).data

    @extend_schema_field(
        serializers.CharField(allow_null=True, help_text="The stage that comes next (null after the last)")
    )
    def get_next_stage(self, obj: Participation) -> str | None:
        index = STAGE_ORDER.index(obj.stage) + 1
        return STAGE_ORDER[index] if index < len(STAGE_ORDER) else None

    @extend_schema_field(
        serializers.CharField(
            allow_null=True,
            help_text="Why the next stage cannot be recorded yet (e.g. the plan is not ratified); null when it can",
        )
    )
    def get_next_stage_refusal(self, obj: Participation) -> str | None:
        next_stage = self.get_next_stage(obj)
        return stage_rules.stage_refusal(obj, next_stage) if next_stage else None


class ParticipationFilterSerializer(serializers.Serializer[Any]):
    cohort = serializers.IntegerField(required=False, min_value=0, help_text="Cohort year, e.g. 2022")
    stage = serializers.ChoiceField(choices=Stage.choices, required=False, help_text="Current stage")
    province = serializers.CharField(
        required=False, max_length=5, help_text="Province code, e.g. 52 (or one region's code)"
    )
    q = serializers.CharField(
        required=False, max_length=100, help_text="Region name contains, or code starts"
    )


class EnrolSerializer(serializers.Serializer[Any]):
    region = serializers.CharField(max_length=5, help_text="The region's Kemendagri code, e.g. 52.04")
    cohort = serializers.IntegerField(help_text="The cohort's year, e.g. 2022")
    selected_on = serializers.DateField()
    track = serializers.ChoiceField(choices=Track.choices, default=Track.REGULAR)
    kawasan = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default="", help_text="Kawasan code (track kawasan)"
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class ParticipationUpdateSerializer(serializers.Serializer[Any]):
    notes = serializers.CharField(required=False, allow_blank=True)
    track = serializers.ChoiceField(choices=Track.choices, required=False)
    kawasan: serializers.SlugRelatedField[Kawasan] = serializers.SlugRelatedField(
        slug_field="code", queryset=Kawasan.objects.all(), required=False, allow_null=True
    )
    row_version = serializers.IntegerField(
        min_value=1, help_text="The row_version you read; a stale one is refused with 409."
    )


class AdvanceSerializer(serializers.Serializer[Any]):
    stage = serializers.ChoiceField(choices=Stage.choices, help_text="The next stage (stages go in order)")
    date = serializers.DateField(help_text="Not before the current stage's date")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    row_version = serializers.IntegerField(
        min_value=1, help_text="The row_version you read; a stale one is refused with 409."
    )


class MoURecordSerializer(serializers.Serializer[Any]):
    number = serializers.CharField(max_length=120)
    date = serializers.DateField()
    signatories = serializers.CharField(help_text="One per line: name, position.")
    document = serializers.FileField(required=False, allow_null=True, help_text="The signed MoU (PDF)")

    def validate_document(self, document: Any) -> Any:
        if document is not None and document.size > settings.MAX_UPLOAD_BYTES:
            raise serializers.ValidationError(
                _("The file is too large (at most %(size)s).")
                % {"size": filesizeformat(settings.MAX_UPLOAD_BYTES)}
            )
        return document


CODE_PARAM = OpenApiParameter(
    "code",
    str,
    OpenApiParameter.PATH,
    description="The region's Kemendagri code",
    pattern=r"^\d{2}(\.\d{2})?$",
    examples=[OpenApiExample("Kabupaten Sumbawa", value="52.04")],
)


@extend_schema_view(
    list=extend_schema(
        summary="Participants the caller may see",
        parameters=[ParticipationFilterSerializer],
        responses=ParticipationSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="One participant, with its MoU and stage timeline",
        parameters=[CODE_PARAM],
        responses=ParticipationDetailSerializer,
    ),
    create=extend_schema(
        summary="Enrol a region in a cohort (programme.manage)",
        request=EnrolSerializer,
        responses={201: ParticipationDetailSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit notes, track and kawasan (participation.change)",
        parameters=[CODE_PARAM],
        request=ParticipationUpdateSerializer,
        responses=ParticipationDetailSerializer,
    ),
    advance=extend_schema(
        summary="Move to the next stage (participation.change)",
        parameters=[CODE_PARAM],
        request=AdvanceSerializer,
        responses=ParticipationDetailSerializer,
    ),
    mou=extend_schema(
        summary="Record or replace the MoU; multipart for the document (participation.change)",
        parameters=[CODE_PARAM],
        request=MoURecordSerializer,
        responses={200: ParticipationDetailSerializer, 201: ParticipationDetailSerializer},
    ),
)
class ParticipationViewSet(viewsets.GenericViewSet[Participation]):
    """Regions in the programme: cohort, track, stage path and MoU."""

    serializer_class = ParticipationDetailSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "code"
    lookup_value_regex = r"\d{2}(\.\d{2})?"
    filter_backends: list[type] = []

    def _get(self, code: str) -> Participation:
        return selectors.participation_get_for_user(actor=self.request.user, region_code=code)

    def _for_change(self, code: str) -> Participation:
        participation = self._get(code)
        require(self.request.user, "participation.change", region_id=participation.region_id)
        return participation

    def _detail(self, participation: Participation, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self._get(participation.region.code)
        data = ParticipationDetailSerializer(fresh, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def list(self, request: Request) -> Response:
        filters = ParticipationFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        qs = selectors.participation_list(
            actor=request.user,
            cohort_year=f.get("cohort"),
            stage=f.get("stage", ""),
            province=f.get("province", "").strip(),
            query=f.get("q", "").strip(),
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(ParticipationSerializer(page, many=True).data)

    def retrieve(self, request: Request, code: str) -> Response:
        return Response(
            ParticipationDetailSerializer(self._get(code), context=self.get_serializer_context()).data
        )

    def create(self, request: Request) -> Response:
        require(request.user, "programme.manage")
        data = EnrolSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        participation = services.participation_enrol(
            actor=request.user,
            region_code=d["region"],
            cohort_year=d["cohort"],
            selected_on=d["selected_on"],
            track=d["track"],
            kawasan_code=d["kawasan"],
            notes=d["notes"],
        )
        response = self._detail(participation, status.HTTP_201_CREATED)
        response["Location"] = reverse("api:participation-detail", args=[participation.region.code])
        return response

    def partial_update(self, request: Request, code: str) -> Response:
        participation = self._for_change(code)
        data = ParticipationUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        version = changes.pop("row_version")
        services.participation_update(
            actor=request.user, participation=participation, data=changes, expected_version=version
        )
        return self._detail(participation)

    @action(detail=True, methods=["post"])
    def advance(self, request: Request, code: str) -> Response:
        participation = self._for_change(code)
        data = AdvanceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        services.participation_advance(
            actor=request.user,
            participation=participation,
            stage=d["stage"],
            date=d["date"],
            note=d["note"],
            expected_version=d["row_version"],
        )
        return self._detail(participation)

    @action(detail=True, methods=["post", "put"])
    def mou(self, request: Request, code: str) -> Response:
        participation = self._for_change(code)
        data = MoURecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        existed = getattr(participation, "mou", None) is not None
        services.mou_record(actor=request.user, participation=participation, **data.validated_data)
        return self._detail(participation, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)


def register(router: Any) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("cohorts", CohortViewSet, basename="cohort")
    router.register("participations", ParticipationViewSet, basename="participation")
