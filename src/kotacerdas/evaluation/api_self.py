"""API of a region's self-assessment in a round, under
/api/v1/evaluation/rounds/<round>/regions/<code>/self-assessment/:

- ``GET`` the self-assessment: its status, completeness and submitted versions;
- ``answers/``: every question of the region's group with its answer; ``answers/<key>/``: one
  (``GET``), or saved (``PUT``: the whole answer, with the ``row_version`` read: 0 for a question
  not answered yet; a stale one is 409 with the other writer's values);
- ``answers/<key>/evidence/``: ``POST`` an evidence file (multipart, the product's one file check);
- ``submit/``: ``POST`` freezes the next version (400 listing the questions still without a level);
- ``versions/`` and ``versions/<n>/``: the submitted versions, each exactly as submitted.

Reads need a signed-in caller (401) who may read the region's self-assessment (404 otherwise, for
missing and forbidden alike); writes the same services as the pages, so the same refusals with
the same messages (403 for a question outside an officer's pokja, 400 with ``fields`` for bad
input or a closed phase, 409 with ``current`` for a conflict), in the one error shape.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import URLPattern, re_path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from . import self_assessment as services
from .models import Question, RoundRegion, SelfAssessmentVersion
from .self_selectors import (
    SelfData,
    completeness_of,
    content_public,
    level_text,
    self_data,
    self_entry_get_for_user,
    self_version_get_for_user,
    version_list,
)

TAGS = ["evaluation"]
ROUND_RE = r"(?P<round_code>[-a-zA-Z0-9_]+)"
CODE_RE = r"(?P<code>\d{2}(?:\.\d{2})?)"
KEY_RE = r"(?P<key>[A-Za-z0-9_.-]+)"
BASE = rf"^rounds/{ROUND_RE}/regions/{CODE_RE}/self-assessment/"
ROW_VERSION_HELP = (
    "The row_version you read (0 for a question not answered yet); a stale one is refused with 409 "
    "and nothing is written. Leave it out not to check."
)

PATH_PARAMETERS = [
    OpenApiParameter("round_code", str, OpenApiParameter.PATH, description="The round's code, e.g. 2024-2"),
    OpenApiParameter(
        "code",
        str,
        OpenApiParameter.PATH,
        description="The region's Kemendagri code",
        pattern=r"^\d{2}(\.\d{2})?$",
    ),
]
KEY_PARAMETER = OpenApiParameter(
    "key", str, OpenApiParameter.PATH, description="The question's key, e.g. OUTCOME-1-3.1.1"
)
NUMBER_PARAMETER = OpenApiParameter(
    "number", {"type": "integer", "minimum": 1}, OpenApiParameter.PATH, description="The version's number"
)


# ---------------------------------------------------------------- serializers


class SelfLinkSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=services.LINK_KINDS, help_text="plan_item, quick_win or report")
    ref = serializers.UUIDField(help_text="The uid of the region's item, quick win or approved report")
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]


class SelfEvidenceSerializer(serializers.Serializer[Any]):
    uid = serializers.UUIDField()
    name = serializers.CharField()
    kind = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.CharField(help_text="Download (signed-in users who may read the self-assessment)")


class SelfAnswerSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    number = serializers.CharField()
    text = serializers.CharField()
    dimension = serializers.CharField(help_text="The evaluation dimension's code")
    indicator = serializers.CharField()
    answer = serializers.CharField(help_text="level: a level of the scale; survey: a survey mean")
    smart_dimension = serializers.CharField(allow_null=True)
    level = serializers.CharField(allow_null=True, help_text="The proposed level, e.g. 3 or 3.42")
    justification = serializers.CharField(allow_blank=True)
    links = SelfLinkSerializer(many=True)
    evidence = SelfEvidenceSerializer(many=True)
    row_version = serializers.IntegerField(help_text="0 while the question has no answer")
    updated_by = serializers.CharField(allow_null=True, help_text="Username")
    updated_at = serializers.DateTimeField(allow_null=True)


class SelfAnswerWriteSerializer(serializers.Serializer[Any]):
    level = serializers.CharField(
        allow_null=True,
        allow_blank=True,
        required=False,
        max_length=20,
        help_text="A level of the scale, or null",
    )
    justification = serializers.CharField(allow_blank=True, required=False, default="", max_length=10000)
    links = SelfLinkSerializer(many=True, required=False)
    row_version = serializers.IntegerField(
        min_value=0, allow_null=True, required=False, help_text=ROW_VERSION_HELP
    )


class SelfEvidenceUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="PDF, PNG, JPEG, .xlsx or .docx, checked by its content")


class SelfSubmitSerializer(serializers.Serializer[Any]):
    row_version = serializers.IntegerField(
        min_value=0, allow_null=True, required=False, help_text="The self-assessment's row_version you read"
    )


class SelfVersionSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    submitted_at = serializers.DateTimeField(source="created_at")
    submitted_by = serializers.CharField(source="submitted_by.username", allow_null=True, default=None)


class SelfVersionDetailSerializer(SelfVersionSerializer):
    content = serializers.SerializerMethodField(
        help_text="Everything submitted: answers (with evidence and links), documents, surveys"
    )

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_content(self, version: SelfAssessmentVersion) -> dict[str, Any]:
        return content_public(version.content)


class SelfAssessmentSerializer(serializers.Serializer[Any]):
    round = serializers.CharField()
    region = serializers.CharField()
    group = serializers.CharField()
    status = serializers.CharField(help_text="not_started, draft or submitted")
    row_version = serializers.IntegerField(help_text="Send it with submit to be sure nothing changed since")
    submitted_at = serializers.DateTimeField(allow_null=True)
    completeness = serializers.DictField(help_text="answered/total per dimension, documents, surveys")
    versions = SelfVersionSerializer(many=True)


# ---------------------------------------------------------------- helpers


class SelfAPIView(generics.GenericAPIView[Any]):
    permission_classes = [IsAuthenticated]
    filter_backends: list[type] = []
    pagination_class = None

    def entry(self, request: Request, round_code: str, code: str) -> RoundRegion:
        return self_entry_get_for_user(actor=request.user, round_code=round_code, region_code=code)


def _question(data: SelfData, key: str) -> Question:
    question = next((q for q in data.questions if q.key == key), None)
    if question is None:
        raise Http404("question")
    return question


def _answer_body(request: Request, data: SelfData, q: Question) -> dict[str, Any]:
    a = data.answers.get(q.pk)
    entry = data.entry
    evidence = data.evidence.get(a.pk, []) if a is not None else []
    return {
        "key": q.key,
        "number": q.number,
        "text": q.text,
        "dimension": q.dimension.code,
        "indicator": q.subindicator.indicator.number,
        "answer": q.answer,
        "smart_dimension": q.smart_dimension.code if q.smart_dimension else None,
        "level": level_text(a.level) if a is not None else None,
        "justification": a.justification if a is not None else "",
        "links": list(a.links) if a is not None else [],
        "evidence": [
            {
                "uid": e.uid,
                "name": e.name,
                "kind": e.kind,
                "size": e.size,
                "url": request.build_absolute_uri(
                    reverse("evaluation:self_evidence", args=[entry.round.code, entry.region.code, e.uid])
                ),
            }
            for e in evidence
        ],
        "row_version": a.row_version if a is not None else 0,
        "updated_by": a.updated_by.get_username() if a is not None and a.updated_by else None,
        "updated_at": a.updated_at if a is not None else None,
    }


def _started(request: Request, entry: RoundRegion) -> Any:
    return services.self_assessment_get_or_start(entry, actor=request.user)


# ---------------------------------------------------------------- views


class SelfAssessmentView(SelfAPIView):
    serializer_class = SelfAssessmentSerializer

    @extend_schema(
        summary="A region's self-assessment in a round: status, completeness, submitted versions",
        parameters=PATH_PARAMETERS,
        tags=TAGS,
    )
    def get(self, request: Request, round_code: str, code: str) -> Response:
        entry = self.entry(request, round_code, code)
        data = self_data(entry)
        sa = data.self_assessment
        body = {
            "round": entry.round.code,
            "region": entry.region.code,
            "group": entry.group.code,
            "status": sa.status if sa is not None else "not_started",
            "row_version": sa.row_version if sa is not None else 0,
            "submitted_at": sa.submitted_at if sa is not None else None,
            "completeness": completeness_of(data).as_dict(),
            "versions": version_list(sa),
        }
        return Response(SelfAssessmentSerializer(body).data)


class AnswerListView(SelfAPIView):
    serializer_class = SelfAnswerSerializer

    @extend_schema(
        summary="Every question of the region's group with the region's answer (level null: not yet)",
        parameters=PATH_PARAMETERS,
        responses=SelfAnswerSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request, round_code: str, code: str) -> Response:
        data = self_data(self.entry(request, round_code, code))
        return Response(
            SelfAnswerSerializer([_answer_body(request, data, q) for q in data.questions], many=True).data
        )


class AnswerDetailView(SelfAPIView):
    serializer_class = SelfAnswerSerializer

    @extend_schema(
        summary="One question with the region's answer",
        parameters=[*PATH_PARAMETERS, KEY_PARAMETER],
        tags=TAGS,
    )
    def get(self, request: Request, round_code: str, code: str, key: str) -> Response:
        data = self_data(self.entry(request, round_code, code))
        return Response(SelfAnswerSerializer(_answer_body(request, data, _question(data, key))).data)

    @extend_schema(
        summary="Save the region's answer to one question (evaluation.self_assess; a pokja officer "
        "only the questions of their pokja's smart dimension)",
        description=(
            "The body is the whole answer: what is not sent is empty. The level is one of the "
            "method's levels (a survey question: a mean within the scale, two decimals at most); "
            "links name the region's own master-plan items, quick wins and approved progress "
            "reports by uid. Refused with 400 while the round's self-assessment phase is closed "
            "or locked."
        ),
        parameters=[*PATH_PARAMETERS, KEY_PARAMETER],
        request=SelfAnswerWriteSerializer,
        responses=SelfAnswerSerializer,
        tags=TAGS,
    )
    def put(self, request: Request, round_code: str, code: str, key: str) -> Response:
        entry = self.entry(request, round_code, code)
        data = self_data(entry)
        question = _question(data, key)
        services.require_question(request.user, entry, question)
        body = SelfAnswerWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        services.answer_save(
            actor=request.user,
            self_assessment=_started(request, entry),
            question=question,
            level=d.get("level"),
            justification=d.get("justification", ""),
            links=[{"kind": link["kind"], "ref": str(link["ref"])} for link in d.get("links", [])],
            expected_version=d.get("row_version"),
        )
        fresh = self_data(entry)
        return Response(SelfAnswerSerializer(_answer_body(request, fresh, _question(fresh, key))).data)


class EvidenceView(SelfAPIView):
    serializer_class = SelfEvidenceSerializer
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Attach an evidence file to one question's answer (multipart, field file)",
        description="The file is checked by its content (PDF, PNG, JPEG, .xlsx, .docx); a refused "
        "file is 400 with the reason under fields.file, and nothing is stored.",
        parameters=[*PATH_PARAMETERS, KEY_PARAMETER],
        request={"multipart/form-data": SelfEvidenceUploadSerializer},
        responses={201: SelfEvidenceSerializer},
        tags=TAGS,
    )
    def post(self, request: Request, round_code: str, code: str, key: str) -> Response:
        entry = self.entry(request, round_code, code)
        data = self_data(entry)
        question = _question(data, key)
        services.require_question(request.user, entry, question)
        body = SelfEvidenceUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        evidence = services.evidence_add(
            actor=request.user,
            self_assessment=_started(request, entry),
            question=question,
            upload=body.validated_data["file"],
        )
        url = reverse("evaluation:self_evidence", args=[entry.round.code, entry.region.code, evidence.uid])
        out = {
            "uid": evidence.uid,
            "name": evidence.name,
            "kind": evidence.kind,
            "size": evidence.size,
            "url": request.build_absolute_uri(url),
        }
        return Response(SelfEvidenceSerializer(out).data, status=status.HTTP_201_CREATED)


class SubmitView(SelfAPIView):
    serializer_class = SelfVersionDetailSerializer
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Submit the self-assessment (evaluation.self_assess): freeze it as the next version",
        description="Refused with 400 naming the questions still without a level, or when nothing "
        "changed since the last version; 409 when row_version is stale.",
        parameters=PATH_PARAMETERS,
        request=SelfSubmitSerializer,
        responses={201: SelfVersionDetailSerializer},
        tags=TAGS,
    )
    def post(self, request: Request, round_code: str, code: str) -> Response:
        entry = self.entry(request, round_code, code)
        services.require_whole(request.user, entry)
        body = SelfSubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        version = services.self_assessment_submit(
            actor=request.user,
            self_assessment=_started(request, entry),
            expected_version=body.validated_data.get("row_version"),
        )
        return Response(SelfVersionDetailSerializer(version).data, status=status.HTTP_201_CREATED)


class VersionListView(SelfAPIView):
    serializer_class = SelfVersionSerializer

    @extend_schema(
        summary="The submitted versions, newest first",
        parameters=PATH_PARAMETERS,
        responses=SelfVersionSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request, round_code: str, code: str) -> Response:
        data = self_data(self.entry(request, round_code, code))
        return Response(SelfVersionSerializer(version_list(data.self_assessment), many=True).data)


class VersionDetailView(SelfAPIView):
    serializer_class = SelfVersionDetailSerializer

    @extend_schema(
        summary="A submitted version, exactly as it was submitted",
        parameters=[*PATH_PARAMETERS, NUMBER_PARAMETER],
        tags=TAGS,
    )
    def get(self, request: Request, round_code: str, code: str, number: str) -> Response:
        entry = self.entry(request, round_code, code)
        version = self_version_get_for_user(actor=request.user, entry=entry, number=int(number))
        return Response(SelfVersionDetailSerializer(version).data)


urlpatterns: list[URLPattern] = [
    re_path(rf"{BASE}$", SelfAssessmentView.as_view(), name="evaluation-self"),
    re_path(rf"{BASE}answers/$", AnswerListView.as_view(), name="evaluation-self-answers"),
    re_path(rf"{BASE}answers/{KEY_RE}/$", AnswerDetailView.as_view(), name="evaluation-self-answer"),
    re_path(rf"{BASE}answers/{KEY_RE}/evidence/$", EvidenceView.as_view(), name="evaluation-self-evidence"),
    re_path(rf"{BASE}submit/$", SubmitView.as_view(), name="evaluation-self-submit"),
    re_path(rf"{BASE}versions/$", VersionListView.as_view(), name="evaluation-self-versions"),
    re_path(
        rf"{BASE}versions/(?P<number>[1-9][0-9]{{0,5}})/$",
        VersionDetailView.as_view(),
        name="evaluation-self-version",
    ),
]
