"""API endpoints for worksheets (kertas kerja), under /api/v1/masterplans/:

- ``GET <code>/worksheet/template/``: an empty workbook with the region's agencies in its lists;
- ``GET <code>/worksheet/export/[?version=N]``: a version as a workbook (the current one by default);
- ``POST <code>/worksheet/import/`` (multipart, field ``file``): read a whole plan and preview
  its import (nothing written to the plan): 200 with every addition, change, removal and
  conflict and a ``token``, or 400 ``{"error": {"code": "invalid", "message", "rows": [{sheet,
  row, column, message}]}}``; a workbook of more than ``WORKBOOK_BACKGROUND_ROWS`` rows is read
  by a background job: 202 with the job's URL (``/api/v1/jobs/<code>/``; its result holds the
  token and the preview);
- ``POST <code>/worksheet/apply/`` (JSON ``{"token", "confirm": [keys]}``): apply the preview,
  with the removals and conflicts whose keys are confirmed: 200 with what changed.

Reading needs ``masterplan.view`` for the region (404 otherwise), importing ``masterplan.change``
(403). The import is the same service as the page's (``importer.plan_import``).
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse
from django.urls import URLPattern, re_path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import renderers, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kotacerdas.core.api_errors import error_body
from kotacerdas.core.files import bytes_download
from kotacerdas.core.permissions import require
from kotacerdas.regions.selectors import region_get_private

from . import selectors
from .importer import (
    ImportRefused,
    export_filename,
    import_summary,
    plan_export,
    staged_get_for_user,
    template_build,
    template_filename,
    worksheet_apply,
    worksheet_read,
)
from .worksheets import XLSX_MIME, RowError

CODE_RE = r"(?P<code>\d{2}(?:\.\d{2})?)"
CODE_PARAM = OpenApiParameter(
    "code",
    str,
    OpenApiParameter.PATH,
    description="The region's Kemendagri code",
    pattern=r"^\d{2}(\.\d{2})?$",
    examples=[OpenApiExample("Kabupaten Sumbawa", value="52.04")],
)


class XlsxRenderer(renderers.BaseRenderer):
    """Lets a client ask for ``Accept: application/vnd…sheet``; errors are still JSON text."""

    media_type = XLSX_MIME
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        if isinstance(data, bytes):
            return data
        return json.dumps(data).encode()


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    return bytes_download(content, filename, content_type=XLSX_MIME)


class RowErrorSerializer(serializers.Serializer[Any]):
    sheet = serializers.CharField(help_text="The sheet's name, e.g. Anggaran (empty for the whole file)")
    row = serializers.IntegerField(allow_null=True, help_text="The row number in the sheet")
    column = serializers.CharField(allow_null=True, help_text="The column's header, e.g. Jumlah (Rp)")
    message = serializers.CharField()


class WorksheetErrorDetailSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="invalid")
    message = serializers.CharField()
    rows = RowErrorSerializer(
        many=True,
        required=False,
        help_text="Every problem found in the file, by sheet, row and column (absent when the "
        "request itself is invalid, e.g. no file: see fields).",
    )

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        fields["fields"] = serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text="Invalid request fields (e.g. no file).",
        )
        return fields


class WorksheetErrorSerializer(serializers.Serializer[Any]):
    error = WorksheetErrorDetailSerializer()


class CountsSerializer(serializers.Serializer[Any]):
    added = serializers.IntegerField()
    updated = serializers.IntegerField()
    deleted = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class KindCountsSerializer(serializers.Serializer[Any]):
    programmes = CountsSerializer()
    actions = CountsSerializer()
    quick_wins = CountsSerializer()


class ImportResultSerializer(serializers.Serializer[Any]):
    region = serializers.CharField(help_text="Kemendagri code")
    start_year = serializers.IntegerField(help_text="The plan's first year (the plan imported into)")
    version = serializers.IntegerField(help_text="The draft version's number")
    plan_created = serializers.BooleanField(help_text="True when the import started the plan")
    changed = serializers.BooleanField(help_text="False when the file matched the draft exactly")
    header_changes = serializers.ListField(
        child=serializers.CharField(), help_text="Header parts that changed (vision, missions, …)"
    )
    counts = KindCountsSerializer()
    message = serializers.CharField()


class FieldChangeSerializer(serializers.Serializer[Any]):
    field = serializers.CharField(help_text="The field's label")
    old = serializers.CharField(help_text="Its value in the draft (as text)")
    new = serializers.CharField(help_text="Its value in the file (as text)")


class ChangeSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=["header", "programmes", "actions", "quick_wins"])
    key = serializers.CharField(
        help_text="The item's key: send it in `confirm` to apply a removal or conflict"
    )
    action = serializers.ChoiceField(choices=["add", "change", "remove"])
    code = serializers.CharField()
    name = serializers.CharField()
    conflict = serializers.BooleanField(
        help_text="The item was changed in the application after the file was exported"
    )
    needs_confirmation = serializers.BooleanField(
        help_text="A removal or a conflict: applied only if confirmed"
    )
    applied = serializers.BooleanField(
        help_text="Applied (in a result) or applied without confirmation (preview)"
    )
    row = serializers.IntegerField(allow_null=True, help_text="The row in its sheet")

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        fields["fields"] = FieldChangeSerializer(many=True, help_text="What changes: label, old, new")
        return fields


class PreviewSerializer(ImportResultSerializer):
    token = serializers.UUIDField(help_text="Send it to the apply endpoint to confirm")
    expires_at = serializers.DateTimeField()
    changes = ChangeSerializer(many=True)


class ApplyResultSerializer(ImportResultSerializer):
    changes = ChangeSerializer(many=True)


class ApplyRequestSerializer(serializers.Serializer[Any]):
    token = serializers.UUIDField(help_text="The preview's token")
    confirm = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        default=list,
        max_length=100_000,
        help_text="Keys of the removals and conflicts to apply (from the preview)",
    )


class JobStartedSerializer(serializers.Serializer[Any]):
    job = serializers.UUIDField(help_text="The background job's code")
    url = serializers.CharField(help_text="The job's status in the API: poll it until finished")
    page = serializers.CharField(help_text="The job's page on the site (a progress bar)")
    message = serializers.CharField()


class ImportRequestSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="The worksheet (.xlsx)")


class VersionQuerySerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="Version number (default: the draft, else the newest)"
    )


class _WorksheetView(APIView):
    permission_classes = [IsAuthenticated]
    renderer_classes = [renderers.JSONRenderer, XlsxRenderer]


XLSX_RESPONSE = {(200, XLSX_MIME): OpenApiResponse(OpenApiTypes.BINARY, description="The workbook (.xlsx)")}


class WorksheetTemplateView(_WorksheetView):
    @extend_schema(
        operation_id="masterplan_worksheet_template",
        summary="An empty worksheet for the region, its agencies in the dropdowns (masterplan.view)",
        parameters=[CODE_PARAM],
        responses=XLSX_RESPONSE,
    )
    def get(self, request: Request, code: str) -> HttpResponse:
        region = region_get_private(actor=request.user, code=code, perm="masterplan.view")
        return _xlsx(template_build(region), template_filename(region))


class WorksheetExportView(_WorksheetView):
    @extend_schema(
        operation_id="masterplan_worksheet_export",
        summary="A version of the region's plan as a worksheet (masterplan.view)",
        parameters=[CODE_PARAM, VersionQuerySerializer],
        responses=XLSX_RESPONSE,
    )
    def get(self, request: Request, code: str) -> HttpResponse:
        region_get_private(actor=request.user, code=code, perm="masterplan.view")
        query = VersionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        version = selectors.version_get_for_user(
            actor=request.user, region_code=code, number=query.validated_data.get("version")
        )
        return _xlsx(plan_export(version), export_filename(version))


def _refused(rows: list[RowError]) -> Response:
    return Response(
        error_body(
            "invalid",
            _("The worksheet has %(n)s problems; nothing was imported.") % {"n": len(rows)},
            rows=[r.as_dict() for r in rows],
        ),
        status=status.HTTP_400_BAD_REQUEST,
    )


class WorksheetImportView(_WorksheetView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="masterplan_worksheet_import",
        summary="Preview the import of a whole plan from a worksheet (masterplan.change)",
        description=(
            "Reads the worksheet and previews its import into the region's draft version of the "
            "plan with the worksheet's first year (creating the plan when there is none): every "
            "addition, change (field, old → new), removal and conflict (a row changed in the "
            "application after the file was exported). Nothing is written to the plan: confirm "
            "with the apply endpoint and the returned token. Rows are matched by their hidden ID "
            "(lineage), then by code. Any problem refuses the whole file: 400 with every problem "
            "by sheet, row and column. The workbook's bounds (size once unpacked, rows per sheet, "
            "time) are checked before it is read. A workbook of many rows is read by a background "
            "job: 202 with the job's URL; the job's result holds the token and the preview."
        ),
        parameters=[CODE_PARAM],
        request={"multipart/form-data": ImportRequestSerializer},
        responses={
            200: PreviewSerializer,
            202: OpenApiResponse(JobStartedSerializer, description="Read by a background job."),
            400: OpenApiResponse(WorksheetErrorSerializer, description="Nothing was imported."),
        },
    )
    def post(self, request: Request, code: str) -> Response:
        region = region_get_private(actor=request.user, code=code, perm="masterplan.view")
        require(request.user, "masterplan.change", region_id=region.pk)
        data = ImportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        try:
            started = worksheet_read(actor=request.user, region=region, file=upload, filename=upload.name)
        except ImportRefused as exc:
            return _refused(exc.rows)
        if started.job is not None:
            return _job_started(started.job.code)
        staged = started.staged
        assert staged is not None
        return Response({**staged.preview, "token": str(staged.token), "expires_at": staged.expires_at})


class WorksheetApplyView(_WorksheetView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="masterplan_worksheet_apply",
        summary="Apply a previewed worksheet import (masterplan.change; the preview's creator only)",
        description=(
            "Applies the preview of `token` once: its additions and changes, and the removals and "
            "conflicts whose keys are in `confirm`. The draft is compared again, so an edit made "
            "since the preview is a conflict too. 404 for a token that is not the caller's; 400 "
            "when it was already applied or has expired."
        ),
        parameters=[CODE_PARAM],
        request=ApplyRequestSerializer,
        responses={
            200: ApplyResultSerializer,
            400: OpenApiResponse(WorksheetErrorSerializer, description="Nothing was imported."),
        },
    )
    def post(self, request: Request, code: str) -> Response:
        region = region_get_private(actor=request.user, code=code, perm="masterplan.view")
        require(request.user, "masterplan.change", region_id=region.pk)
        data = ApplyRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        staged = staged_get_for_user(actor=request.user, region=region, token=data.validated_data["token"])
        try:
            result = worksheet_apply(
                actor=request.user, staged=staged, confirm=data.validated_data["confirm"]
            )
        except ImportRefused as exc:
            return _refused(exc.rows)
        return Response({**result.as_dict(), "message": import_summary(result)})


def _job_started(code: Any) -> Response:
    url = reverse("api:job-detail", args=[code])
    return Response(
        {
            "job": str(code),
            "url": url,
            "page": reverse("core:job_detail", args=[code]),
            "message": _("The worksheet is read by a background job: follow it at its URL."),
        },
        status=status.HTTP_202_ACCEPTED,
        headers={"Location": url},
    )


urlpatterns: list[URLPattern] = [
    re_path(
        rf"^{CODE_RE}/worksheet/template/$",
        WorksheetTemplateView.as_view(),
        name="masterplan-worksheet-template",
    ),
    re_path(
        rf"^{CODE_RE}/worksheet/export/$", WorksheetExportView.as_view(), name="masterplan-worksheet-export"
    ),
    re_path(
        rf"^{CODE_RE}/worksheet/import/$", WorksheetImportView.as_view(), name="masterplan-worksheet-import"
    ),
    re_path(
        rf"^{CODE_RE}/worksheet/apply/$", WorksheetApplyView.as_view(), name="masterplan-worksheet-apply"
    ),
]
