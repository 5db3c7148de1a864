"""API of result letters and findings under /api/v1/evaluation/ (``urlpatterns``).

- ``rounds/<round>/regions/<region>/letter/``: what a region's letter says (its figures as
  decimal strings, ranks with their totals, dimension scores with weights, findings, the
  computation it comes from) and ``letter.pdf``: the letter itself;
- ``POST rounds/<round>/letters/``: make every letter of the round as one zip (the ministry; a
  background job: 202 with the job's URL; its result links the download);
- ``rounds/<round>/regions/<region>/findings/``: the findings the caller may see (GET) and a
  new one (POST: an assessor for their assignment while scoring, the ministry as the panel in
  the panel phase); ``findings/<uid>/``: PATCH (kind, text, ``row_version``) and DELETE;
  ``findings/<uid>/response/``: the region's follow-up after publication (POST).

The same selectors and services as the pages (``letters.selectors``, ``findings``): who may
read what (404 otherwise), who may write (403), closed phases (400 naming the phase).
"""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpResponse
from django.urls import URLPattern, re_path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, renderers, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from kotacerdas.core.files import bytes_download

from . import findings
from .choices import FindingKind
from .letters import PDF_CONTENT_TYPE, entry_letter_filename, letter_bytes, selectors
from .letters import data as letter_data
from .letters.context import LetterFacts, RoundFacts
from .models import Finding
from .tasks import letters_job_start

TAGS = ["evaluation"]
ROUND_RE = r"(?P<round_code>[-a-zA-Z0-9_]+)"
REGION_RE = r"(?P<region>\d{2}\.\d{2})"
UID_RE = r"(?P<uid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"

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
UID_PARAM = OpenApiParameter("uid", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The finding's uid")
TEXT_MAX = findings.TEXT_MAX


# ---------------------------------------------------------------- serializers


class LetterDimensionSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    weight = serializers.CharField(help_text="Percent, a decimal string")
    score = serializers.CharField(allow_null=True, help_text="The published score, a decimal string")


class LetterSmartSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="Smart dimension code: GOV, BRD, ECO, LIV, SOC, ENV")
    name = serializers.CharField()
    score = serializers.CharField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True, help_text="National rank in this dimension")


class LetterFindingSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=FindingKind.choices)
    text = serializers.CharField()


class LetterComputationSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField(help_text="The round's computation the figures come from")
    digest = serializers.CharField(help_text="SHA-256 of the computation's inputs and result")
    computed_at = serializers.DateTimeField()
    method = serializers.CharField(help_text="The method version: code and version")
    engine = serializers.CharField()


class LetterSerializer(serializers.Serializer[Any]):
    round = serializers.CharField(help_text="The round's code")
    round_name = serializers.CharField()
    published = serializers.BooleanField(help_text="False: a preview (the ministry, before publication)")
    region = serializers.CharField(help_text="Kemendagri code")
    region_name = serializers.CharField()
    province = serializers.CharField()
    index = serializers.CharField(help_text="Indeks Pencapaian, published decimals")
    improvement = serializers.CharField(
        allow_null=True, help_text="Indeks Peningkatan; null without a previous round"
    )
    predicate = serializers.CharField()
    rank_national = serializers.IntegerField()
    national_total = serializers.IntegerField(help_text="Regions ranked nationally")
    rank_province = serializers.IntegerField()
    province_total = serializers.IntegerField(help_text="Regions of the round in the province")
    dimensions = LetterDimensionSerializer(many=True)
    smart = LetterSmartSerializer(many=True)
    findings = LetterFindingSerializer(many=True)
    computation = LetterComputationSerializer()
    pdf = serializers.CharField(help_text="The letter as PDF (this API)")


def _decimal(value: Any, places: int) -> str | None:
    from decimal import ROUND_HALF_UP, Decimal

    if value is None or value == "":
        return None
    return str(Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def letter_payload(round_: RoundFacts, letter: LetterFacts, *, pdf: str) -> dict[str, Any]:
    """What a letter says, for the API: the same facts as the PDF, numbers as decimal strings."""
    places = round_.decimals
    weights = round_.weights.get(letter.group, {})
    return {
        "round": round_.code,
        "round_name": round_.name,
        "published": round_.published,
        "region": letter.region_code,
        "region_name": letter.region_name,
        "province": letter.province_name,
        "index": _decimal(letter.index, places),
        "improvement": _decimal(letter.improvement, places),
        "predicate": letter.predicate,
        "rank_national": letter.rank_national,
        "national_total": round_.national_total,
        "rank_province": letter.rank_province,
        "province_total": round_.province_totals.get(letter.province_id or 0, 0),
        "dimensions": [
            {
                "code": code,
                "name": round_.dimension_names.get(code, code),
                "weight": str(weight),
                "score": _decimal(letter.dimensions.get(code), places),
            }
            for code, weight in weights.items()
        ],
        "smart": [
            {
                "code": code,
                "name": name,
                "score": _decimal(letter.smart[code].get("score"), places),
                "rank": letter.smart[code].get("rank"),
            }
            for code, name in round_.smart_names.items()
            if code in letter.smart
        ],
        "findings": [{"kind": kind, "text": text} for kind, text in letter.findings],
        "computation": {
            "number": round_.snapshot.number,
            "digest": round_.snapshot.digest,
            "computed_at": round_.snapshot.computed_at,
            "method": round_.snapshot.method,
            "engine": round_.snapshot.engine,
        },
        "pdf": pdf,
    }


class FindingSerializer(serializers.ModelSerializer[Finding]):
    author = serializers.SerializerMethodField(help_text="The assessor's code, or 'panel'")
    responded_by = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = [
            "uid",
            "kind",
            "text",
            "position",
            "author",
            "response",
            "responded_at",
            "responded_by",
            "row_version",
        ]
        read_only_fields = fields

    def get_author(self, obj: Finding) -> str:
        return obj.assignment.assessor.code if obj.assignment is not None else "panel"

    def get_responded_by(self, obj: Finding) -> str | None:
        user = obj.responded_by
        return (getattr(user, "display_name", "") or user.get_username()) if user is not None else None


class FindingCreateSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=FindingKind.choices)
    text = serializers.CharField(max_length=TEXT_MAX)


class FindingUpdateSerializer(serializers.Serializer[Any]):
    """Send only what changes, with the row_version you read."""

    kind = serializers.ChoiceField(choices=FindingKind.choices, required=False)
    text = serializers.CharField(max_length=TEXT_MAX, required=False)
    row_version = serializers.IntegerField(min_value=1)


class FindingResponseSerializer(serializers.Serializer[Any]):
    response = serializers.CharField(max_length=TEXT_MAX, help_text="What the region did or plans to do")
    row_version = serializers.IntegerField(min_value=1)


class LettersJobSerializer(serializers.Serializer[Any]):
    job = serializers.UUIDField(help_text="The background job's code")
    url = serializers.CharField(help_text="The job's status in the API: poll it until finished")
    page = serializers.CharField(help_text="The job's page on the site (a progress bar)")
    message = serializers.CharField()


# ---------------------------------------------------------------- views


class PdfRenderer(renderers.BaseRenderer):
    """Lets a client ask for ``Accept: application/pdf``; errors are still JSON text."""

    media_type = PDF_CONTENT_TYPE
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        if isinstance(data, bytes):
            return data
        return json.dumps(data).encode()


class LettersAPIView(generics.GenericAPIView[Any]):
    """Signed-in callers only; objects come from the scoped selectors (404 for hidden ones)."""

    permission_classes = [IsAuthenticated]
    filter_backends: list[type] = []
    pagination_class = None

    def get_object(self) -> Any:
        raise Http404


class LetterView(LettersAPIView):
    serializer_class = LetterSerializer

    @extend_schema(
        summary="What a region's result letter says (the region's people once published; the ministry always)",
        parameters=[ROUND_PARAM, REGION_PARAM],
        tags=TAGS,
    )
    def get(self, request: Request, round_code: str, region: str) -> Response:
        entry = selectors.letter_entry_get_for_user(
            actor=request.user, round_code=round_code, region_code=region
        )
        facts = letter_data.letter_facts(entry.round, entry.region_id)
        if facts is None:
            raise Http404("letter")
        pdf = reverse("api:evaluation-letter-pdf", args=[entry.round.code, entry.region.code])
        return Response(letter_payload(letter_data.round_facts(entry.round), facts, pdf=pdf))


class LetterPdfView(LettersAPIView):
    renderer_classes = [renderers.JSONRenderer, PdfRenderer]

    @extend_schema(
        operation_id="evaluation_letter_pdf",
        summary="A region's result letter as PDF",
        parameters=[ROUND_PARAM, REGION_PARAM],
        responses={
            (200, PDF_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="The letter (PDF)")
        },
        tags=TAGS,
    )
    def get(self, request: Request, round_code: str, region: str) -> HttpResponse:
        entry = selectors.letter_entry_get_for_user(
            actor=request.user, round_code=round_code, region_code=region
        )
        content = letter_bytes(entry, today=timezone.localdate())
        if content is None:
            raise Http404("letter")
        response = bytes_download(content, entry_letter_filename(entry), content_type=PDF_CONTENT_TYPE)
        response["Cache-Control"] = "private, no-store"
        return response


class LettersZipView(LettersAPIView):
    serializer_class = LettersJobSerializer

    @extend_schema(
        summary="Make every letter of the round as one zip (evaluation.manage): a background job",
        parameters=[ROUND_PARAM],
        request=None,
        responses={202: LettersJobSerializer},
        tags=TAGS,
    )
    def post(self, request: Request, round_code: str) -> Response:
        round_ = selectors.round_get_for_user(actor=request.user, code=round_code)
        job = letters_job_start(actor=request.user, round_=round_)
        url = reverse("api:job-detail", args=[job.code])
        return Response(
            {
                "job": str(job.code),
                "url": url,
                "page": reverse("core:job_detail", args=[job.code]),
                "message": _("The letters are made by a background job: follow it at its URL."),
            },
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": url},
        )


def _finding_rows(access: selectors.FindingsAccess) -> list[Finding]:
    return selectors.finding_list(access)


class FindingListView(LettersAPIView):
    serializer_class = FindingSerializer

    @extend_schema(
        summary="A region's findings in a round that the caller may see",
        parameters=[ROUND_PARAM, REGION_PARAM],
        responses=FindingSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request, round_code: str, region: str) -> Response:
        access = selectors.findings_access(actor=request.user, round_code=round_code, region_code=region)
        return Response(FindingSerializer(_finding_rows(access), many=True).data)

    @extend_schema(
        summary="Add a finding: an assessor's while scoring, the panel's (ministry) in the panel phase",
        parameters=[ROUND_PARAM, REGION_PARAM],
        request=FindingCreateSerializer,
        responses={201: FindingSerializer},
        tags=TAGS,
    )
    def post(self, request: Request, round_code: str, region: str) -> Response:
        access = selectors.findings_access(actor=request.user, round_code=round_code, region_code=region)
        data = FindingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        finding = findings.finding_add(actor=request.user, entry=access.entry, **data.validated_data)
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)


class FindingDetailView(LettersAPIView):
    serializer_class = FindingSerializer

    @extend_schema(
        summary="Edit a finding: send what changes, with row_version",
        parameters=[ROUND_PARAM, REGION_PARAM, UID_PARAM],
        request=FindingUpdateSerializer,
        responses=FindingSerializer,
        tags=TAGS,
    )
    def patch(self, request: Request, round_code: str, region: str, uid: str) -> Response:
        access = selectors.findings_access(actor=request.user, round_code=round_code, region_code=region)
        finding = selectors.finding_get(access, uid)
        findings.finding_change_check(actor=request.user, finding=finding)
        data = FindingUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        saved = findings.finding_edit(
            actor=request.user,
            finding=finding,
            kind=values.get("kind", finding.kind),
            text=values.get("text", finding.text),
            expected_version=values["row_version"],
        )
        return Response(FindingSerializer(saved).data)

    @extend_schema(
        summary="Remove a finding",
        parameters=[ROUND_PARAM, REGION_PARAM, UID_PARAM],
        responses={204: None},
        tags=TAGS,
    )
    def delete(self, request: Request, round_code: str, region: str, uid: str) -> Response:
        access = selectors.findings_access(actor=request.user, round_code=round_code, region_code=region)
        findings.finding_remove(actor=request.user, finding=selectors.finding_get(access, uid))
        return Response(status=status.HTTP_204_NO_CONTENT)


class FindingResponseView(LettersAPIView):
    serializer_class = FindingSerializer

    @extend_schema(
        summary="The region's follow-up of a weakness or recommendation (its coordinator, after publication)",
        parameters=[ROUND_PARAM, REGION_PARAM, UID_PARAM],
        request=FindingResponseSerializer,
        responses=FindingSerializer,
        tags=TAGS,
    )
    def post(self, request: Request, round_code: str, region: str, uid: str) -> Response:
        access = selectors.findings_access(actor=request.user, round_code=round_code, region_code=region)
        finding = selectors.finding_get(access, uid)
        data = FindingResponseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved = findings.finding_respond(
            actor=request.user,
            finding=finding,
            response=data.validated_data["response"],
            expected_version=data.validated_data["row_version"],
        )
        return Response(FindingSerializer(saved).data)


# ---------------------------------------------------------------- URLs (under /api/v1/evaluation/)

_R = rf"^rounds/{ROUND_RE}/"
_E = rf"{_R}regions/{REGION_RE}/"

urlpatterns: list[URLPattern] = [
    re_path(rf"{_R}letters/$", LettersZipView.as_view(), name="evaluation-letters"),
    re_path(rf"{_E}letter/$", LetterView.as_view(), name="evaluation-letter"),
    re_path(rf"{_E}letter\.pdf$", LetterPdfView.as_view(), name="evaluation-letter-pdf"),
    re_path(rf"{_E}findings/$", FindingListView.as_view(), name="evaluation-finding-list"),
    re_path(rf"{_E}findings/{UID_RE}/$", FindingDetailView.as_view(), name="evaluation-finding-detail"),
    re_path(
        rf"{_E}findings/{UID_RE}/response/$",
        FindingResponseView.as_view(),
        name="evaluation-finding-response",
    ),
]
