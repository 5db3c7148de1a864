"""API of the round set-up under /api/v1/evaluation/ (``evaluation.manage``).

- ``rounds/`` (POST, in ``api.RoundListView``): a new live round with its scope of regions.
- ``rounds/<round>/phases/``: the phases with their dates and locks (GET), new dates (PATCH);
  ``phases/advance/`` (POST ``current``): the next phase, never "published";
  ``phases/<phase>/lock/`` (POST ``locked``, ``note``): lock or unlock a phase.
- ``rounds/<round>/regions/``: the round's regions and groups (GET), add a scope (POST);
  ``rounds/<round>/regions/<region>/``: change its group (PATCH), take it out (DELETE).

The views call the same services as the pages (``round_setup``), with the same messages.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import URLPattern, re_path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from kotacerdas.core.permissions import require
from kotacerdas.programme.models import Cohort, Kawasan
from kotacerdas.regions.models import Region

from . import round_setup as services
from .api_assessors import REGION_PARAM, REGION_RE, ROUND_PARAM, ROUND_RE
from .assessor_selectors import round_get
from .choices import Phase, Stage
from .models import MethodVersion, Round, RoundRegion
from .phases import ORDER
from .rounds import method_find

TAGS = ["evaluation"]
MANAGE = "evaluation.manage"
PHASE_RE = r"(?P<phase>[a-z_]+)"
PHASE_PARAM = OpenApiParameter("phase", str, OpenApiParameter.PATH, enum=ORDER[:-1], description="A phase")


class ScopeSerializer(serializers.Serializer[Any]):
    cohort = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text="A cohort's year, e.g. 2017"
    )
    kawasan = serializers.CharField(required=False, max_length=40, help_text="A kawasan's code")
    province = serializers.RegexField(r"^\d{2}$", required=False, help_text="A province's code, e.g. 52")
    regions = serializers.ListField(
        child=serializers.RegexField(r"^\d{2}\.\d{2}$"),
        required=False,
        max_length=600,
        help_text='Kabupaten/kota codes, e.g. ["52.04"]',
    )


class RoundCreateSerializer(ScopeSerializer):
    code = serializers.CharField(max_length=30)
    year = serializers.IntegerField(min_value=1900, max_value=2999)
    stage = serializers.ChoiceField(choices=Stage.choices)
    method = serializers.CharField(max_length=60, help_text="CODE:VERSION, or CODE for its latest version")
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    previous = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")


class RoundCreatedSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    phase = serializers.ChoiceField(choices=Phase.choices)
    regions = serializers.IntegerField(help_text="Regions in the round")


class PhaseSerializer(serializers.Serializer[Any]):
    phase = serializers.ChoiceField(choices=Phase.choices)
    opens_on = serializers.DateField(allow_null=True)
    closes_on = serializers.DateField(allow_null=True)
    locked = serializers.BooleanField()
    note = serializers.CharField()
    current = serializers.SerializerMethodField()

    def get_current(self, obj: Any) -> bool:
        return bool(obj.round.phase == obj.phase)


class PhaseDatesSerializer(serializers.Serializer[Any]):
    opens_on = serializers.DateField(allow_null=True)
    closes_on = serializers.DateField(allow_null=True)


class DatesSerializer(serializers.Serializer[Any]):
    dates = serializers.DictField(
        child=PhaseDatesSerializer(),
        help_text='Phase → dates, e.g. {"interview": {"opens_on": ..., "closes_on": ...}}',
    )


class PhaseAdvanceSerializer(serializers.Serializer[Any]):
    current = serializers.ChoiceField(
        choices=Phase.choices, help_text="The phase the round is in, as you saw it"
    )


class LockSerializer(serializers.Serializer[Any]):
    locked = serializers.BooleanField()
    note = serializers.CharField(max_length=300)


class EntrySerializer(serializers.Serializer[Any]):
    region = serializers.CharField(source="region.code")
    name = serializers.CharField(source="region.name")
    group = serializers.CharField(source="group.code")


class AddResultSerializer(serializers.Serializer[Any]):
    added = serializers.ListField(child=serializers.CharField())
    already = serializers.ListField(child=serializers.CharField(), help_text="Already in the round")


class GroupSerializer(serializers.Serializer[Any]):
    group = serializers.CharField(max_length=30, help_text="A group of the round's method, e.g. kawasan")


class SetupAPIView(generics.GenericAPIView[Any]):
    permission_classes = [IsAuthenticated]
    filter_backends: list[type] = []

    def get_object(self) -> Any:
        raise Http404


def _invalid(field: str, message: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: [message]})


def _scope(d: dict[str, Any]) -> services.Scope:
    cohort = kawasan = province = None
    if "cohort" in d:
        cohort = Cohort.objects.filter(year=d["cohort"]).first()
        if cohort is None:
            raise _invalid("cohort", _("No cohort of %(year)s.") % {"year": d["cohort"]})
    if d.get("kawasan"):
        kawasan = Kawasan.objects.filter(code=d["kawasan"]).first()
        if kawasan is None:
            raise _invalid("kawasan", _("Unknown kawasan %(code)s.") % {"code": d["kawasan"]})
    if d.get("province"):
        province = Region.objects.provinces().filter(code=d["province"]).first()
        if province is None:
            raise _invalid("province", _("Unknown region %(code)s.") % {"code": d["province"]})
    codes = d.get("regions") or []
    regions = list(Region.objects.kabupaten_kota().filter(code__in=codes))
    missing = sorted(set(codes) - {r.code for r in regions})
    if missing:
        raise _invalid(
            "regions", _("Unknown kabupaten/kota: %(names)s.") % {"names": ", ".join(missing[:10])}
        )
    return services.Scope(cohort=cohort, kawasan=kawasan, province=province, regions=regions)


def round_create_response(request: Request) -> Response:
    """POST ``rounds/``: called by ``api.RoundListView``; returns the round's set-up state."""
    require(request.user, MANAGE)
    data = RoundCreateSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    d = data.validated_data
    method: MethodVersion | None = method_find(d["method"])
    if method is None:
        raise _invalid("method", _("No method version %(label)s.") % {"label": d["method"]})
    previous: Round | None = None
    if d["previous"]:
        previous = Round.objects.filter(code=d["previous"]).first()
        if previous is None:
            raise _invalid("previous", _("No round %(code)s.") % {"code": d["previous"]})
    round_ = services.round_setup_create(
        actor=request.user,
        code=d["code"],
        year=d["year"],
        stage=d["stage"],
        method=method,
        name=d["name"],
        previous=previous,
        scope=_scope(d),
    )
    response = Response(
        {
            "code": round_.code,
            "name": round_.name,
            "phase": round_.phase,
            "regions": RoundRegion.objects.filter(round=round_).count(),
        },
        status=status.HTTP_201_CREATED,
    )
    response["Location"] = reverse("api:evaluation-round-phases", kwargs={"round_code": round_.code})
    return response


class PhaseListView(SetupAPIView):
    serializer_class = PhaseSerializer
    pagination_class = None  # six phases: one list

    @extend_schema(
        summary="A round's phases with their dates and locks (evaluation.manage)",
        parameters=[ROUND_PARAM],
        responses=PhaseSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request, round_code: str) -> Response:
        require(request.user, MANAGE)
        round_ = round_get(code=round_code)
        return Response(PhaseSerializer(services.round_phases(round_), many=True).data)

    @extend_schema(
        summary="Set phases' opening and closing dates (evaluation.manage)",
        parameters=[ROUND_PARAM],
        request=DatesSerializer,
        responses=PhaseSerializer(many=True),
        tags=TAGS,
    )
    def patch(self, request: Request, round_code: str) -> Response:
        require(request.user, MANAGE)
        round_ = round_get(code=round_code)
        data = DatesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        dates = {p: (v["opens_on"], v["closes_on"]) for p, v in data.validated_data["dates"].items()}
        rows = services.round_phase_dates(actor=request.user, round_=round_, dates=dates)
        return Response(PhaseSerializer(rows, many=True).data)


class AdvanceView(SetupAPIView):
    serializer_class = PhaseSerializer
    pagination_class = None  # six phases: one list

    @extend_schema(
        summary="Move a round to its next phase, never to published (evaluation.manage)",
        parameters=[ROUND_PARAM],
        request=PhaseAdvanceSerializer,
        responses=PhaseSerializer(many=True),
        tags=TAGS,
    )
    def post(self, request: Request, round_code: str) -> Response:
        require(request.user, MANAGE)
        round_ = round_get(code=round_code)
        data = PhaseAdvanceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        round_ = services.round_phase_advance(
            actor=request.user, round_=round_, current=data.validated_data["current"]
        )
        return Response(PhaseSerializer(services.round_phases(round_), many=True).data)


class LockView(SetupAPIView):
    serializer_class = PhaseSerializer

    @extend_schema(
        summary="Lock or unlock a phase of a round, with a note (evaluation.manage)",
        parameters=[ROUND_PARAM, PHASE_PARAM],
        request=LockSerializer,
        responses=PhaseSerializer,
        tags=TAGS,
    )
    def post(self, request: Request, round_code: str, phase: str) -> Response:
        require(request.user, MANAGE)
        round_ = round_get(code=round_code)
        if phase not in ORDER[:-1]:
            raise Http404("phase")
        data = LockSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.round_phase_lock(actor=request.user, round_=round_, phase=phase, **data.validated_data)
        return Response(PhaseSerializer(row).data)


class RegionListView(SetupAPIView):
    serializer_class = EntrySerializer

    @extend_schema(
        summary="A round's regions and their groups (evaluation.manage)",
        parameters=[ROUND_PARAM],
        responses=EntrySerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request, round_code: str) -> Response:
        require(request.user, MANAGE)
        round_ = round_get(code=round_code)
        rows = (
            RoundRegion.objects.filter(round=round_)
            .select_related("region", "group")
            .order_by("region__code")
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(EntrySerializer(page, many=True).data)

    @extend_schema(
        summary="Add regions to a round in preparation: a cohort, kawasan, province or list (evaluation.manage)",
        parameters=[ROUND_PARAM],
        request=ScopeSerializer,
        responses=AddResultSerializer,
        tags=TAGS,
    )
    def post(self, request: Request, round_code: str) -> Response:
        require(request.user, MANAGE)
        round_ = round_get(code=round_code)
        data = ScopeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.round_regions_add(
            actor=request.user, round_=round_, scope=_scope(data.validated_data)
        )
        return Response(AddResultSerializer({"added": result.added, "already": result.already}).data)


def _entry(round_code: str, region: str) -> RoundRegion:
    entry = (
        RoundRegion.objects.select_related("round", "region", "group")
        .filter(round=round_get(code=round_code), region__code=region)
        .first()
    )
    if entry is None:
        raise Http404("region in round")
    return entry


class RegionDetailView(SetupAPIView):
    serializer_class = EntrySerializer

    @extend_schema(
        summary="Put a region of a round in preparation in another group (evaluation.manage)",
        parameters=[ROUND_PARAM, REGION_PARAM],
        request=GroupSerializer,
        responses=EntrySerializer,
        tags=TAGS,
    )
    def patch(self, request: Request, round_code: str, region: str) -> Response:
        require(request.user, MANAGE)
        entry = _entry(round_code, region)
        data = GroupSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.round_region_set_group(
            actor=request.user, entry=entry, group=data.validated_data["group"]
        )
        return Response(EntrySerializer(entry).data)

    @extend_schema(
        summary="Take a region out of a round in preparation (evaluation.manage)",
        parameters=[ROUND_PARAM, REGION_PARAM],
        responses={204: None},
        tags=TAGS,
    )
    def delete(self, request: Request, round_code: str, region: str) -> Response:
        require(request.user, MANAGE)
        services.round_region_remove(actor=request.user, entry=_entry(round_code, region))
        return Response(status=status.HTTP_204_NO_CONTENT)


_R = rf"^rounds/{ROUND_RE}/"
urlpatterns: list[URLPattern] = [
    re_path(rf"{_R}phases/$", PhaseListView.as_view(), name="evaluation-round-phases"),
    re_path(rf"{_R}phases/advance/$", AdvanceView.as_view(), name="evaluation-round-advance"),
    re_path(rf"{_R}phases/{PHASE_RE}/lock/$", LockView.as_view(), name="evaluation-round-phase-lock"),
    re_path(rf"{_R}regions/$", RegionListView.as_view(), name="evaluation-round-regions"),
    re_path(rf"{_R}regions/{REGION_RE}/$", RegionDetailView.as_view(), name="evaluation-round-region"),
]
