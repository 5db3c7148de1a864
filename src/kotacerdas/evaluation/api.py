"""API of evaluation results under /api/v1/evaluation/ (read-only but for computing the index).

- ``methods/`` and ``methods/<code>/<version>/``: the methods (public), a version with its groups,
  weights and the whole questionnaire.
- ``rounds/`` and ``rounds/<code>/``: published rounds for everyone, every round with
  ``evaluation.manage`` (404 for an unpublished round otherwise).
- ``rounds/<code>/results/``: the round's ranking, one row per region, with the page's filters
  and rankings (numbered pages); ``rounds/<code>/results/<region>/``: a region's published
  figures and its part of the current computation (every stage).
- ``POST rounds/<code>/compute/``: compute the index again as a new snapshot (``evaluation.manage``;
  400 in the error shape when the engine refuses the inputs).

Reads come from ``results``, the write from ``services.index_compute``: the pages and this API
show and refuse the same things.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.urls import URLPattern, re_path
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from kotacerdas.core.permissions import require

from . import api_round_setup, results, rounds, services
from .models import IndexSnapshot, RegionResult
from .serializers import (
    MethodDetailSerializer,
    MethodSerializer,
    RegionResultDetailSerializer,
    RegionResultSerializer,
    ResultFilterSerializer,
    RoundQuerySerializer,
    RoundSerializer,
)

TAGS = ["evaluation"]
ROUND_RE = r"(?P<round_code>[-a-zA-Z0-9_]+)"
REGION_RE = r"(?P<region>\d{2}\.\d{2})"
METHOD_RE = r"(?P<code>[-a-zA-Z0-9_]+)/(?P<version>\d{1,9})"

ROUND_PARAM = OpenApiParameter(
    "round_code",
    str,
    OpenApiParameter.PATH,
    description="The round's code",
    pattern=r"^[-a-zA-Z0-9_]+$",
    examples=[OpenApiExample("2023, stage II", value="2023-2")],
)
REGION_PARAM = OpenApiParameter(
    "region",
    str,
    OpenApiParameter.PATH,
    description="The region's Kemendagri code",
    pattern=r"^\d{2}\.\d{2}$",
    examples=[OpenApiExample("Kabupaten Sumbawa", value="52.04")],
)
METHOD_PARAMS = [
    OpenApiParameter(
        "code", str, OpenApiParameter.PATH, description="The method's code", pattern=r"^[-a-zA-Z0-9_]+$"
    ),
    OpenApiParameter(
        "version", {"type": "integer", "minimum": 0, "maximum": 999999999}, OpenApiParameter.PATH
    ),
]


class EvaluationAPIView(generics.GenericAPIView[Any]):
    """Reads for whoever may see the round; the one write signed in, with the permission."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    filter_backends: list[type] = []

    def get_object(self) -> Any:
        # Handlers find their objects through the scoped reads of ``results``.
        raise Http404


# ---------------------------------------------------------------- methods


class MethodListView(EvaluationAPIView):
    serializer_class = MethodSerializer

    @extend_schema(
        summary="The evaluation methods, every version (public)",
        responses=MethodSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(results.method_list())
        return self.get_paginated_response(MethodSerializer(page, many=True).data)


class MethodDetailView(EvaluationAPIView):
    serializer_class = MethodDetailSerializer

    @extend_schema(
        summary="A method version: scale, rules, bands, groups and weights, and the questionnaire "
        "(dimension → indicator → sub-indicator → question)",
        parameters=METHOD_PARAMS,
        tags=TAGS,
    )
    def get(self, request: Request, code: str, version: str) -> Response:
        method = results.method_list().filter(code=code, version=int(version)).first()
        if method is None:
            raise Http404("method")
        tree = results.method_tree(method)
        return Response(MethodDetailSerializer(method, context={"tree": tree}).data)


# ---------------------------------------------------------------- rounds


def _round_response(request: Request, code: str, status_code: int = status.HTTP_200_OK) -> Response:
    round_ = results.round_list(request.user).select_related("previous").filter(code=code).first()
    if round_ is None:
        raise Http404("round")
    return Response(RoundSerializer(_with_snapshot(round_)).data, status=status_code)


def _with_snapshot(round_: Any) -> Any:
    """The round with its current snapshot's header (not its inputs and result)."""
    if round_.snapshot_id is not None:
        round_.snapshot = IndexSnapshot.objects.defer("inputs_json", "result_json").get(pk=round_.snapshot_id)
    return round_


class RoundListView(EvaluationAPIView):
    serializer_class = RoundSerializer

    @extend_schema(
        summary="Evaluation rounds, newest first: the published ones, and every round for the ministry",
        parameters=[RoundQuerySerializer],
        responses=RoundSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        query = RoundQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rounds = (
            results.round_list(request.user)
            .select_related("previous", "snapshot")
            .defer("snapshot__inputs_json", "snapshot__result_json")
        )
        if "year" in query.validated_data:
            rounds = rounds.filter(year=query.validated_data["year"])
        page = self.paginate_queryset(rounds)
        return self.get_paginated_response(RoundSerializer(page, many=True).data)

    @extend_schema(
        summary="Create a live round in preparation with its regions: a cohort, kawasan, province or "
        "list (evaluation.manage)",
        request=api_round_setup.RoundCreateSerializer,
        responses={201: api_round_setup.RoundCreatedSerializer},
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        return api_round_setup.round_create_response(request)


class RoundDetailView(EvaluationAPIView):
    serializer_class = RoundSerializer

    @extend_schema(
        summary="An evaluation round and its current computation", parameters=[ROUND_PARAM], tags=TAGS
    )
    def get(self, request: Request, round_code: str) -> Response:
        return _round_response(request, round_code)


class RoundPublishView(EvaluationAPIView):
    serializer_class = RoundSerializer

    @extend_schema(
        summary="Publish the round from its current computation (evaluation.manage)",
        description="Refused with 400 when the round is not in its panel phase (a live round), has no "
        "computation, or its inputs changed after the last computation; nothing is written then.",
        parameters=[ROUND_PARAM],
        request=None,
        responses={200: RoundSerializer},
        tags=TAGS,
    )
    def post(self, request: Request, round_code: str) -> Response:
        round_ = results.round_get_for_user(actor=request.user, code=round_code)
        require(request.user, "evaluation.manage")
        rounds.round_publish(actor=request.user, round_=round_)
        return _round_response(request, round_code)


class RoundComputeView(EvaluationAPIView):
    serializer_class = RoundSerializer

    @extend_schema(
        summary="Compute the round's index again from its inputs, as a new immutable snapshot that "
        "becomes current (evaluation.manage)",
        description="Refused with 400 when the engine cannot score the inputs (a missing dimension, a "
        "score off the scale, weights not summing to 100): the message says what, and nothing is written.",
        parameters=[ROUND_PARAM],
        request=None,
        responses={201: RoundSerializer},
        tags=TAGS,
    )
    def post(self, request: Request, round_code: str) -> Response:
        round_ = results.round_get_for_user(actor=request.user, code=round_code)
        require(request.user, "evaluation.manage")
        services.index_compute(actor=request.user, round_=round_)
        return _round_response(request, round_code, status.HTTP_201_CREATED)


# ---------------------------------------------------------------- results


class ResultListView(EvaluationAPIView):
    serializer_class = RegionResultSerializer

    @extend_schema(
        summary="A round's ranking: each region's published figures in the current computation, "
        "filtered, ranked and ordered as asked (empty until the index is computed)",
        parameters=[ROUND_PARAM, ResultFilterSerializer],
        responses=RegionResultSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request, round_code: str) -> Response:
        round_ = results.round_get_for_user(actor=request.user, code=round_code)
        query = ResultFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = results.ranking_rows(round_=round_, filters=query.filters())
        page = self.paginate_queryset(rows)
        context = {"decimals": round_.method.decimals}
        return self.get_paginated_response(RegionResultSerializer(page, many=True, context=context).data)


@dataclass
class ResultDetail:
    """A region's published figures (``row``, whose attributes it answers for) with its ranks' totals
    and its part of the snapshot."""

    row: RegionResult
    out_of: dict[str, int]
    snapshot: IndexSnapshot
    stages: dict[str, Any]
    inputs: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)


class ResultDetailView(EvaluationAPIView):
    serializer_class = RegionResultDetailSerializer

    @extend_schema(
        summary="A region's result in a round: its published figures, how many regions each rank is out "
        "of, and its part of the current computation (every stage: questions and assessors' levels, "
        "dimension scores, weights and contributions, the unrounded index, the improvement)",
        parameters=[ROUND_PARAM, REGION_PARAM],
        tags=TAGS,
    )
    def get(self, request: Request, round_code: str, region: str) -> Response:
        round_ = results.round_get_for_user(actor=request.user, code=round_code)
        entry = results.round_entry_get(round_=round_, code=region)
        row = (
            results.ranking_rows(round_=round_, filters=results.RankingFilters())
            .filter(region_id=entry.region_id)
            .first()
        )
        if row is None or round_.snapshot is None:
            raise Http404("result")  # the round's index is not computed yet
        standings = results.region_standings(region=entry.region, result=row)
        part = results.snapshot_region(round_.snapshot.pk, entry.region.code, standings.position)
        detail = ResultDetail(
            row=row,
            out_of={kind: standing.of for kind, standing in standings.ranks.items()},
            snapshot=round_.snapshot,
            stages=part.part,
            inputs=part.inputs,
        )
        context = {"decimals": round_.method.decimals}
        return Response(RegionResultDetailSerializer(detail, context=context).data)


# ---------------------------------------------------------------- URLs (under /api/v1/evaluation/)

urlpatterns: list[URLPattern] = [
    re_path(r"^methods/$", MethodListView.as_view(), name="evaluation-method-list"),
    re_path(rf"^methods/{METHOD_RE}/$", MethodDetailView.as_view(), name="evaluation-method-detail"),
    re_path(r"^rounds/$", RoundListView.as_view(), name="evaluation-round-list"),
    re_path(rf"^rounds/{ROUND_RE}/$", RoundDetailView.as_view(), name="evaluation-round-detail"),
    re_path(rf"^rounds/{ROUND_RE}/compute/$", RoundComputeView.as_view(), name="evaluation-round-compute"),
    re_path(rf"^rounds/{ROUND_RE}/publish/$", RoundPublishView.as_view(), name="evaluation-round-publish"),
    re_path(rf"^rounds/{ROUND_RE}/results/$", ResultListView.as_view(), name="evaluation-result-list"),
    re_path(
        rf"^rounds/{ROUND_RE}/results/{REGION_RE}/$",
        ResultDetailView.as_view(),
        name="evaluation-result-detail",
    ),
]


def register(router: Any) -> None:
    """The evaluation endpoints are paths (``urlpatterns``), not router viewsets."""
