"""API of the presentation schedule under /api/v1/evaluation/ (``evaluation.manage``).

- ``rounds/<round>/schedule/``: the presentations in time order, ``?day=`` for one day (GET);
  make the schedule again from the forum's days, hours and rooms (POST), replacing every slot.
- ``rounds/<round>/schedule/<region>/``: one presentation (GET); move it or change its mode or
  place (PATCH), refused when one of its assessors or its room is taken at that time.

The views call the same services as the pages (``slots``), with the same messages.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import URLPattern, re_path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from kotacerdas.core.permissions import require

from . import schedule
from . import slot_selectors as selectors
from . import slots as services
from .api_assessors import REGION_PARAM, REGION_RE, ROUND_PARAM, ROUND_RE
from .assessor_selectors import round_get
from .choices import SlotMode

TAGS = ["evaluation"]
MANAGE = "evaluation.manage"


class SlotSerializer(serializers.Serializer[Any]):
    region = serializers.CharField(source="slot.entry.region.code")
    name = serializers.CharField(source="slot.entry.region.name")
    starts_at = serializers.DateTimeField(source="slot.starts_at")
    ends_at = serializers.DateTimeField(source="slot.ends_at")
    mode = serializers.ChoiceField(source="slot.mode", choices=SlotMode.choices)
    place = serializers.CharField(source="slot.place", help_text="Room or meeting link")
    assessors = serializers.SerializerMethodField(help_text="The region's assessors' codes")

    def get_assessors(self, obj: selectors.ScheduleRow) -> list[str]:
        return [a.code for a in obj.assessors]


class DayFilterSerializer(serializers.Serializer[Any]):
    day = serializers.DateField(required=False, help_text="Only this day's presentations, e.g. 2024-09-02")


class ScheduleGenerateSerializer(serializers.Serializer[Any]):
    days = serializers.ListField(
        child=serializers.DateField(),
        min_length=1,
        max_length=schedule.MAX_DAYS,
        help_text="The forum's days",
    )
    day_start = serializers.TimeField(help_text="e.g. 08:00")
    day_end = serializers.TimeField(help_text="e.g. 17:00")
    slot_minutes = serializers.IntegerField(min_value=1, max_value=600)
    break_minutes = serializers.IntegerField(min_value=0, max_value=600, default=0)
    rooms = serializers.IntegerField(min_value=1, max_value=schedule.MAX_ROOMS)
    mode = serializers.ChoiceField(choices=SlotMode.choices, default=SlotMode.ONLINE)
    places = serializers.ListField(
        child=serializers.CharField(max_length=services.PLACE_MAX, allow_blank=True),
        max_length=schedule.MAX_ROOMS,
        required=False,
        default=list,
        help_text="Room 1's place (a hall or a meeting link), room 2's...",
    )


class ScheduleGenerateResultSerializer(serializers.Serializer[Any]):
    created = serializers.IntegerField()
    removed = serializers.IntegerField(help_text="The slots the new schedule replaced")
    days = serializers.IntegerField()
    per_day = serializers.DictField(child=serializers.IntegerField(), help_text="Presentations per day")


class SlotUpdateSerializer(serializers.Serializer[Any]):
    """Send what changes; the rest stays."""

    starts_at = serializers.DateTimeField(required=False)
    ends_at = serializers.DateTimeField(required=False)
    mode = serializers.ChoiceField(choices=SlotMode.choices, required=False)
    place = serializers.CharField(max_length=services.PLACE_MAX, allow_blank=True, required=False)


class ScheduleAPIView(generics.GenericAPIView[Any]):
    permission_classes = [IsAuthenticated]
    filter_backends: list[type] = []

    def get_object(self) -> Any:
        raise Http404


class ScheduleView(ScheduleAPIView):
    serializer_class = SlotSerializer

    @extend_schema(
        summary="A round's presentations in time order (evaluation.manage)",
        parameters=[ROUND_PARAM, DayFilterSerializer],
        responses=SlotSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request, round_code: str) -> Response:
        require(request.user, MANAGE)
        round_ = round_get(code=round_code)
        filters = DayFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        day = filters.validated_data.get("day")
        page = self.paginate_queryset(selectors.schedule_slots(round_, day=day))
        return self.get_paginated_response(
            SlotSerializer(selectors.schedule_rows(page or []), many=True).data
        )

    @extend_schema(
        summary="Make the presentation schedule again, replacing every slot (evaluation.manage)",
        operation_id="evaluation_rounds_schedule_generate",
        parameters=[ROUND_PARAM],
        request=ScheduleGenerateSerializer,
        responses=ScheduleGenerateResultSerializer,
        tags=TAGS,
    )
    def post(self, request: Request, round_code: str) -> Response:
        require(request.user, MANAGE)
        round_ = round_get(code=round_code)
        data = ScheduleGenerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        result = services.slot_schedule_generate(
            actor=request.user,
            round_=round_,
            settings=schedule.Settings(
                days=tuple(d["days"]),
                day_start=d["day_start"],
                day_end=d["day_end"],
                slot_minutes=d["slot_minutes"],
                break_minutes=d["break_minutes"],
                rooms=d["rooms"],
            ),
            mode=d["mode"],
            places=d["places"],
        )
        return Response(
            ScheduleGenerateResultSerializer(
                {
                    "created": result.created,
                    "removed": result.removed,
                    "days": result.days,
                    "per_day": result.per_day,
                }
            ).data
        )


class SlotView(ScheduleAPIView):
    serializer_class = SlotSerializer

    @extend_schema(
        summary="One region's presentation (evaluation.manage)",
        parameters=[ROUND_PARAM, REGION_PARAM],
        tags=TAGS,
    )
    def get(self, request: Request, round_code: str, region: str) -> Response:
        require(request.user, MANAGE)
        slot = selectors.slot_get(round_=round_get(code=round_code), region_code=region)
        return Response(SlotSerializer(selectors.schedule_rows([slot])[0]).data)

    @extend_schema(
        summary="Move one presentation or change its mode or place (evaluation.manage); refused when "
        "an assessor or the room is taken then",
        parameters=[ROUND_PARAM, REGION_PARAM],
        request=SlotUpdateSerializer,
        responses=SlotSerializer,
        tags=TAGS,
    )
    def patch(self, request: Request, round_code: str, region: str) -> Response:
        require(request.user, MANAGE)
        slot = selectors.slot_get(round_=round_get(code=round_code), region_code=region)
        data = SlotUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        services.slot_update(
            actor=request.user,
            slot=slot,
            starts_at=d.get("starts_at", slot.starts_at),
            ends_at=d.get("ends_at", slot.ends_at),
            mode=d.get("mode", slot.mode),
            place=d.get("place", slot.place),
        )
        slot = selectors.slot_get(round_=slot.round, region_code=region)
        return Response(SlotSerializer(selectors.schedule_rows([slot])[0]).data)


urlpatterns: list[URLPattern] = [
    re_path(rf"^rounds/{ROUND_RE}/schedule/$", ScheduleView.as_view(), name="evaluation-schedule"),
    re_path(
        rf"^rounds/{ROUND_RE}/schedule/{REGION_RE}/$", SlotView.as_view(), name="evaluation-schedule-slot"
    ),
]
