"""API endpoints of the bulk update, under /api/v1/monitoring/regions/<code>/bulk/ (for agencies'
own systems; the same service as the page's, ``bulk.py``):

- ``GET template/?period=2024-1[&agency=<code>]``: the period's sheet of the items the caller
  reports on;
- ``POST preview/`` (multipart: ``file``, ``period``): read the sheet and preview it (nothing
  written): 200 with each new, changed, conflicting and refused row and a ``token``, or 400
  ``{"error": {"code": "invalid", "message", "rows": [{sheet, row, column, message}]}}``; a
  workbook of more than ``WORKBOOK_BACKGROUND_ROWS`` rows is read by a background job: 202 with
  the job's URL (its result holds the token and the preview);
- ``POST apply/`` (JSON ``{"token", "overwrite": [keys]}``): apply the preview once, with the
  conflicts whose keys are listed: 200 with what changed.

Rows are matched by the hidden ID column, else by the item's code, so a system that writes its
own sheet (columns Kode and Status at least) is matched by item code and period: sending the
same values again changes nothing. Reading needs ``monitoring.view`` for the region (404
otherwise); uploading, reporting on some of its items (403 otherwise; rows of other agencies'
items are refused).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.urls import URLPattern, re_path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import renderers, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kotacerdas.core.api_errors import error_body
from kotacerdas.core.files import bytes_download
from kotacerdas.core.workbooks import XLSX_MIME, RowError
from kotacerdas.masterplans.api_worksheets import (
    CODE_PARAM,
    CODE_RE,
    XLSX_RESPONSE,
    JobStartedSerializer,
    WorksheetErrorSerializer,
    XlsxRenderer,
)
from kotacerdas.organisation.models import Agency
from kotacerdas.regions.selectors import region_get_private

from . import bulk, selectors

PERIOD_HELP = "The reporting period's code, e.g. 2024-1 (the first quarter of 2024)"


class PeriodField(serializers.RegexField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(r"^\d{4}-[1-4]$", max_length=6, help_text=PERIOD_HELP, **kwargs)


class BulkReportTemplateQuerySerializer(serializers.Serializer[Any]):
    period = PeriodField()
    agency = serializers.SlugField(
        required=False, max_length=40, help_text="One agency's code (default: all the caller reports on)"
    )


class BulkReportPreviewRequestSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="The filled-in sheet (.xlsx)")
    period = PeriodField()


class BulkReportApplyRequestSerializer(serializers.Serializer[Any]):
    token = serializers.UUIDField(help_text="The preview's token")
    overwrite = serializers.ListField(
        child=serializers.CharField(max_length=64),
        required=False,
        default=list,
        max_length=100_000,
        help_text="Keys of the conflicting rows to apply (from the preview)",
    )


class BulkReportFieldChangeSerializer(serializers.Serializer[Any]):
    field = serializers.CharField(help_text="The column's header in the sheet")
    old = serializers.CharField(help_text="The stored value (as text; empty when none)")
    new = serializers.CharField(help_text="The sheet's value (as text)")


class BulkReportRowSerializer(serializers.Serializer[Any]):
    row = serializers.IntegerField(help_text="The row in the sheet Laporan")
    key = serializers.CharField(help_text="The item's lineage: send it in `overwrite` to apply a conflict")
    code = serializers.CharField()
    name = serializers.CharField()
    agency = serializers.CharField(help_text="The owning agency's acronym")
    outcome = serializers.ChoiceField(choices=["new", "changed", "conflict", "refused", "unchanged"])
    message = serializers.CharField(help_text="Why a row is refused or conflicts (empty otherwise)")
    needs_confirmation = serializers.BooleanField(
        help_text="A conflict: applied only if listed in `overwrite`"
    )
    applied = serializers.BooleanField(required=False, help_text="In a result: whether it was written")

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        fields["fields"] = BulkReportFieldChangeSerializer(
            many=True, help_text="What changes: column, old, new"
        )
        return fields


class BulkReportPreviewCountsSerializer(serializers.Serializer[Any]):
    new = serializers.IntegerField()
    changed = serializers.IntegerField()
    conflict = serializers.IntegerField()
    refused = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    skipped = serializers.IntegerField(help_text="Rows whose fill-in columns are all empty")


class BulkReportPreviewSerializer(serializers.Serializer[Any]):
    region = serializers.CharField(help_text="Kemendagri code")
    period = serializers.CharField()
    period_label = serializers.CharField()
    counts = BulkReportPreviewCountsSerializer()
    rows = BulkReportRowSerializer(many=True, help_text="Every row but the unchanged ones")
    message = serializers.CharField()
    token = serializers.UUIDField(help_text="Send it to the apply endpoint to confirm")
    expires_at = serializers.DateTimeField()


class BulkReportResultCountsSerializer(serializers.Serializer[Any]):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    not_applied = serializers.IntegerField(help_text="Conflicts not confirmed and refused rows")
    unchanged = serializers.IntegerField()


class BulkReportResultSerializer(serializers.Serializer[Any]):
    region = serializers.CharField()
    period = serializers.CharField()
    changed = serializers.BooleanField(help_text="False when the sheet matched the reports")
    counts = BulkReportResultCountsSerializer()
    rows = BulkReportRowSerializer(many=True)
    message = serializers.CharField()


class _BulkView(APIView):
    permission_classes = [IsAuthenticated]
    renderer_classes = [renderers.JSONRenderer, XlsxRenderer]


def _refused(rows: list[RowError]) -> Response:
    return Response(
        error_body(
            "invalid",
            _("The sheet has %(n)s problems; nothing was saved.") % {"n": len(rows)},
            rows=[r.as_dict() for r in rows],
        ),
        status=status.HTTP_400_BAD_REQUEST,
    )


class BulkTemplateView(_BulkView):
    @extend_schema(
        operation_id="monitoring_bulk_template",
        summary="A period's bulk-update sheet of the items the caller reports on",
        parameters=[CODE_PARAM, BulkReportTemplateQuerySerializer],
        responses=XLSX_RESPONSE,
    )
    def get(self, request: Request, code: str) -> HttpResponse:
        region = region_get_private(actor=request.user, code=code, perm="monitoring.view")
        query = BulkReportTemplateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        period = selectors.period_get(query.validated_data["period"])
        agencies: list[Agency] = []
        if query.validated_data.get("agency"):
            agency = Agency.objects.filter(region=region, code=query.validated_data["agency"]).first()
            if agency is None:
                raise Http404("agency")
            agencies = [agency]
        content = bulk.bulk_template(
            actor=request.user,
            region=region,
            period=period,
            agency_ids=[a.pk for a in agencies] if agencies else None,
        )
        return bytes_download(
            content, bulk.template_filename(region, period, agencies), content_type=XLSX_MIME
        )


class BulkPreviewView(_BulkView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="monitoring_bulk_preview",
        summary="Preview a bulk update of progress reports from a sheet (monitoring.report[_own])",
        description=(
            "Reads the sheet (Laporan: one row per item, matched by the hidden ID column, else by "
            "the item's code) and previews it against the reports of `period`: each row is new, "
            "changed (column, old → new), a conflict (the report changed after the sheet was "
            "downloaded: its Versi is behind), refused (a locked period, another agency's item, a "
            "report already submitted or approved) or unchanged (only counted). Nothing is "
            "written: confirm with the apply endpoint and the token. Any invalid cell (the same "
            "validation as the report form) refuses the whole file: 400 with every problem by "
            "sheet, row and column. A workbook of many rows is read by a background job: 202 with "
            "the job's URL; its result holds the token and the preview."
        ),
        parameters=[CODE_PARAM],
        request={"multipart/form-data": BulkReportPreviewRequestSerializer},
        responses={
            200: BulkReportPreviewSerializer,
            202: OpenApiResponse(JobStartedSerializer, description="Read by a background job."),
            400: OpenApiResponse(WorksheetErrorSerializer, description="Nothing was saved."),
        },
    )
    def post(self, request: Request, code: str) -> Response:
        region = region_get_private(actor=request.user, code=code, perm="monitoring.view")
        bulk.bulk_scope(actor=request.user, region=region, agency_ids=None)
        data = BulkReportPreviewRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        period = selectors.period_get(data.validated_data["period"])
        upload = data.validated_data["file"]
        try:
            started = bulk.bulk_read(
                actor=request.user, region=region, period=period, file=upload, filename=upload.name
            )
        except bulk.BulkRefused as exc:
            return _refused(exc.rows)
        if started.job is not None:
            url = reverse("api:job-detail", args=[started.job.code])
            return Response(
                {
                    "job": str(started.job.code),
                    "url": url,
                    "page": reverse("core:job_detail", args=[started.job.code]),
                    "message": _("The sheet is read by a background job: follow it at its URL."),
                },
                status=status.HTTP_202_ACCEPTED,
                headers={"Location": url},
            )
        staged = started.preview.staged if started.preview else None
        assert staged is not None
        return Response({**staged.preview, "token": str(staged.token), "expires_at": staged.expires_at})


class BulkApplyView(_BulkView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="monitoring_bulk_apply",
        summary="Apply a previewed bulk update (the preview's creator only)",
        description=(
            "Applies the preview of `token` once, all or nothing: new and changed reports (saved "
            "as drafts), and the conflicts whose keys are in `overwrite`. Each row is checked "
            "again against the reports now, so a report changed since the preview is a conflict "
            "too. 404 for a token that is not the caller's; 400 when it was already applied or "
            "has expired."
        ),
        parameters=[CODE_PARAM],
        request=BulkReportApplyRequestSerializer,
        responses={
            200: BulkReportResultSerializer,
            400: OpenApiResponse(WorksheetErrorSerializer, description="Nothing was saved."),
        },
    )
    def post(self, request: Request, code: str) -> Response:
        region = region_get_private(actor=request.user, code=code, perm="monitoring.view")
        bulk.bulk_scope(actor=request.user, region=region, agency_ids=None)
        data = BulkReportApplyRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            result = bulk.bulk_apply(
                actor=request.user,
                token=data.validated_data["token"],
                overwrite_rows=data.validated_data["overwrite"],
                region=region,
            )
        except bulk.BulkRefused as exc:
            return _refused(exc.rows)
        return Response(result.as_dict())


urlpatterns: list[URLPattern] = [
    re_path(rf"^{CODE_RE}/bulk/template/$", BulkTemplateView.as_view(), name="monitoring-bulk-template"),
    re_path(rf"^{CODE_RE}/bulk/preview/$", BulkPreviewView.as_view(), name="monitoring-bulk-preview"),
    re_path(rf"^{CODE_RE}/bulk/apply/$", BulkApplyView.as_view(), name="monitoring-bulk-apply"),
]
