"""API of master plans: the plan, its versions and the whole plan tree under /api/v1/masterplans/.

Addresses: a plan by its region's Kemendagri code (``52.04``: the region's newest plan), a
version by number or ``current`` (the draft, else the newest), an item by ``uid``; SWOT and
road-map entries, which have no uid, by their place (``nature/S/2``, ``2025/GOV/1``).

Reads come from ``selectors`` scoped to the caller: a plan the caller may not read is a 404 (for
anonymous callers too). Writes need a signed-in caller (401), check the named permission before
reading the input (403), and go through the same ``services`` as the editor's forms, so the same
rules answer 400 with field errors, and a stale ``row_version`` 409 with the current values.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import URLPattern, re_path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from kotacerdas.core.permissions import require
from kotacerdas.organisation.models import Agency
from kotacerdas.programme.models import Dimension, SubDimension
from kotacerdas.regions.models import Region

from . import access, selectors, services
from .choices import ReadinessElement
from .models import (
    ActionBudget,
    ActionPlan,
    ActionTarget,
    MasterPlan,
    PlanVersion,
    Programme,
    QuickWin,
    RoadmapItem,
    SwotItem,
)
from .serializers import (
    ActionCreateSerializer,
    ActionReorderSerializer,
    ActionSerializer,
    ActionUpdateSerializer,
    ChecklistSerializer,
    DiffQuerySerializer,
    DiffSerializer,
    MissionsSerializer,
    PlanCreateSerializer,
    PlanDetailSerializer,
    PlanSerializer,
    ProgrammeCreateSerializer,
    ProgrammeDetailSerializer,
    ProgrammeSerializer,
    ProgrammeUpdateSerializer,
    QuickWinCreateSerializer,
    QuickWinSerializer,
    QuickWinUpdateSerializer,
    RatifySerializer,
    ReadinessSerializer,
    ReorderSerializer,
    RoadmapItemSerializer,
    SubmitSerializer,
    SwotItemSerializer,
    VersionSerializer,
    VersionTreeSerializer,
    VersionUpdateSerializer,
    resolve_programme,
)

# ---------------------------------------------------------------- paths and parameters

CODE_RE = r"(?P<code>\d{2}(?:\.\d{2})?)"
NUMBER_RE = r"(?P<number>\d+|current)"
UID_RE = r"(?P<uid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"

CODE_PARAM = OpenApiParameter(
    "code",
    str,
    OpenApiParameter.PATH,
    description="The region's Kemendagri code: its newest master plan",
    pattern=r"^\d{2}(\.\d{2})?$",
    examples=[OpenApiExample("Kabupaten Sumbawa", value="52.04")],
)
NUMBER_PARAM = OpenApiParameter(
    "number",
    str,
    OpenApiParameter.PATH,
    description=(
        "The version's number, or current: for the plan's editors the working draft, for other "
        "readers the version in force (the ratified one); else the newest version"
    ),
    pattern=r"^(\d+|current)$",
    examples=[OpenApiExample("Version 1", value="1"), OpenApiExample("Current", value="current")],
)
UID_PARAM = OpenApiParameter("uid", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The item's uid")
VERSION_PARAMS = [CODE_PARAM, NUMBER_PARAM]
ITEM_PARAMS = [CODE_PARAM, NUMBER_PARAM, UID_PARAM]
TAGS = ["masterplans"]


def _version(request: Request, code: str, number: str) -> PlanVersion:
    """The version for a reader (404 for missing and forbidden alike)."""
    return selectors.version_get_for_user(
        actor=request.user, region_code=code, number=None if number == "current" else int(number)
    )


def _version_url(version: PlanVersion) -> str:
    return reverse(
        "api:masterplan-version", kwargs={"code": version.plan.region.code, "number": str(version.number)}
    )


def _require_plan_change(request: Request, version_or_plan: PlanVersion | MasterPlan) -> None:
    plan = version_or_plan.plan if isinstance(version_or_plan, PlanVersion) else version_or_plan
    require(request.user, "masterplan.change", region_id=plan.region_id)


def _require_item_writer(request: Request, version: PlanVersion) -> None:
    """Coordinators write any item; an agency officer of the region only its agency's (the
    service checks the agency of the item itself)."""
    if not access.may_edit_some_items(request.user, version.plan.region_id):
        raise PermissionDenied(_("You do not have permission to do this."))


def _require_item_edit(request: Request, version: PlanVersion, agency_id: int) -> None:
    if not access.may_edit_items(request.user, version, [agency_id]):
        raise PermissionDenied(_("You may only change the plan items of your own agency."))


def _row_version(data: dict[str, Any]) -> int:
    return int(data.pop("row_version"))


class MasterPlanAPIView(generics.GenericAPIView[Any]):
    """A region's master plan. Reads: only callers who may read the plan (others get 404).
    Writes: signed in, with the permission, through the same rules as the plan editor."""

    # shared set-up: signed in to write, errors in the one shape, no filter backends

    permission_classes = [IsAuthenticatedOrReadOnly]
    filter_backends: list[type] = []

    def ctx(self, **extra: Any) -> dict[str, Any]:
        return {**self.get_serializer_context(), **extra}

    def get_object(self) -> Any:
        # Handlers find their objects through scoped selectors; only DRF's answer to OPTIONS
        # asks for "the object" (of a PUT): the version, 404 unless the caller may read it.
        if "number" not in self.kwargs:
            raise Http404("version")
        return _version(self.request, self.kwargs["code"], self.kwargs["number"])


# ---------------------------------------------------------------- plans


class PlanListView(MasterPlanAPIView):
    """Master plans the caller may read; coordinators start one for their region."""

    serializer_class = PlanSerializer

    @extend_schema(summary="Master plans the caller may read", responses=PlanSerializer(many=True), tags=TAGS)
    def get(self, request: Request) -> Response:
        plans = selectors.plan_list(actor=request.user).order_by("region__code", "-start_year")
        page = self.paginate_queryset(plans)
        return self.get_paginated_response(PlanSerializer(page, many=True).data)

    @extend_schema(
        summary="Start a region's master plan with an empty draft version 1 (masterplan.change)",
        request=PlanCreateSerializer,
        responses={201: PlanDetailSerializer},
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        data = PlanCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        region = Region.objects.filter(code=d["region"].strip()).first()
        if region is None:
            raise serializers.ValidationError(
                {"region": [_("Unknown region %(code)s.") % {"code": d["region"]}]}
            )
        require(request.user, "masterplan.change", region_id=region.pk)
        plan = services.plan_create(
            actor=request.user,
            region=region,
            title=d["title"],
            start_year=d["start_year"],
            end_year=d["end_year"],
        )
        response = Response(_plan_detail(plan, self.ctx()), status=status.HTTP_201_CREATED)
        response["Location"] = reverse("api:masterplan-detail", kwargs={"code": region.code})
        return response


def _plan_detail(plan: MasterPlan, context: dict[str, Any]) -> Any:
    plan.versions_list = list(selectors.version_list(plan=plan).select_related("based_on"))  # type: ignore[attr-defined]
    return PlanDetailSerializer(plan, context=context).data


class PlanDetailView(MasterPlanAPIView):
    serializer_class = PlanDetailSerializer

    @extend_schema(
        summary="A region's newest master plan with its versions", parameters=[CODE_PARAM], tags=TAGS
    )
    def get(self, request: Request, code: str) -> Response:
        plan = selectors.plan_get_for_user(actor=request.user, region_code=code)
        return Response(_plan_detail(plan, self.ctx()))


class NewVersionView(MasterPlanAPIView):
    serializer_class = VersionSerializer

    @extend_schema(
        summary="Start a new draft as a copy of the newest version (masterplan.change)",
        parameters=[CODE_PARAM],
        request=None,
        responses={201: VersionSerializer},
        tags=TAGS,
    )
    def post(self, request: Request, code: str) -> Response:
        plan = selectors.plan_get_for_user(actor=request.user, region_code=code)
        _require_plan_change(request, plan)
        draft = services.version_new_draft(actor=request.user, plan=plan)
        draft = selectors.version_get_for_user(actor=request.user, region_code=code, number=draft.number)
        response = Response(VersionSerializer(draft, context=self.ctx()).data, status=status.HTTP_201_CREATED)
        response["Location"] = _version_url(draft)
        return response


# ---------------------------------------------------------------- versions


def _diff_value(key: str, value: Any, names: dict[str, dict[int, str]]) -> tuple[str, Any]:
    """A diff value with natural keys instead of sequential ids, JSON-friendly."""
    if key.endswith("_id") and key[:-3] in names:
        return key[:-3], names[key[:-3]].get(value) if value is not None else None
    if key == "budgets":
        return key, [{"year": y, "source": s, "amount": a} for y, s, a in value]
    if key == "targets":
        return key, [{"year": y, "value": v} for y, v in value]
    if isinstance(value, Decimal):
        return key, f"{value:.2f}"
    if isinstance(value, uuid.UUID):
        return key, str(value)
    return key, value


def _diff_item(row: dict[str, Any], names: dict[str, dict[int, str]]) -> dict[str, Any]:
    return dict(_diff_value(k, v, names) for k, v in row.items())


def _diff_data(diff: dict[str, Any], version: PlanVersion) -> dict[str, Any]:
    names = {
        "subdimension": dict(SubDimension.objects.values_list("pk", "code")),
        "dimension": dict(Dimension.objects.values_list("pk", "code")),
        "agency": dict(Agency.objects.filter(region_id=version.plan.region_id).values_list("pk", "code")),
    }
    out: dict[str, Any] = {"header": {k: list(v) for k, v in diff["header"].items()}}
    for part in selectors.DIFF_PARTS:
        out[part] = {
            "added": [_diff_item(r, names) for r in diff[part]["added"]],
            "removed": [_diff_item(r, names) for r in diff[part]["removed"]],
            "changed": [
                {
                    "item": _diff_item(c["item"], names),
                    "changes": {
                        _diff_value(k, old, names)[0]: [
                            _diff_value(k, old, names)[1],
                            _diff_value(k, new, names)[1],
                        ]
                        for k, (old, new) in c["changes"].items()
                    },
                }
                for c in diff[part]["changed"]
            ],
        }
    out["total_changes"] = diff["total_changes"]
    return out


def version_tree(version: PlanVersion) -> dict[str, Any]:
    """Everything of a version, read in a fixed number of queries (whatever its size)."""
    nodes = selectors.plan_tree(version=version)
    for node in nodes:  # the node's dimension, so that items need no query for it
        for programme in node.programmes:
            programme.subdimension.dimension = node.dimension
        for quick_win in node.quick_wins:
            quick_win.dimension = node.dimension
    swot: dict[str, list[SwotItem]] = {}
    for swot_item in SwotItem.objects.filter(version=version).order_by("element", "kind", "position", "id"):
        swot.setdefault(swot_item.element, []).append(swot_item)
    scored = {r.element: r for r in version.readiness.all()}
    readiness = [
        {
            "element": element,
            "element_label": label,
            "score": scored[element].score if element in scored else None,
            "summary": scored[element].summary if element in scored else "",
            "swot": swot.get(element, []),
        }
        for element, label in ReadinessElement.choices
    ]
    roadmap = list(RoadmapItem.objects.filter(version=version).select_related("dimension"))
    seen: dict[tuple[int, str], int] = {}
    for item in roadmap:
        key = (item.year, item.dimension.code)
        seen[key] = seen.get(key, 0) + 1
        item.ref = f"{item.year}/{item.dimension.code}/{seen[key]}"  # type: ignore[attr-defined]
    return {
        "plan": version.plan,
        "version": version,
        "missions": list(version.missions.order_by("position", "id").values_list("text", flat=True)),
        "readiness": readiness,
        "dimensions": nodes,
        "roadmap": roadmap,
        "counts": selectors.counts_per_dimension(version=version),
        "budget_summary": selectors.budget_summary(version=version),
    }


class VersionDetailView(MasterPlanAPIView):
    serializer_class = VersionTreeSerializer

    @extend_schema(
        summary="A whole version: header, missions, readiness and SWOT, dimensions → programmes → "
        "actions (budgets, targets), quick wins, road map, counts and budget summary",
        parameters=VERSION_PARAMS,
        tags=TAGS,
    )
    def get(self, request: Request, code: str, number: str) -> Response:
        version = _version(request, code, number)
        return Response(VersionTreeSerializer(version_tree(version), context=self.ctx()).data)

    @extend_schema(
        summary="Edit the vision, its meaning and the RPJMD alignment of a draft (masterplan.change)",
        parameters=VERSION_PARAMS,
        request=VersionUpdateSerializer,
        responses=VersionSerializer,
        tags=TAGS,
    )
    def patch(self, request: Request, code: str, number: str) -> Response:
        version = _version(request, code, number)
        _require_plan_change(request, version)
        data = VersionUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        expected = _row_version(changes)
        services.version_update(actor=request.user, version=version, data=changes, expected_version=expected)
        version = _version(request, code, str(version.number))
        return Response(VersionSerializer(version, context=self.ctx()).data)


class MissionsView(MasterPlanAPIView):
    serializer_class = MissionsSerializer

    @extend_schema(
        summary="Replace the missions of a draft (masterplan.change)",
        parameters=VERSION_PARAMS,
        request=MissionsSerializer,
        responses=MissionsSerializer,
        tags=TAGS,
    )
    def put(self, request: Request, code: str, number: str) -> Response:
        version = _version(request, code, number)
        _require_plan_change(request, version)
        data = MissionsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        missions = services.missions_set(
            actor=request.user, version=version, texts=data.validated_data["missions"]
        )
        return Response({"missions": [m.text for m in missions]})


class ReadinessView(MasterPlanAPIView):
    serializer_class = ReadinessSerializer

    @extend_schema(
        summary="Score one readiness element of a draft, 1-5 (masterplan.change)",
        parameters=[
            *VERSION_PARAMS,
            OpenApiParameter("element", str, OpenApiParameter.PATH, enum=ReadinessElement.values),
        ],
        request=ReadinessSerializer,
        responses=ReadinessSerializer,
        tags=TAGS,
    )
    def put(self, request: Request, code: str, number: str, element: str) -> Response:
        version = _version(request, code, number)
        if element not in ReadinessElement.values:
            raise Http404("element")
        _require_plan_change(request, version)
        data = ReadinessSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.readiness_set(
            actor=request.user,
            version=version,
            element=element,
            score=data.validated_data["score"],
            summary=data.validated_data["summary"],
        )
        swot = SwotItem.objects.filter(version=version, element=element).order_by("kind", "position", "id")
        body = {
            "element": element,
            "element_label": ReadinessElement(element).label,
            "score": row.score,
            "summary": row.summary,
            "swot": list(swot),
        }
        return Response(ReadinessSerializer(body).data)


class SwotListView(MasterPlanAPIView):
    serializer_class = SwotItemSerializer

    @extend_schema(
        summary="Add a strength, weakness, opportunity or threat (masterplan.change)",
        parameters=VERSION_PARAMS,
        request=SwotItemSerializer,
        responses={201: SwotItemSerializer},
        tags=TAGS,
    )
    def post(self, request: Request, code: str, number: str) -> Response:
        version = _version(request, code, number)
        _require_plan_change(request, version)
        data = SwotItemSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.swot_item_add(actor=request.user, version=version, **data.validated_data)
        return Response(SwotItemSerializer(item).data, status=status.HTTP_201_CREATED)


class SwotDetailView(MasterPlanAPIView):
    serializer_class = SwotItemSerializer

    @extend_schema(
        summary="Delete a SWOT item by its uid (masterplan.change)",
        parameters=[*VERSION_PARAMS, UID_PARAM],
        responses={204: None},
        tags=TAGS,
    )
    def delete(self, request: Request, code: str, number: str, uid: str) -> Response:
        version = _version(request, code, number)
        item = SwotItem.objects.filter(version=version, uid=uid).first()
        if item is None:
            raise Http404("SWOT item")
        item.version = version
        _require_plan_change(request, version)
        services.swot_item_delete(actor=request.user, item=item)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RoadmapListView(MasterPlanAPIView):
    serializer_class = RoadmapItemSerializer

    @extend_schema(
        summary="Add a road-map milestone: what a dimension reaches in a year (masterplan.change)",
        parameters=VERSION_PARAMS,
        request=RoadmapItemSerializer,
        responses={201: RoadmapItemSerializer},
        tags=TAGS,
    )
    def post(self, request: Request, code: str, number: str) -> Response:
        version = _version(request, code, number)
        _require_plan_change(request, version)
        data = RoadmapItemSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.roadmap_item_add(actor=request.user, version=version, **data.validated_data)
        return Response(RoadmapItemSerializer(item).data, status=status.HTTP_201_CREATED)


class RoadmapDetailView(MasterPlanAPIView):
    serializer_class = RoadmapItemSerializer

    @extend_schema(
        summary="Delete a road-map milestone by its uid (masterplan.change)",
        parameters=[*VERSION_PARAMS, UID_PARAM],
        responses={204: None},
        tags=TAGS,
    )
    def delete(self, request: Request, code: str, number: str, uid: str) -> Response:
        version = _version(request, code, number)
        item = RoadmapItem.objects.filter(version=version, uid=uid).select_related("dimension").first()
        if item is None:
            raise Http404("road map item")
        item.version = version
        _require_plan_change(request, version)
        services.roadmap_item_delete(actor=request.user, item=item)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SubmitView(MasterPlanAPIView):
    serializer_class = VersionSerializer

    @extend_schema(
        summary="Submit a draft for ratification; refused with the checklist's lines if it is "
        "incomplete (masterplan.submit)",
        parameters=VERSION_PARAMS,
        request=SubmitSerializer,
        responses=VersionSerializer,
        tags=TAGS,
    )
    def post(self, request: Request, code: str, number: str) -> Response:
        version = _version(request, code, number)
        require(request.user, "masterplan.submit", region_id=version.plan.region_id)
        data = SubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.version_submit(
            actor=request.user, version=version, expected_version=data.validated_data.get("row_version")
        )
        version = _version(request, code, str(version.number))
        return Response(VersionSerializer(version, context=self.ctx()).data)


class ReopenView(MasterPlanAPIView):
    serializer_class = VersionSerializer

    @extend_schema(
        summary="Take a submitted version back to draft (masterplan.submit)",
        parameters=VERSION_PARAMS,
        request=None,
        responses=VersionSerializer,
        tags=TAGS,
    )
    def post(self, request: Request, code: str, number: str) -> Response:
        version = _version(request, code, number)
        require(request.user, "masterplan.submit", region_id=version.plan.region_id)
        services.version_reopen(actor=request.user, version=version)
        version = _version(request, code, str(version.number))
        return Response(VersionSerializer(version, context=self.ctx()).data)


class RatifyView(MasterPlanAPIView):
    serializer_class = VersionSerializer

    @extend_schema(
        summary="Record the regulation that ratified a submitted version (masterplan.ratify); "
        "multipart/form-data to send the document",
        parameters=VERSION_PARAMS,
        request={"application/json": RatifySerializer, "multipart/form-data": RatifySerializer},
        responses=VersionSerializer,
        tags=TAGS,
    )
    def post(self, request: Request, code: str, number: str) -> Response:
        version = _version(request, code, number)
        require(request.user, "masterplan.ratify", region_id=version.plan.region_id)
        data = RatifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.version_ratify(actor=request.user, version=version, **data.validated_data)
        version = _version(request, code, str(version.number))
        return Response(VersionSerializer(version, context=self.ctx()).data)


class ChecklistView(MasterPlanAPIView):
    serializer_class = ChecklistSerializer

    @extend_schema(
        summary="The completeness checklist before submission", parameters=VERSION_PARAMS, tags=TAGS
    )
    def get(self, request: Request, code: str, number: str) -> Response:
        version = _version(request, code, number)
        return Response(ChecklistSerializer(selectors.version_checklist(version=version)).data)


class DiffView(MasterPlanAPIView):
    serializer_class = DiffSerializer

    @extend_schema(
        summary="What changed between two versions: programmes, actions and quick wins added, "
        "removed and changed (matched by lineage), and the header",
        parameters=[CODE_PARAM, DiffQuerySerializer],
        tags=TAGS,
    )
    def get(self, request: Request, code: str) -> Response:
        query = DiffQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        old = selectors.version_get_for_user(
            actor=request.user, region_code=code, number=query.validated_data["from"]
        )
        new = selectors.version_get_for_user(
            actor=request.user, region_code=code, number=query.validated_data["to"]
        )
        body = {
            "from_version": old.number,
            "to_version": new.number,
            **_diff_data(selectors.version_diff(old=old, new=new), new),
        }
        return Response(DiffSerializer(body).data)


# ---------------------------------------------------------------- programmes


def _actions_qs() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.select_related("programme", "agency").prefetch_related(
        Prefetch("budgets", queryset=ActionBudget.objects.order_by("year", "source")),
        Prefetch("targets", queryset=ActionTarget.objects.order_by("year")),
    )


def _programmes_qs(version: PlanVersion) -> QuerySet[Programme]:
    return Programme.objects.filter(version=version).select_related("subdimension__dimension", "agency")


def _programme(version: PlanVersion, uid: str) -> Programme:
    programme = (
        _programmes_qs(version)
        .prefetch_related(Prefetch("actions", queryset=_actions_qs().order_by("position", "code")))
        .filter(uid=uid)
        .first()
    )
    if programme is None:
        raise Http404("programme")
    programme.version = version
    return programme


class ProgrammeListView(MasterPlanAPIView):
    serializer_class = ProgrammeSerializer

    @extend_schema(
        summary="The programmes of a version, in plan order",
        parameters=VERSION_PARAMS,
        responses=ProgrammeSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request, code: str, number: str) -> Response:
        version = _version(request, code, number)
        programmes = _programmes_qs(version).order_by("subdimension__dimension__position", "position", "code")
        page = self.paginate_queryset(programmes)
        return self.get_paginated_response(ProgrammeSerializer(page, many=True).data)

    @extend_schema(
        summary="Add a programme (coordinator; an agency officer for their own agency)",
        parameters=VERSION_PARAMS,
        request=ProgrammeCreateSerializer,
        responses={201: ProgrammeDetailSerializer},
        tags=TAGS,
    )
    def post(self, request: Request, code: str, number: str) -> Response:
        version = _version(request, code, number)
        _require_item_writer(request, version)
        data = ProgrammeCreateSerializer(data=request.data, context={"version": version})
        data.is_valid(raise_exception=True)
        programme = services.programme_create(actor=request.user, version=version, **data.validated_data)
        return _programme_created(version, programme)


def _programme_created(version: PlanVersion, programme: Programme) -> Response:
    body = ProgrammeDetailSerializer(_programme(version, str(programme.uid))).data
    response = Response(body, status=status.HTTP_201_CREATED)
    response["Location"] = reverse(
        "api:masterplan-programme-detail",
        kwargs={"code": version.plan.region.code, "number": str(version.number), "uid": str(programme.uid)},
    )
    return response


class ProgrammeDetailView(MasterPlanAPIView):
    serializer_class = ProgrammeDetailSerializer

    @extend_schema(summary="A programme with its actions", parameters=ITEM_PARAMS, tags=TAGS)
    def get(self, request: Request, code: str, number: str, uid: str) -> Response:
        version = _version(request, code, number)
        return Response(ProgrammeDetailSerializer(_programme(version, uid)).data)

    @extend_schema(
        summary="Edit a programme: send only what changes, with row_version",
        parameters=ITEM_PARAMS,
        request=ProgrammeUpdateSerializer,
        responses=ProgrammeDetailSerializer,
        tags=TAGS,
    )
    def patch(self, request: Request, code: str, number: str, uid: str) -> Response:
        version = _version(request, code, number)
        programme = _programme(version, uid)
        _require_item_edit(request, version, programme.agency_id)
        data = ProgrammeUpdateSerializer(data=request.data, context={"version": version})
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        expected = _row_version(changes)
        services.programme_update(
            actor=request.user, programme=programme, data=changes, expected_version=expected
        )
        return Response(ProgrammeDetailSerializer(_programme(version, uid)).data)

    @extend_schema(
        summary="Delete a programme with its actions",
        parameters=ITEM_PARAMS,
        responses={204: None},
        tags=TAGS,
    )
    def delete(self, request: Request, code: str, number: str, uid: str) -> Response:
        version = _version(request, code, number)
        programme = _programme(version, uid)
        _require_item_edit(request, version, programme.agency_id)
        services.programme_delete(actor=request.user, programme=programme)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProgrammeCopyView(MasterPlanAPIView):
    serializer_class = ProgrammeDetailSerializer

    @extend_schema(
        summary="Copy a programme and its actions under new codes (masterplan.change)",
        parameters=ITEM_PARAMS,
        request=None,
        responses={201: ProgrammeDetailSerializer},
        tags=TAGS,
    )
    def post(self, request: Request, code: str, number: str, uid: str) -> Response:
        version = _version(request, code, number)
        programme = _programme(version, uid)
        _require_plan_change(request, version)
        copy = services.programme_copy(actor=request.user, programme=programme)
        return _programme_created(version, copy)


class ProgrammeReorderView(MasterPlanAPIView):
    serializer_class = ReorderSerializer

    @extend_schema(
        summary="Set the order of the programmes (masterplan.change)",
        parameters=VERSION_PARAMS,
        request=ReorderSerializer,
        responses={204: None},
        tags=TAGS,
    )
    def post(self, request: Request, code: str, number: str) -> Response:
        version = _version(request, code, number)
        _require_plan_change(request, version)
        data = ReorderSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.programme_reorder(
            actor=request.user, version=version, ordered_uids=[str(u) for u in data.validated_data["uids"]]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- actions


def _action(version: PlanVersion, uid: str) -> ActionPlan:
    action = _actions_qs().filter(version=version, uid=uid).first()
    if action is None:
        raise Http404("action plan")
    action.version = version
    return action


def _budget_rows(data: dict[str, Any], key: str) -> Any:
    rows = data.pop(key, None)
    if rows is None:
        return None
    if key == "budgets":
        return [(r["year"], r["source"], r["amount"]) for r in rows]
    return [(r["year"], r["value"]) for r in rows]


class ActionListView(MasterPlanAPIView):
    serializer_class = ActionSerializer

    @extend_schema(
        summary="The action plans of a version, with budgets and targets",
        parameters=[
            *VERSION_PARAMS,
            OpenApiParameter("programme", str, description="Only this programme's (its code or uid)"),
        ],
        responses=ActionSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request, code: str, number: str) -> Response:
        version = _version(request, code, number)
        actions = _actions_qs().filter(version=version)
        if request.query_params.get("programme"):
            try:
                programme = resolve_programme(request.query_params["programme"], version=version)
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({"programme": exc.detail}) from exc
            actions = actions.filter(programme=programme)
        actions = actions.order_by(
            "programme__subdimension__dimension__position", "programme__position", "position", "code"
        )
        page = self.paginate_queryset(actions)
        return self.get_paginated_response(ActionSerializer(page, many=True).data)

    @extend_schema(
        summary="Add an action plan with its budgets and targets (coordinator; an agency officer "
        "for their own agency)",
        parameters=VERSION_PARAMS,
        request=ActionCreateSerializer,
        responses={201: ActionSerializer},
        tags=TAGS,
    )
    def post(self, request: Request, code: str, number: str) -> Response:
        version = _version(request, code, number)
        _require_item_writer(request, version)
        data = ActionCreateSerializer(data=request.data, context={"version": version})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        budgets, targets = _budget_rows(values, "budgets"), _budget_rows(values, "targets")
        action = services.action_create(actor=request.user, budgets=budgets, targets=targets, **values)
        response = Response(
            ActionSerializer(_action(version, str(action.uid))).data, status=status.HTTP_201_CREATED
        )
        response["Location"] = reverse(
            "api:masterplan-action-detail",
            kwargs={"code": version.plan.region.code, "number": str(version.number), "uid": str(action.uid)},
        )
        return response


class ActionDetailView(MasterPlanAPIView):
    serializer_class = ActionSerializer

    @extend_schema(summary="An action plan with its budgets and targets", parameters=ITEM_PARAMS, tags=TAGS)
    def get(self, request: Request, code: str, number: str, uid: str) -> Response:
        version = _version(request, code, number)
        return Response(ActionSerializer(_action(version, uid)).data)

    @extend_schema(
        summary="Edit an action plan: send only what changes, with row_version; budgets or "
        "targets sent replace the existing ones",
        parameters=ITEM_PARAMS,
        request=ActionUpdateSerializer,
        responses=ActionSerializer,
        tags=TAGS,
    )
    def patch(self, request: Request, code: str, number: str, uid: str) -> Response:
        version = _version(request, code, number)
        action = _action(version, uid)
        _require_item_edit(request, version, action.agency_id)
        data = ActionUpdateSerializer(data=request.data, context={"version": version})
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        expected = _row_version(changes)
        budgets, targets = _budget_rows(changes, "budgets"), _budget_rows(changes, "targets")
        services.action_update(
            actor=request.user,
            action=action,
            data=changes,
            expected_version=expected,
            budgets=budgets,
            targets=targets,
        )
        return Response(ActionSerializer(_action(version, uid)).data)

    @extend_schema(summary="Delete an action plan", parameters=ITEM_PARAMS, responses={204: None}, tags=TAGS)
    def delete(self, request: Request, code: str, number: str, uid: str) -> Response:
        version = _version(request, code, number)
        action = _action(version, uid)
        _require_item_edit(request, version, action.agency_id)
        services.action_delete(actor=request.user, action=action)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ActionReorderView(MasterPlanAPIView):
    serializer_class = ActionReorderSerializer

    @extend_schema(
        summary="Set the order of a programme's action plans (masterplan.change)",
        parameters=VERSION_PARAMS,
        request=ActionReorderSerializer,
        responses={204: None},
        tags=TAGS,
    )
    def post(self, request: Request, code: str, number: str) -> Response:
        version = _version(request, code, number)
        _require_plan_change(request, version)
        data = ActionReorderSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            programme = resolve_programme(data.validated_data["programme"], version=version)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"programme": exc.detail}) from exc
        programme.version = version
        services.action_reorder(
            actor=request.user,
            programme=programme,
            ordered_uids=[str(u) for u in data.validated_data["uids"]],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- quick wins


def _quick_wins_qs(version: PlanVersion) -> QuerySet[QuickWin]:
    return QuickWin.objects.filter(version=version).select_related("dimension", "agency", "programme")


def _quick_win(version: PlanVersion, uid: str) -> QuickWin:
    quick_win = _quick_wins_qs(version).filter(uid=uid).first()
    if quick_win is None:
        raise Http404("quick win")
    quick_win.version = version
    return quick_win


class QuickWinListView(MasterPlanAPIView):
    serializer_class = QuickWinSerializer

    @extend_schema(
        summary="The quick wins of a version",
        parameters=VERSION_PARAMS,
        responses=QuickWinSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request, code: str, number: str) -> Response:
        version = _version(request, code, number)
        quick_wins = _quick_wins_qs(version).order_by("dimension__position", "position", "code")
        page = self.paginate_queryset(quick_wins)
        return self.get_paginated_response(QuickWinSerializer(page, many=True).data)

    @extend_schema(
        summary="Add a quick win (coordinator; an agency officer for their own agency)",
        parameters=VERSION_PARAMS,
        request=QuickWinCreateSerializer,
        responses={201: QuickWinSerializer},
        tags=TAGS,
    )
    def post(self, request: Request, code: str, number: str) -> Response:
        version = _version(request, code, number)
        _require_item_writer(request, version)
        data = QuickWinCreateSerializer(data=request.data, context={"version": version})
        data.is_valid(raise_exception=True)
        quick_win = services.quick_win_create(actor=request.user, version=version, **data.validated_data)
        response = Response(
            QuickWinSerializer(_quick_win(version, str(quick_win.uid))).data, status=status.HTTP_201_CREATED
        )
        response["Location"] = reverse(
            "api:masterplan-quick-win-detail",
            kwargs={
                "code": version.plan.region.code,
                "number": str(version.number),
                "uid": str(quick_win.uid),
            },
        )
        return response


class QuickWinDetailView(MasterPlanAPIView):
    serializer_class = QuickWinSerializer

    @extend_schema(summary="A quick win", parameters=ITEM_PARAMS, tags=TAGS)
    def get(self, request: Request, code: str, number: str, uid: str) -> Response:
        version = _version(request, code, number)
        return Response(QuickWinSerializer(_quick_win(version, uid)).data)

    @extend_schema(
        summary="Edit a quick win: send only what changes, with row_version",
        parameters=ITEM_PARAMS,
        request=QuickWinUpdateSerializer,
        responses=QuickWinSerializer,
        tags=TAGS,
    )
    def patch(self, request: Request, code: str, number: str, uid: str) -> Response:
        version = _version(request, code, number)
        quick_win = _quick_win(version, uid)
        _require_item_edit(request, version, quick_win.agency_id)
        data = QuickWinUpdateSerializer(data=request.data, context={"version": version})
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        expected = _row_version(changes)
        services.quick_win_update(
            actor=request.user, quick_win=quick_win, data=changes, expected_version=expected
        )
        return Response(QuickWinSerializer(_quick_win(version, uid)).data)

    @extend_schema(summary="Delete a quick win", parameters=ITEM_PARAMS, responses={204: None}, tags=TAGS)
    def delete(self, request: Request, code: str, number: str, uid: str) -> Response:
        version = _version(request, code, number)
        quick_win = _quick_win(version, uid)
        _require_item_edit(request, version, quick_win.agency_id)
        services.quick_win_delete(actor=request.user, quick_win=quick_win)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- URLs (under /api/v1/masterplans/)

_V = rf"^{CODE_RE}/versions/{NUMBER_RE}/"

urlpatterns: list[URLPattern] = [
    re_path(r"^$", PlanListView.as_view(), name="masterplan-list"),
    re_path(rf"^{CODE_RE}/$", PlanDetailView.as_view(), name="masterplan-detail"),
    re_path(rf"^{CODE_RE}/new-version/$", NewVersionView.as_view(), name="masterplan-new-version"),
    re_path(rf"^{CODE_RE}/diff/$", DiffView.as_view(), name="masterplan-diff"),
    re_path(rf"{_V}$", VersionDetailView.as_view(), name="masterplan-version"),
    re_path(rf"{_V}missions/$", MissionsView.as_view(), name="masterplan-missions"),
    re_path(rf"{_V}readiness/(?P<element>[a-z]+)/$", ReadinessView.as_view(), name="masterplan-readiness"),
    re_path(rf"{_V}swot/$", SwotListView.as_view(), name="masterplan-swot-list"),
    re_path(
        rf"{_V}swot/{UID_RE}/$",
        SwotDetailView.as_view(),
        name="masterplan-swot-detail",
    ),
    re_path(rf"{_V}roadmap/$", RoadmapListView.as_view(), name="masterplan-roadmap-list"),
    re_path(
        rf"{_V}roadmap/{UID_RE}/$",
        RoadmapDetailView.as_view(),
        name="masterplan-roadmap-detail",
    ),
    re_path(rf"{_V}submit/$", SubmitView.as_view(), name="masterplan-submit"),
    re_path(rf"{_V}reopen/$", ReopenView.as_view(), name="masterplan-reopen"),
    re_path(rf"{_V}ratify/$", RatifyView.as_view(), name="masterplan-ratify"),
    re_path(rf"{_V}checklist/$", ChecklistView.as_view(), name="masterplan-checklist"),
    re_path(rf"{_V}programmes/$", ProgrammeListView.as_view(), name="masterplan-programme-list"),
    re_path(
        rf"{_V}programmes/reorder/$", ProgrammeReorderView.as_view(), name="masterplan-programme-reorder"
    ),
    re_path(rf"{_V}programmes/{UID_RE}/$", ProgrammeDetailView.as_view(), name="masterplan-programme-detail"),
    re_path(
        rf"{_V}programmes/{UID_RE}/copy/$", ProgrammeCopyView.as_view(), name="masterplan-programme-copy"
    ),
    re_path(rf"{_V}actions/$", ActionListView.as_view(), name="masterplan-action-list"),
    re_path(rf"{_V}actions/reorder/$", ActionReorderView.as_view(), name="masterplan-action-reorder"),
    re_path(rf"{_V}actions/{UID_RE}/$", ActionDetailView.as_view(), name="masterplan-action-detail"),
    re_path(rf"{_V}quick-wins/$", QuickWinListView.as_view(), name="masterplan-quick-win-list"),
    re_path(rf"{_V}quick-wins/{UID_RE}/$", QuickWinDetailView.as_view(), name="masterplan-quick-win-detail"),
]


def register(router: Any) -> None:
    """The master-plan endpoints are nested paths (``urlpatterns``), not router viewsets."""
