"""API of assessors under /api/v1/evaluation/ (hand-written views; ``urlpatterns`` below).

- ``assessors/`` (list with filters, create) and ``assessors/<code>/`` (read, PATCH with
  ``row_version``): the ministry's pool (``evaluation.manage``).
- ``rounds/<round>/assignments/``: the round's regions with their assessors and conflicts
  (GET), the automatic assignment (POST); ``rounds/<round>/assignments/<region>/`` (POST): the
  ministry's change to one region's assessors, with a reason (``evaluation.manage``).
- ``assignments/mine/``: the caller's assignments in open rounds (``evaluation.score``), and per
  region ``no-conflict/`` and ``conflict/`` (POST): the declarations an assessor makes before
  seeing a region's material.

The views call the same services as the pages (``assessors``), so both refuse the same things
with the same messages.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import URLPattern, re_path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from kotacerdas.accounts.models import User
from kotacerdas.core.permissions import require
from kotacerdas.regions.choices import RegionLevel
from kotacerdas.regions.models import Region

from . import assessor_selectors as selectors
from . import assessors as services
from .assignment import DEFAULT_PER_REGION
from .choices import AssessorCategory, ConflictKind
from .models import Assessor, Assignment, RoundRegion

TAGS = ["evaluation"]
MANAGE = "evaluation.manage"
SCORE = "evaluation.score"
ROUND_RE = r"(?P<round_code>[-a-zA-Z0-9_]+)"
REGION_RE = r"(?P<region>\d{2}\.\d{2})"
ASSESSOR_RE = r"(?P<code>[-A-Za-z0-9_]+)"

ROUND_PARAM = OpenApiParameter(
    "round_code",
    str,
    OpenApiParameter.PATH,
    description="The round's code",
    pattern=r"^[-a-zA-Z0-9_]+$",
    examples=[OpenApiExample("2024, stage II", value="2024-2")],
)
REGION_PARAM = OpenApiParameter(
    "region",
    str,
    OpenApiParameter.PATH,
    description="The region's Kemendagri code",
    pattern=r"^\d{2}\.\d{2}$",
    examples=[OpenApiExample("Kabupaten Sumbawa", value="52.04")],
)
ASSESSOR_PARAM = OpenApiParameter(
    "code",
    str,
    OpenApiParameter.PATH,
    description="The assessor's code",
    pattern=r"^[-A-Za-z0-9_]+$",
    examples=[OpenApiExample("An assessor", value="ASR-001")],
)


# ---------------------------------------------------------------- serializers


class AssessorSerializer(serializers.ModelSerializer[Assessor]):
    username = serializers.CharField(source="user.username", read_only=True)
    name = serializers.CharField(source="user.display_name", read_only=True)
    home_province = serializers.SerializerMethodField(help_text="Kemendagri code of the province, or null")
    home_region = serializers.SerializerMethodField(
        help_text="Kemendagri code of the kabupaten/kota, or null"
    )
    expertise = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Assessor
        fields = [
            "code",
            "username",
            "name",
            "category",
            "institution",
            "home_province",
            "home_region",
            "expertise",
            "active",
            "row_version",
        ]
        read_only_fields = fields

    def get_home_province(self, obj: Assessor) -> str | None:
        return obj.home_province.code if obj.home_province else None

    def get_home_region(self, obj: Assessor) -> str | None:
        return obj.home_region.code if obj.home_region else None


class AssessorFilterSerializer(serializers.Serializer[Any]):
    category = serializers.ChoiceField(choices=AssessorCategory.choices, required=False)
    province = serializers.RegexField(r"^\d{2}$", required=False, help_text="Home province's code, e.g. 52")
    expertise = serializers.RegexField(
        r"^[A-Z_]{1,20}$", required=False, help_text="An evaluation dimension's code, e.g. OUTCOME"
    )
    active = serializers.BooleanField(required=False, allow_null=True, default=None)
    q = serializers.CharField(required=False, max_length=100, help_text="Code, username, name or institution")


def _profile_fields() -> dict[str, serializers.Field[Any, Any, Any, Any]]:
    return {
        "category": serializers.ChoiceField(choices=AssessorCategory.choices),
        "institution": serializers.CharField(max_length=200, allow_blank=True, required=False),
        "home_province": serializers.RegexField(
            r"^\d{2}$", allow_null=True, required=False, help_text="Province code, e.g. 52; null for none"
        ),
        "home_region": serializers.RegexField(
            r"^\d{2}\.\d{2}$", allow_null=True, required=False, help_text="Kabupaten/kota code, e.g. 52.04"
        ),
        "expertise": serializers.ListField(
            child=serializers.CharField(max_length=20),
            max_length=20,
            required=False,
            help_text='Evaluation dimension codes, e.g. ["OUTPUT", "IMPACT"]',
        ),
    }


class AssessorCreateSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150, help_text="The person's account")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {**super().get_fields(), **_profile_fields()}


class AssessorUpdateSerializer(serializers.Serializer[Any]):
    """Send what changes, with the ``row_version`` you read; ``active`` takes the assessor out
    of the pool (false) or back in."""

    row_version = serializers.IntegerField(min_value=1, max_value=2_147_483_647)
    active = serializers.BooleanField(required=False)

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = {**super().get_fields(), **_profile_fields()}
        fields["category"].required = False
        return fields


class AssignedSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    active = serializers.BooleanField()
    declared_no_conflict = serializers.BooleanField()
    submitted = serializers.BooleanField()
    has_scores = serializers.BooleanField()
    conflicts = serializers.ListField(
        child=serializers.ChoiceField(choices=ConflictKind.choices),
        help_text="Why the assessor should not assess the region (empty: no conflict)",
    )


class AssignmentRowSerializer(serializers.Serializer[Any]):
    region = serializers.CharField(source="entry.region.code")
    name = serializers.CharField(source="entry.region.name")
    group = serializers.CharField(source="entry.group.code")
    assessors = AssignedSerializer(many=True)
    short = serializers.IntegerField(help_text="Assessors the region still lacks")


class GenerateSerializer(serializers.Serializer[Any]):
    per_region = serializers.IntegerField(
        min_value=1, max_value=services.MAX_PER_REGION, default=DEFAULT_PER_REGION
    )


class GenerateResultSerializer(serializers.Serializer[Any]):
    created = serializers.IntegerField()
    removed = serializers.IntegerField()
    kept = serializers.IntegerField(help_text="Assignments with scores, never replaced")
    balanced = serializers.BooleanField(help_text="Loads within one region of each other")
    lowest_load = serializers.IntegerField()
    highest_load = serializers.IntegerField()
    explanation = serializers.CharField(help_text="Why the loads are not within one (empty when they are)")


class OverrideSerializer(serializers.Serializer[Any]):
    remove = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text="An assessor's code"
    )
    add = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text="An assessor's code"
    )
    reason = serializers.CharField(max_length=500)


class MineSerializer(serializers.Serializer[Any]):
    round = serializers.CharField(source="entry.round.code")
    round_name = serializers.CharField(source="entry.round.name")
    phase = serializers.CharField(source="entry.round.phase")
    region = serializers.CharField(source="entry.region.code")
    region_name = serializers.CharField(source="entry.region.name")
    no_conflict_declared_at = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500)


class ConflictSerializer(serializers.Serializer[Any]):
    assessor = serializers.CharField(source="assessor.code")
    region = serializers.CharField(source="region.code")
    kind = serializers.CharField()
    reason = serializers.CharField()


# ---------------------------------------------------------------- helpers


class AssessorAPIView(generics.GenericAPIView[Any]):
    permission_classes = [IsAuthenticated]
    filter_backends: list[type] = []

    def get_object(self) -> Any:
        raise Http404


def _invalid(field: str, message: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: [message]})


def _region(code: str | None, field: str, *, province: bool) -> Region | None:
    if not code:
        return None
    rows = Region.objects.select_related("province").filter(code=code)
    rows = rows.filter(level=RegionLevel.PROVINCE) if province else rows.exclude(level=RegionLevel.PROVINCE)
    found = rows.first()
    if found is None:
        raise _invalid(field, _("Unknown region %(code)s.") % {"code": code})
    return found


def _profile(data: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in data.items() if k in services.PROFILE_FIELDS}
    if "home_province" in out:
        out["home_province"] = _region(out["home_province"], "home_province", province=True)
    if "home_region" in out:
        out["home_region"] = _region(out["home_region"], "home_region", province=False)
    return out


def _assessor(code: str) -> Assessor:
    return selectors.assessor_get(code=code)


# ---------------------------------------------------------------- the pool


class AssessorListView(AssessorAPIView):
    serializer_class = AssessorSerializer

    @extend_schema(
        summary="The assessors' pool, filtered (evaluation.manage)",
        parameters=[AssessorFilterSerializer],
        responses=AssessorSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        require(request.user, MANAGE)
        filters = AssessorFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        rows = selectors.assessor_list(
            category=f.get("category", ""),
            province=f.get("province", ""),
            expertise=f.get("expertise", ""),
            active=f.get("active"),
            query=f.get("q", ""),
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(AssessorSerializer(page, many=True).data)

    @extend_schema(
        summary="Add a person to the pool with the next code (evaluation.manage)",
        request=AssessorCreateSerializer,
        responses={201: AssessorSerializer},
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        require(request.user, MANAGE)
        data = AssessorCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        user = User.objects.filter(username__iexact=d["username"].strip()).first()
        if user is None:
            raise _invalid("username", _("No account has this username."))
        assessor = services.assessor_create(actor=request.user, user=user, **_profile(d))
        response = Response(AssessorSerializer(_assessor(assessor.code)).data, status=status.HTTP_201_CREATED)
        response["Location"] = reverse("api:evaluation-assessor-detail", kwargs={"code": assessor.code})
        return response


class AssessorDetailView(AssessorAPIView):
    serializer_class = AssessorSerializer

    @extend_schema(summary="An assessor (evaluation.manage)", parameters=[ASSESSOR_PARAM], tags=TAGS)
    def get(self, request: Request, code: str) -> Response:
        require(request.user, MANAGE)
        return Response(AssessorSerializer(_assessor(code)).data)

    @extend_schema(
        summary="Change an assessor's profile or status, with row_version (evaluation.manage)",
        parameters=[ASSESSOR_PARAM],
        request=AssessorUpdateSerializer,
        responses=AssessorSerializer,
        tags=TAGS,
    )
    def patch(self, request: Request, code: str) -> Response:
        require(request.user, MANAGE)
        assessor = _assessor(code)
        data = AssessorUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        profile = _profile(d)
        assessor = services.assessor_update(
            actor=request.user, assessor=assessor, data=profile, expected_version=d["row_version"]
        )
        if "active" in d and d["active"] != assessor.active:
            assessor = services.assessor_set_active(actor=request.user, assessor=assessor, active=d["active"])
        return Response(AssessorSerializer(_assessor(code)).data)


# ---------------------------------------------------------------- a round's assignments


def _round_entry(round_code: str, region: str) -> tuple[Any, RoundRegion]:
    round_ = selectors.round_get(code=round_code)
    entry = (
        RoundRegion.objects.select_related("region__province", "group")
        .filter(round=round_, region__code=region)
        .first()
    )
    if entry is None:
        raise Http404("region in round")
    return round_, entry


class AssignmentListView(AssessorAPIView):
    serializer_class = AssignmentRowSerializer

    @extend_schema(
        summary="A round's regions with their assessors and conflicts (evaluation.manage)",
        parameters=[ROUND_PARAM],
        responses=AssignmentRowSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request, round_code: str) -> Response:
        require(request.user, MANAGE)
        round_ = selectors.round_get(code=round_code)
        entries = (
            RoundRegion.objects.filter(round=round_)
            .select_related("region", "group")
            .order_by("region__code")
        )
        page = self.paginate_queryset(entries)
        table = selectors.assignment_table(
            round_, entries=list(page or []), per_region=selectors.round_per_region(round_)
        )
        return self.get_paginated_response(AssignmentRowSerializer(table.rows, many=True).data)

    @extend_schema(
        summary="Assign assessors to every region automatically (evaluation.manage); assignments "
        "with scores stay",
        operation_id="evaluation_rounds_assignments_generate",
        parameters=[ROUND_PARAM],
        request=GenerateSerializer,
        responses=GenerateResultSerializer,
        tags=TAGS,
    )
    def post(self, request: Request, round_code: str) -> Response:
        require(request.user, MANAGE)
        round_ = selectors.round_get(code=round_code)
        data = GenerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.assignment_generate(
            actor=request.user, round_=round_, per_region=data.validated_data["per_region"]
        )
        return Response(
            GenerateResultSerializer(
                {
                    "created": result.created,
                    "removed": result.removed,
                    "kept": result.kept,
                    "balanced": result.plan.balanced,
                    "lowest_load": result.plan.band[0],
                    "highest_load": result.plan.band[1],
                    "explanation": result.explanation,
                }
            ).data
        )


class AssignmentRegionView(AssessorAPIView):
    serializer_class = AssignmentRowSerializer

    @extend_schema(
        summary="Change one region's assessors: remove one, add one, or both, with a reason "
        "(evaluation.manage); a conflict of interest is never overridden",
        operation_id="evaluation_rounds_assignments_override",
        parameters=[ROUND_PARAM, REGION_PARAM],
        request=OverrideSerializer,
        responses=AssignmentRowSerializer,
        tags=TAGS,
    )
    def post(self, request: Request, round_code: str, region: str) -> Response:
        require(request.user, MANAGE)
        round_, entry = _round_entry(round_code, region)
        data = OverrideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        found = services.assessors_by_code([d.get("remove") or "", d.get("add") or ""])
        for field in ("remove", "add"):
            if d.get(field) and d[field] not in found:
                raise _invalid(field, _("No assessor has the code %(code)s.") % {"code": d[field]})
        services.assignment_override(
            actor=request.user,
            entry=entry,
            remove=found.get(d.get("remove") or ""),
            add=found.get(d.get("add") or ""),
            reason=d["reason"],
        )
        table = selectors.assignment_table(
            round_, entries=[entry], per_region=selectors.round_per_region(round_)
        )
        return Response(AssignmentRowSerializer(table.rows[0]).data)


# ---------------------------------------------------------------- an assessor's own


class MineView(AssessorAPIView):
    serializer_class = MineSerializer

    @extend_schema(
        summary="The caller's assignments in rounds not yet published (evaluation.score)",
        responses=MineSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        require(request.user, SCORE)
        page = self.paginate_queryset(selectors.my_assignments(request.user))
        return self.get_paginated_response(MineSerializer(page, many=True).data)


class NoConflictView(AssessorAPIView):
    serializer_class = MineSerializer

    @extend_schema(
        summary="Declare no conflict of interest with an assigned region: its material opens "
        "(evaluation.score, the assigned assessor)",
        parameters=[ROUND_PARAM, REGION_PARAM],
        request=None,
        responses=MineSerializer,
        tags=TAGS,
    )
    def post(self, request: Request, round_code: str, region: str) -> Response:
        assignment = selectors.assignment_own(request.user, round_code, region)
        assignment = services.assignment_declare_no_conflict(actor=request.user, assignment=assignment)
        return Response(MineSerializer(assignment).data)


class ConflictView(AssessorAPIView):
    serializer_class = ConflictSerializer

    @extend_schema(
        summary="Declare a conflict of interest with an assigned region: the assignment is removed "
        "and the ministry told (evaluation.score, the assigned assessor)",
        parameters=[ROUND_PARAM, REGION_PARAM],
        request=ReasonSerializer,
        responses={201: ConflictSerializer},
        tags=TAGS,
    )
    def post(self, request: Request, round_code: str, region: str) -> Response:
        assignment: Assignment = selectors.assignment_own(request.user, round_code, region)
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        conflict = services.assignment_declare_conflict(
            actor=request.user, assignment=assignment, reason=data.validated_data["reason"]
        )
        return Response(ConflictSerializer(conflict).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- URLs (under /api/v1/evaluation/)

urlpatterns: list[URLPattern] = [
    re_path(r"^assessors/$", AssessorListView.as_view(), name="evaluation-assessor-list"),
    re_path(rf"^assessors/{ASSESSOR_RE}/$", AssessorDetailView.as_view(), name="evaluation-assessor-detail"),
    re_path(
        rf"^rounds/{ROUND_RE}/assignments/$", AssignmentListView.as_view(), name="evaluation-assignment-list"
    ),
    re_path(
        rf"^rounds/{ROUND_RE}/assignments/{REGION_RE}/$",
        AssignmentRegionView.as_view(),
        name="evaluation-assignment-region",
    ),
    re_path(r"^assignments/mine/$", MineView.as_view(), name="evaluation-assignment-mine"),
    re_path(
        rf"^assignments/mine/{ROUND_RE}/{REGION_RE}/no-conflict/$",
        NoConflictView.as_view(),
        name="evaluation-assignment-no-conflict",
    ),
    re_path(
        rf"^assignments/mine/{ROUND_RE}/{REGION_RE}/conflict/$",
        ConflictView.as_view(),
        name="evaluation-assignment-conflict",
    ),
]
