"""API of an assessor's scores under /api/v1/evaluation/ (hand-written views; ``urlpatterns`` below).

- ``assignments/mine/<round>/<region>/scores/`` (GET): every question of the region's group with
  the caller's score and its ``row_version`` (0 while unscored), paginated; once the caller has
  submitted, each question also lists the other assessors' submitted scores (no peeking before).
- ``.../scores/<key>/`` (PUT: the whole score; PATCH: the fields sent): one score, with the
  ``row_version`` read; a stale one is refused with 409.
- ``.../submit/`` (POST): submit the scores (every question answered).

Only the assigned assessor, after declaring no conflict with the region (404 for everyone
else). The views call the same services as the pages (``scoring_entry``).
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, re_path
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from . import scoring_entry as services
from . import scoring_selectors as selectors
from .api_assessors import REGION_PARAM, REGION_RE, ROUND_PARAM, ROUND_RE
from .models import Assignment, Score

TAGS = ["evaluation"]
KEY_RE = r"(?P<key>[-A-Za-z0-9_.]+)"
KEY_PARAM = OpenApiParameter(
    "key",
    str,
    OpenApiParameter.PATH,
    description="The question's key in the method",
    pattern=r"^[-A-Za-z0-9_.]+$",
    examples=[OpenApiExample("A question", value="OUTPUT-1-2.1.1")],
)
ROW_VERSION_HELP = (
    "The row_version you read (0 for a question not scored yet); a stale one is refused with 409 "
    "and nothing is written. Leave it out to overwrite."
)


class OtherScoreSerializer(serializers.Serializer[Any]):
    assessor = serializers.CharField(help_text="The other assessor's code")
    level = serializers.CharField()
    note = serializers.CharField(allow_blank=True)


class ScoreRowSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    number = serializers.CharField()
    dimension = serializers.CharField(help_text="The evaluation dimension's code")
    answer = serializers.CharField(
        help_text="level: one of the method's levels; survey: a mean within the scale"
    )
    level = serializers.CharField(allow_null=True, help_text="The caller's score, or null")
    note = serializers.CharField(allow_blank=True)
    row_version = serializers.IntegerField(help_text="0 while the question has no score")
    others = OtherScoreSerializer(
        many=True,
        allow_null=True,
        help_text="The other assessors' submitted scores; null before one's own submission",
    )


class ScoreWriteSerializer(serializers.Serializer[Any]):
    level = serializers.CharField(
        max_length=20, help_text="One of the method's levels (a survey mean: a number)"
    )
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=10000)
    row_version = serializers.IntegerField(
        min_value=0, allow_null=True, required=False, help_text=ROW_VERSION_HELP
    )


class ScorePatchSerializer(ScoreWriteSerializer):
    level = serializers.CharField(max_length=20, required=False)
    note = serializers.CharField(allow_blank=True, required=False, max_length=10000)


class SubmittedSerializer(serializers.Serializer[Any]):
    round = serializers.CharField(source="entry.round.code")
    region = serializers.CharField(source="entry.region.code")
    submitted_at = serializers.DateTimeField(allow_null=True)


def _row(row: selectors.ScoringRow, peek: bool) -> dict[str, Any]:
    q, s = row.question, row.score
    return {
        "key": q.key,
        "number": q.number,
        "dimension": q.dimension.code,
        "answer": q.answer,
        "level": services.level_text(s.level) if s is not None else None,
        "note": s.note if s is not None else "",
        "row_version": row.row_version,
        "others": (
            [
                {"assessor": o.assessor, "level": services.level_text(o.level), "note": o.note}
                for o in row.others
            ]
            if peek
            else None
        ),
    }


class ScoringAPIView(generics.GenericAPIView[Any]):
    permission_classes = [IsAuthenticated]
    filter_backends: list[type] = []

    def assignment(self, request: Request, round_code: str, region: str) -> Assignment:
        return selectors.scoring_assignment_get(actor=request.user, round_code=round_code, region_code=region)


class ScoreListView(ScoringAPIView):
    serializer_class = ScoreRowSerializer

    @extend_schema(
        summary="The caller's scores of an assigned region, question by question (evaluation.score, "
        "the assigned assessor after declaring no conflict)",
        parameters=[ROUND_PARAM, REGION_PARAM],
        responses=ScoreRowSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request, round_code: str, region: str) -> Response:
        assignment = self.assignment(request, round_code, region)
        rows = selectors.scoring_rows(actor=request.user, assignment=assignment)
        peek = selectors.others_visible(request.user, assignment)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response([_row(r, peek) for r in page or []])


class ScoreDetailView(ScoringAPIView):
    serializer_class = ScoreRowSerializer

    def _save(self, request: Request, round_code: str, region: str, key: str, *, partial: bool) -> Response:
        assignment = self.assignment(request, round_code, region)
        question = selectors.scoring_question_get(assignment=assignment, key=key)
        body = (ScorePatchSerializer if partial else ScoreWriteSerializer)(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        current = Score.objects.filter(assignment=assignment, question=question).first()
        level = d.get("level", services.level_text(current.level) if current is not None else None)
        note = d.get("note", current.note if current is not None else "")
        services.score_set(
            actor=request.user,
            assignment=assignment,
            question=question,
            level=level,
            note=note,
            expected_version=d.get("row_version"),
        )
        row = selectors.scoring_row(actor=request.user, assignment=assignment, question=question)
        return Response(_row(row, peek=False) | {"others": None})

    @extend_schema(
        summary="Score one question of an assigned region: the whole score (evaluation.score)",
        description=(
            "The level is one of the method's levels (a survey question: a mean within the scale). "
            "Refused with 400 outside the round's scoring phases, after submission, or for a "
            "question outside the region's group; 409 when row_version is stale."
        ),
        parameters=[ROUND_PARAM, REGION_PARAM, KEY_PARAM],
        request=ScoreWriteSerializer,
        responses=ScoreRowSerializer,
        tags=TAGS,
    )
    def put(self, request: Request, round_code: str, region: str, key: str) -> Response:
        return self._save(request, round_code, region, key, partial=False)

    @extend_schema(
        summary="Change the level or the note of one score (evaluation.score)",
        parameters=[ROUND_PARAM, REGION_PARAM, KEY_PARAM],
        request=ScorePatchSerializer,
        responses=ScoreRowSerializer,
        tags=TAGS,
    )
    def patch(self, request: Request, round_code: str, region: str, key: str) -> Response:
        return self._save(request, round_code, region, key, partial=True)


class SubmitView(ScoringAPIView):
    serializer_class = SubmittedSerializer

    @extend_schema(
        summary="Submit the caller's scores of an assigned region; every question must be scored "
        "(evaluation.score)",
        parameters=[ROUND_PARAM, REGION_PARAM],
        request=None,
        responses=SubmittedSerializer,
        tags=TAGS,
    )
    def post(self, request: Request, round_code: str, region: str) -> Response:
        assignment = self.assignment(request, round_code, region)
        services.assignment_submit(actor=request.user, assignment=assignment)
        return Response(SubmittedSerializer(assignment).data)


# ---------------------------------------------------------------- URLs (under /api/v1/evaluation/)

BASE = rf"^assignments/mine/{ROUND_RE}/{REGION_RE}/"
urlpatterns: list[URLPattern] = [
    re_path(rf"{BASE}scores/$", ScoreListView.as_view(), name="evaluation-score-list"),
    re_path(rf"{BASE}scores/{KEY_RE}/$", ScoreDetailView.as_view(), name="evaluation-score-detail"),
    re_path(rf"{BASE}submit/$", SubmitView.as_view(), name="evaluation-score-submit"),
]
