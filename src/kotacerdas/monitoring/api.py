"""API of implementation monitoring under /api/v1/monitoring/ (the configuration, years and lock
exceptions, is in ``api_configure``).

- ``reports/``: progress reports the caller may read (an unapproved one only by its writers and
  approvers); ``PUT reports/`` is the agencies' systems' upsert of one item's report in one
  period, idempotent (the same body twice changes nothing the second time); submit, the
  coordinator's bulk decision, reopening; a report's evidence files.
- ``regions/<code>/progress/`` and ``progress/``: the stored roll-ups (approved reports only).

Reads are scoped to the caller by ``selectors`` (404 for missing and forbidden alike); writes need
a signed-in caller (401), the named permission (403), and go through ``services``, so the report
form, the bulk upload and this API refuse the same things with the same messages. A refusal by
state answers 400 with its own ``code`` and the reason as ``message``: ``locked`` (the period is
locked: the message says until when and who can open it), ``state`` (the report is not in a state
that allows it), ``not_in_force`` (the item is no longer in the plan in force).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.urls import URLPattern, re_path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from kotacerdas.core.api_pagination import KeysetPagination
from kotacerdas.core.permissions import require
from kotacerdas.masterplans.models import Programme
from kotacerdas.organisation.models import Agency
from kotacerdas.programme.models import Dimension
from kotacerdas.regions.models import Region
from kotacerdas.regions.selectors import region_get_private

from . import rollup, selectors, services
from .models import Evidence, ProgressReport, RegionProgress, ReportingPeriod
from .serializers import (
    DecideSerializer,
    EvidenceSerializer,
    ProgressDetailSerializer,
    ProgressListQuerySerializer,
    ProgressQuerySerializer,
    ProgressSerializer,
    ReopenSerializer,
    ReportDetailSerializer,
    ReportFilterSerializer,
    ReportSerializer,
    ReportSubmitSerializer,
    ReportUpsertSerializer,
)

TAGS = ["monitoring"]
CODE_RE = r"(?P<code>\d{2}(?:\.\d{2})?)"
YEAR_RE = r"(?P<year>\d{4})"
PERIOD_RE = r"(?P<period>\d{4}-[1-4])"
UID_RE = r"(?P<uid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"

CODE_PARAM = OpenApiParameter(
    "code",
    str,
    OpenApiParameter.PATH,
    description="The region's Kemendagri code",
    pattern=r"^\d{2}(\.\d{2})?$",
    examples=[OpenApiExample("Kabupaten Sumbawa", value="52.04")],
)
YEAR_PARAM = OpenApiParameter(
    "year", {"type": "integer", "minimum": 1000, "maximum": 9999}, OpenApiParameter.PATH
)
PERIOD_PARAM = OpenApiParameter(
    "period",
    str,
    OpenApiParameter.PATH,
    description="The period's code, e.g. 2024-1",
    pattern=r"^\d{4}-[1-4]$",
)
UID_PARAM = OpenApiParameter("uid", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The report's uid")
REFUSALS = (
    " Refused by state with 400 and an error code: locked (the period is locked; the message says "
    "why and who can open it), state (not allowed in the report's state), not_in_force (the item "
    "is no longer in the plan in force)."
)
# The codes of the services' refusals that are not about a field of the input.
REFUSAL_CODES = {"locked", "state", "not_in_force"}


class Refused(exceptions.APIException):
    """A service's refusal by state (a locked period, a report already submitted): 400 with the
    service's code, and its reason as the message."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, message: str, code: str) -> None:
        super().__init__(detail=message, code=code)
        self.default_code = code


class MonitoringAPIView(generics.GenericAPIView[Any]):
    """Reads for whoever the selectors let see; writes signed in, with the permission."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    filter_backends: list[type] = []

    def handle_exception(self, exc: Exception) -> Response:
        if (
            isinstance(exc, DjangoValidationError)
            and not hasattr(exc, "error_dict")
            and getattr(exc, "code", None) in REFUSAL_CODES
        ):
            exc = Refused(" ".join(str(m) for m in exc.messages), str(exc.code))
        return super().handle_exception(exc)

    def get_object(self) -> Any:
        # Handlers find their objects through scoped selectors.
        raise Http404


def invalid(field: str, message: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: [message]})


def region_in_body(code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise invalid("region", _("Unknown region %(code)s.") % {"code": code})
    return region


def period_in_body(code: str, field: str = "period") -> ReportingPeriod:
    try:
        return selectors.period_get(code)
    except Http404:
        raise invalid(field, _("There is no reporting period %(code)s.") % {"code": code}) from None


def agency_in(region: Region, code: str, field: str = "agency") -> Agency:
    agency = Agency.objects.filter(region=region, code=code).first()
    if agency is None:
        raise invalid(field, _("%(region)s has no agency %(code)s.") % {"region": region.name, "code": code})
    return agency


# ---------------------------------------------------------------- reports


def _reports(request: Request) -> QuerySet[ProgressReport]:
    """The reports the caller may read, with what their serializer shows."""
    return selectors.reports_visible(request.user).select_related(
        "region", "period", "agency", "status", "submitted_by", "decided_by"
    )


def _report(request: Request, uid: str) -> ProgressReport:
    report = _reports(request).filter(uid=uid).first()
    if report is None:
        raise Http404("report")
    return report


def _report_response(request: Request, report: ProgressReport, code: int = status.HTTP_200_OK) -> Response:
    body = ReportDetailSerializer(_report(request, str(report.uid)), context={"request": request}).data
    return Response(body, status=code)


UPSERT_EXAMPLE = OpenApiExample(
    "An agency's system reports one action",
    value={
        "region": "52.04",
        "period": "2024-2",
        "item_code": "GOV-01.02",
        "status": "pilot",
        "manual_percent": "80.00",
        "manual_reason": "Uji coba di 4 dari 5 kecamatan",
        "budget_realised": "125000000.00",
        "indicator_actual": "3.00",
        "narrative": "Layanan jemput bola berjalan di empat kecamatan.",
        "links": ["https://silamo.sumbawakab.go.id"],
    },
    request_only=True,
)


class ReportListView(MonitoringAPIView):
    serializer_class = ReportSerializer
    pagination_class = KeysetPagination
    keyset_ordering = ["-id"]

    @extend_schema(
        summary="Progress reports the caller may read, newest first (cursor pages): approved ones of "
        "readable regions; unapproved ones only for their writers and approvers",
        parameters=[ReportFilterSerializer],
        responses=ReportSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        filters = ReportFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        reports = _reports(request)
        if "region" in f:
            reports = reports.filter(region__code=f["region"])
        if "period" in f:
            year, number = f["period"].split("-")
            reports = reports.filter(period__reporting_year__year=int(year), period__number=int(number))
        if "state" in f:
            reports = reports.filter(state=f["state"])
        if "agency" in f:
            reports = reports.filter(agency__code=f["agency"])
        if "kind" in f:
            reports = reports.filter(kind=f["kind"])
        if "item" in f:
            reports = reports.filter(item_code__iexact=f["item"].strip())
        page = self.paginate_queryset(reports)
        return self.get_paginated_response(ReportSerializer(page, many=True).data)

    @extend_schema(
        summary="Save one item's report of one period, creating or changing it (monitoring.report, or "
        "monitoring.report_own for the agency's own items): idempotent by item and period",
        description=(
            "The body is the whole report: what is not sent is empty. The same body sent twice "
            "changes nothing the second time (no new version, no audit event), whatever "
            "row_version it carries. With row_version, a report someone else changed since is "
            "refused with 409 and their values in error.current." + REFUSALS
        ),
        request=ReportUpsertSerializer,
        responses={200: ReportDetailSerializer, 201: ReportDetailSerializer},
        examples=[UPSERT_EXAMPLE],
        tags=TAGS,
    )
    def put(self, request: Request) -> Response:
        data = ReportUpsertSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        region = region_in_body(d["region"])
        if not selectors.may_report_in_region(request.user, region_id=region.pk):
            raise exceptions.PermissionDenied(_("You do not report on this region's items."))
        period = period_in_body(d["period"])
        if d.get("lineage") is not None:
            lineage = d["lineage"]
            if services.lineage_region_id(lineage) != region.pk:
                raise invalid("lineage", _("The region's plan has no item of this lineage."))
        else:
            lineage = selectors.item_lineage_in_force(region_id=region.pk, code=d["item_code"])
            if lineage is None:
                raise invalid(
                    "item_code",
                    _("The master plan in force of %(region)s has no item %(code)s.")
                    % {"region": region.name, "code": d["item_code"].strip()},
                )
        existed = ProgressReport.objects.filter(lineage_id=lineage, period=period).exists()
        report = services.report_save(
            actor=request.user,
            period=period,
            region_id=region.pk,
            lineage_id=lineage,
            data={
                name: d.get(name)
                for name in (
                    "status",
                    "manual_percent",
                    "manual_reason",
                    "budget_realised",
                    "indicator_actual",
                    "narrative",
                    "links",
                )
            },
            expected_version=d.get("row_version"),
            client_key=d.get("client_key", ""),
        )
        response = _report_response(
            request, report, status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )
        if not existed:
            response["Location"] = reverse("api:monitoring-report-detail", kwargs={"uid": str(report.uid)})
        return response


class ReportDetailView(MonitoringAPIView):
    serializer_class = ReportDetailSerializer

    @extend_schema(
        summary="A progress report, with the plan's budget and target of its item for the year",
        parameters=[UID_PARAM],
        tags=TAGS,
    )
    def get(self, request: Request, uid: str) -> Response:
        return Response(ReportDetailSerializer(_report(request, uid), context={"request": request}).data)


class ReportSubmitView(MonitoringAPIView):
    serializer_class = ReportDetailSerializer

    @extend_schema(
        summary="Send a draft (or a returned report) to the coordinator for approval",
        description="Optional row_version: a report changed since is refused with 409." + REFUSALS,
        parameters=[UID_PARAM],
        request=ReportSubmitSerializer,
        responses=ReportDetailSerializer,
        tags=TAGS,
    )
    def post(self, request: Request, uid: str) -> Response:
        report = _report(request, uid)
        data = ReportSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.report_submit(
            actor=request.user, report=report, expected_version=data.validated_data.get("row_version")
        )
        return _report_response(request, report)


class ReportDecideView(MonitoringAPIView):
    serializer_class = ReportSerializer

    @extend_schema(
        summary="Approve submitted reports, or return them with a comment, all or none (monitoring.approve)",
        description="A report that is not submitted refuses the whole batch (400, code state)."
        " Approval updates the stored roll-ups at once.",
        request=DecideSerializer,
        responses=ReportSerializer(many=True),
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        if not selectors.may_approve_somewhere(request.user):
            raise exceptions.PermissionDenied(_("You do not approve progress reports."))
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        uids = list(dict.fromkeys(d["reports"]))
        reports = list(_reports(request).filter(uid__in=uids))
        missing = sorted({str(u) for u in uids} - {str(r.uid) for r in reports})
        if missing:
            raise invalid("reports", _("Unknown reports: %(uids)s.") % {"uids": ", ".join(missing)})
        decided = services.report_decide(
            actor=request.user, reports=reports, approve=d["approve"], comment=d["comment"]
        )
        fresh = _reports(request).filter(pk__in=[r.pk for r in decided]).order_by("item_code", "pk")
        return Response(ReportSerializer(fresh, many=True).data)


class ReportReopenView(MonitoringAPIView):
    serializer_class = ReportDetailSerializer

    @extend_schema(
        summary="Take back an approved report to be corrected, with a comment (monitoring.approve); "
        "it stops counting at once",
        description=REFUSALS.strip(),
        parameters=[UID_PARAM],
        request=ReopenSerializer,
        responses=ReportDetailSerializer,
        tags=TAGS,
    )
    def post(self, request: Request, uid: str) -> Response:
        report = _report(request, uid)
        require(request.user, "monitoring.approve", region_id=report.region_id)
        data = ReopenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.report_reopen(actor=request.user, report=report, comment=data.validated_data["comment"])
        return _report_response(request, report)


class EvidenceListView(MonitoringAPIView):
    serializer_class = EvidenceSerializer

    @extend_schema(
        summary="A report's evidence files; each downloads from its url (signed in, may read the report)",
        parameters=[UID_PARAM],
        responses=EvidenceSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request, uid: str) -> Response:
        report = _report(request, uid)
        files = (
            Evidence.objects.filter(report=report).select_related("uploaded_by").order_by("created_at", "id")
        )
        page = self.paginate_queryset(files)
        return self.get_paginated_response(
            EvidenceSerializer(page, many=True, context={"request": request}).data
        )


# ---------------------------------------------------------------- progress


def _period_asked(query: ProgressQuerySerializer) -> ReportingPeriod:
    period = query.validated_data.get("period") or selectors.period_current()
    if period is None:
        raise Http404("period")
    return period


def _progress_summary(region: Region, period: ReportingPeriod, row: RegionProgress | None) -> dict[str, Any]:
    """A region's figures of the period from its stored roll-up (no row: no data yet)."""
    budget = None if row is None else rollup.Budget(row.budget_planned, row.budget_realised)
    return {
        "region": region.code,
        "region_name": region.name,
        "province": region.province.code if region.province else None,
        "period": period.code,
        "plan_percent": None if row is None or row.plan_percent is None else float(row.plan_percent),
        "items_expected": None if row is None else row.items_expected,
        "items_approved": 0 if row is None else row.items_approved,
        "items_on_time": 0 if row is None else row.items_on_time,
        "reporting_rate": None if row is None else row.reporting_rate,
        "on_time_rate": None if row is None else row.on_time_rate,
        "budget_planned": None if row is None else row.budget_planned,
        "budget_realised": None if row is None else row.budget_realised,
        "absorption": None if budget is None else budget.absorption,
        "computed_at": None if row is None else row.computed_at,
    }


def _progress_detail(region: Region, period: ReportingPeriod, row: RegionProgress | None) -> dict[str, Any]:
    """The summary, and the stored roll-up's parts named by their codes in the plan in force."""
    body = _progress_summary(region, period, row)
    stored: dict[str, Any] = {} if row is None else row.rollup
    version = selectors.version_in_force_for_region(region.pk)
    items = {str(i.lineage_id): i for i in selectors.reportable_items(version)} if version else {}
    programmes = (
        {
            str(p["lineage"]): p
            for p in Programme.objects.filter(version=version).values("lineage", "code", "name")
        }
        if version
        else {}
    )
    dimensions = {str(d.pk): d for d in Dimension.objects.all()}
    agencies = {str(a.pk): a for a in Agency.objects.filter(region=region)}

    def budget(b: dict[str, Any]) -> dict[str, Any]:
        return {
            "budget_planned": b["planned"],
            "budget_realised": b["realised"],
            "absorption": b["absorption"],
        }

    def figure(f: dict[str, Any]) -> dict[str, Any]:
        return {k: f[k] for k in ("percent", "counted", "no_data", "excluded")}

    def ref(key: str) -> dict[str, Any]:
        item = items.get(key)
        return {"lineage": key, "code": item.code if item else None, "name": item.name if item else None}

    body["weighting"] = selectors.region_weighting(region.pk)
    body["dimensions"] = [
        {
            "dimension": dimensions[key].code if key in dimensions else key,
            "name": dimensions[key].name if key in dimensions else key,
            **figure(d),
            "programmes_running": d["running"],
            "programmes_total": d["programmes"],
            **budget(d["budget"]),
            "light": d["light"],
        }
        for key, d in stored.get("dimensions", {}).items()
    ]
    body["programmes"] = [
        {
            "lineage": key,
            "code": programmes[key]["code"] if key in programmes else None,
            "name": programmes[key]["name"] if key in programmes else None,
            **figure(f),
        }
        for key, f in stored.get("programmes", {}).items()
    ]
    body["agencies"] = [
        {
            "agency": agencies[key].code if key in agencies else None,
            "name": agencies[key].acronym if key in agencies else None,
            **budget(b),
        }
        for key, b in stored.get("agencies", {}).items()
    ]
    body["excluded"] = [ref(key) for key in stored.get("excluded", [])]
    body["no_data"] = [ref(key) for key in stored.get("no_data", [])]
    return body


class RegionProgressView(MonitoringAPIView):
    serializer_class = ProgressDetailSerializer

    @extend_schema(
        summary="A region's progress in a period: the stored roll-up of its approved reports, per "
        "dimension, programme and agency, and the items excluded or without data",
        parameters=[CODE_PARAM, ProgressQuerySerializer],
        tags=TAGS,
    )
    def get(self, request: Request, code: str) -> Response:
        region = region_get_private(actor=request.user, code=code, perm="monitoring.view")
        query = ProgressQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        period = _period_asked(query)
        row = selectors.region_progress(region_ids=[region.pk], period=period).first()
        return Response(ProgressDetailSerializer(_progress_detail(region, period, row)).data)


class ProgressListView(MonitoringAPIView):
    serializer_class = ProgressSerializer

    @extend_schema(
        summary="Every region the caller may read that has a plan in force, with its reporting rate "
        "and plan % in a period (approved reports only), by code",
        parameters=[ProgressListQuerySerializer],
        responses=ProgressSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        query = ProgressListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        period = _period_asked(query)
        regions = selectors.regions_monitored(request.user)
        if "province" in query.validated_data:
            regions = regions.filter(province__code=query.validated_data["province"])
        page = self.paginate_queryset(regions) or []
        rows = {
            row.region_id: row
            for row in selectors.region_progress(region_ids=[r.pk for r in page], period=period)
        }
        body = [_progress_summary(region, period, rows.get(region.pk)) for region in page]
        return self.get_paginated_response(ProgressSerializer(body, many=True).data)


# ---------------------------------------------------------------- URLs (under /api/v1/monitoring/)

urlpatterns: list[URLPattern] = [
    re_path(r"^reports/$", ReportListView.as_view(), name="monitoring-report-list"),
    re_path(r"^reports/decide/$", ReportDecideView.as_view(), name="monitoring-report-decide"),
    re_path(rf"^reports/{UID_RE}/$", ReportDetailView.as_view(), name="monitoring-report-detail"),
    re_path(rf"^reports/{UID_RE}/submit/$", ReportSubmitView.as_view(), name="monitoring-report-submit"),
    re_path(rf"^reports/{UID_RE}/reopen/$", ReportReopenView.as_view(), name="monitoring-report-reopen"),
    re_path(rf"^reports/{UID_RE}/evidence/$", EvidenceListView.as_view(), name="monitoring-evidence-list"),
    re_path(
        rf"^regions/{CODE_RE}/progress/$", RegionProgressView.as_view(), name="monitoring-region-progress"
    ),
    re_path(r"^progress/$", ProgressListView.as_view(), name="monitoring-progress-list"),
]


def register(router: Any) -> None:
    """The monitoring endpoints are paths (``urlpatterns`` here and in ``api_configure``), not
    router viewsets."""
