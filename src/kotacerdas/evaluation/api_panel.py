"""API of the assessment board and the panel (``evaluation.manage``), under /api/v1/evaluation/:

- ``rounds/<round>/board/``: ``GET`` every region of the round with its progress, flags, panel
  decisions and provisional (and calibrated) index; filters ``province``, ``status``,
  ``flagged``, ``sort`` (as the page's);
- ``rounds/<round>/regions/<code>/panel/``: ``GET`` the region's scored questions with the
  assessors' levels side by side, spread, combined score, flag, proposal and decision;
- ``rounds/<round>/regions/<code>/panel/<key>/``: ``PUT`` the panel's decision (``score``: a
  value within the scale, or null to confirm the combined score; ``reason`` required),
  ``DELETE`` to withdraw it.

A round the caller cannot see is 404; a caller without ``evaluation.manage`` is 403 (401 when not
signed in). Writes call the same services as the pages: a closed panel phase or bad input is 400
with ``fields``, in the one error shape.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, re_path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from kotacerdas.core.permissions import require

from . import board, panel, results
from .panel_selectors import PanelData, panel_data, panel_decision_get, panel_entry_get, panel_question
from .scoring import plain

TAGS = ["evaluation"]
ROUND_RE = r"(?P<round_code>[-a-zA-Z0-9_]+)"
CODE_RE = r"(?P<code>\d{2}\.\d{2})"
KEY_RE = r"(?P<key>[A-Za-z0-9_.-]+)"
PANEL = rf"^rounds/{ROUND_RE}/regions/{CODE_RE}/panel/"

ROUND_PARAMETER = OpenApiParameter(
    "round_code", str, OpenApiParameter.PATH, description="The round's code, e.g. 2024-2"
)
CODE_PARAMETER = OpenApiParameter(
    "code", str, OpenApiParameter.PATH, description="The region's Kemendagri code", pattern=r"^\d{2}\.\d{2}$"
)
KEY_PARAMETER = OpenApiParameter(
    "key", str, OpenApiParameter.PATH, description="The question's key, e.g. OUTCOME-1-3.1.1"
)


def _text(value: Any) -> str | None:
    return None if value is None else plain(value)


# ---------------------------------------------------------------- serializers


class BoardFilterSerializer(serializers.Serializer[Any]):
    province = serializers.CharField(required=False, allow_blank=True, help_text="A province's code")
    status = serializers.ChoiceField(
        choices=board.STATUSES, required=False, allow_blank=True, help_text="The self-assessment's status"
    )
    flagged = serializers.BooleanField(required=False, help_text="Only regions with flags not decided")
    sort = serializers.ChoiceField(
        choices=[*board.SORTS, *(f"-{s}" for s in board.SORTS)],
        required=False,
        help_text="A column; a leading - sorts descending",
    )


class BoardRowSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    province = serializers.CharField(source="province_code")
    group = serializers.CharField()
    self_assessment = serializers.CharField(source="status", help_text="not_started, draft or submitted")
    assessors_declared = serializers.IntegerField(source="declared")
    assessors_submitted = serializers.IntegerField(source="submitted")
    questions_scored = serializers.IntegerField(source="scored")
    questions = serializers.IntegerField()
    flags = serializers.IntegerField()
    flags_undecided = serializers.IntegerField(source="undecided")
    panel_decisions = serializers.IntegerField(source="decisions")
    provisional_index = serializers.CharField(
        allow_null=True, help_text="Rounded as the method publishes; null when a dimension has no score"
    )
    index_partial = serializers.BooleanField(
        source="partial", help_text="The index is over the questions scored so far"
    )
    calibrated_index = serializers.CharField(allow_null=True, help_text="For comparison only")


class BoardSerializer(serializers.Serializer[Any]):
    round = serializers.CharField()
    regions = serializers.IntegerField(help_text="Regions in the round (before the filters)")
    calibrated_official = serializers.BooleanField(help_text="Whether the official index uses calibration")
    assessors_calibrated = serializers.IntegerField()
    rows = BoardRowSerializer(many=True)


class DecisionSerializer(serializers.Serializer[Any]):
    score = serializers.CharField(
        allow_null=True, help_text="The panel's score; null: the combined score confirmed"
    )
    reason = serializers.CharField()
    decided_by = serializers.CharField(allow_null=True, help_text="Username")
    updated_at = serializers.DateTimeField()


class PanelLineSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    number = serializers.CharField()
    dimension = serializers.CharField()
    levels = serializers.DictField(
        child=serializers.CharField(allow_null=True), help_text="Assessor code → submitted level"
    )
    spread = serializers.CharField()
    combined = serializers.CharField(help_text="The assessors' combined score (mean or median)")
    flagged = serializers.BooleanField()
    proposal = serializers.CharField(allow_null=True, help_text="The self-assessment's level")
    decision = DecisionSerializer(allow_null=True)


class PanelSerializer(serializers.Serializer[Any]):
    round = serializers.CharField()
    region = serializers.CharField()
    threshold = serializers.CharField(help_text="Levels apart that flag a question")
    assessors = serializers.ListField(child=serializers.CharField())
    flagged = serializers.IntegerField()
    undecided = serializers.IntegerField()
    questions = PanelLineSerializer(many=True, help_text="Every scored question")


class DecisionWriteSerializer(serializers.Serializer[Any]):
    score = serializers.CharField(
        allow_null=True, required=False, max_length=20, help_text="Within the scale; null to confirm"
    )
    reason = serializers.CharField(max_length=panel.REASON_CHARS, allow_blank=True)


# ---------------------------------------------------------------- helpers


def _decision(d: Any) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "score": _text(d.score),
        "reason": d.reason,
        "decided_by": d.decided_by.get_username() if d.decided_by else None,
        "updated_at": d.updated_at,
    }


def _panel_body(data: PanelData) -> dict[str, Any]:
    return {
        "round": data.entry.round.code,
        "region": data.entry.region.code,
        "threshold": plain(data.threshold),
        "assessors": data.assessors,
        "flagged": len(data.flagged),
        "undecided": data.undecided,
        "questions": [
            {
                "key": line.question.key,
                "number": line.question.number,
                "dimension": line.question.dimension.code,
                "levels": {a: _text(v) for a, v in zip(data.assessors, line.levels, strict=True)},
                "spread": plain(line.spread),
                "combined": plain(line.combined),
                "flagged": line.flagged,
                "proposal": _text(line.proposal),
                "decision": _decision(line.decision),
            }
            for line in data.lines
        ],
    }


class PanelAPIView(generics.GenericAPIView[Any]):
    permission_classes = [IsAuthenticated]
    filter_backends: list[type] = []
    pagination_class = None


# ---------------------------------------------------------------- views


class BoardView(PanelAPIView):
    serializer_class = BoardSerializer

    @extend_schema(
        summary="The assessment board of a round: every region's progress, flags, panel decisions "
        "and provisional index (evaluation.manage)",
        parameters=[ROUND_PARAMETER, BoardFilterSerializer],
        tags=TAGS,
    )
    def get(self, request: Request, round_code: str) -> Response:
        round_ = results.round_get_for_user(actor=request.user, code=round_code)
        require(request.user, "evaluation.manage")
        query = BoardFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = board.board_for_round(
            round_=round_, filters=board.BoardFilters.from_query(query.validated_data)
        )
        body = {
            "round": round_.code,
            "regions": data.total,
            "calibrated_official": data.calibrated_official,
            "assessors_calibrated": data.calibration.applied,
            "rows": [
                {
                    **{k: getattr(r, k) for k in ("code", "name", "province_code", "group", "status")},
                    **{k: getattr(r, k) for k in ("declared", "submitted", "scored", "questions")},
                    **{k: getattr(r, k) for k in ("flags", "undecided", "decisions", "partial")},
                    "provisional_index": None if r.published is None else format(r.published, "f"),
                    "calibrated_index": None if r.calibrated is None else format(r.calibrated, "f"),
                }
                for r in data.rows
            ],
        }
        return Response(BoardSerializer(body).data)


class PanelView(PanelAPIView):
    serializer_class = PanelSerializer

    @extend_schema(
        summary="A region's scored questions before the panel (evaluation.manage)",
        parameters=[ROUND_PARAMETER, CODE_PARAMETER],
        tags=TAGS,
    )
    def get(self, request: Request, round_code: str, code: str) -> Response:
        entry = panel_entry_get(actor=request.user, round_code=round_code, region_code=code)
        return Response(PanelSerializer(_panel_body(panel_data(entry))).data)


class DecisionView(PanelAPIView):
    serializer_class = DecisionSerializer
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Record the panel's decision on one question (evaluation.manage, panel phase)",
        description="score: a value within the method's scale set in place of the assessors' "
        "combined score, or null to confirm the combined score; reason is required. A second "
        "PUT changes the decision.",
        parameters=[ROUND_PARAMETER, CODE_PARAMETER, KEY_PARAMETER],
        request=DecisionWriteSerializer,
        responses=DecisionSerializer,
        tags=TAGS,
    )
    def put(self, request: Request, round_code: str, code: str, key: str) -> Response:
        entry = panel_entry_get(actor=request.user, round_code=round_code, region_code=code)
        question = panel_question(entry, key)
        body = DecisionWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decision = panel.panel_decide(
            actor=request.user,
            entry=entry,
            question=question,
            score=body.validated_data.get("score"),
            reason=body.validated_data["reason"],
        )
        return Response(DecisionSerializer(_decision(decision)).data)

    @extend_schema(
        summary="Withdraw the panel's decision on one question (evaluation.manage, panel phase)",
        parameters=[ROUND_PARAMETER, CODE_PARAMETER, KEY_PARAMETER],
        request=None,
        responses={204: None},
        tags=TAGS,
    )
    def delete(self, request: Request, round_code: str, code: str, key: str) -> Response:
        entry = panel_entry_get(actor=request.user, round_code=round_code, region_code=code)
        panel.panel_withdraw(actor=request.user, decision=panel_decision_get(entry, key))
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns: list[URLPattern] = [
    re_path(rf"^rounds/{ROUND_RE}/board/$", BoardView.as_view(), name="evaluation-board"),
    re_path(rf"{PANEL}$", PanelView.as_view(), name="evaluation-panel"),
    re_path(rf"{PANEL}{KEY_RE}/$", DecisionView.as_view(), name="evaluation-panel-decision"),
]
