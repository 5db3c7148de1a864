"""API of monitoring's configuration under /api/v1/monitoring/ (the ministry's, with
``monitoring.configure``): reporting years with their periods, thresholds and status vocabulary
(read by anyone), and lock exceptions (read and written by the ministry only).

The views share ``api.MonitoringAPIView``: reads as the selectors allow, writes signed in with the
permission, through ``services``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import URLPattern, re_path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from kotacerdas.core.permissions import require
from kotacerdas.regions.models import Region
from kotacerdas.regions.selectors import region_get_private

from . import selectors, services
from .api import (
    CODE_PARAM,
    CODE_RE,
    PERIOD_PARAM,
    PERIOD_RE,
    TAGS,
    YEAR_PARAM,
    YEAR_RE,
    MonitoringAPIView,
    agency_in,
    invalid,
    period_in_body,
    region_in_body,
)
from .models import LockException, ProgressStatus, ReportingPeriod, ReportingYear
from .serializers import (
    LockExceptionCreateSerializer,
    LockExceptionFilterSerializer,
    LockExceptionSerializer,
    PeriodSerializer,
    PeriodUpdateSerializer,
    StatusSerializer,
    StatusUpdateSerializer,
    StatusWriteSerializer,
    ThresholdsSerializer,
    YearCreateSerializer,
    YearQuerySerializer,
    YearSerializer,
)

# ---------------------------------------------------------------- years, periods, vocabulary


def _years() -> QuerySet[ReportingYear]:
    return ReportingYear.objects.prefetch_related("periods", "statuses")


def _year(year: str) -> ReportingYear:
    found = _years().filter(year=int(year)).first()
    if found is None:
        raise Http404("reporting year")
    return found


def _year_response(request: Request, year: ReportingYear, **context: Any) -> Response:
    return Response(YearSerializer(_year(str(year.year)), context={"request": request, **context}).data)


class YearListView(MonitoringAPIView):
    serializer_class = YearSerializer

    @extend_schema(
        summary="Reporting years: their periods (open or locked as such) and status vocabulary",
        responses=YearSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(_years().order_by("-year"))
        return self.get_paginated_response(YearSerializer(page, many=True).data)

    @extend_schema(
        summary="Set a year up for monitoring: its periods and the default vocabulary (monitoring.configure)",
        request=YearCreateSerializer,
        responses={201: YearSerializer},
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        require(request.user, "monitoring.configure")
        data = YearCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        year = services.reporting_year_setup(actor=request.user, **data.validated_data)
        response = _year_response(request, year)
        response.status_code = status.HTTP_201_CREATED
        response["Location"] = reverse("api:monitoring-year-detail", kwargs={"year": str(year.year)})
        return response


class YearDetailView(MonitoringAPIView):
    serializer_class = YearSerializer

    @extend_schema(
        summary="A reporting year; with region (and agency), whether each period is open for it",
        parameters=[YEAR_PARAM, YearQuerySerializer],
        tags=TAGS,
    )
    def get(self, request: Request, year: str) -> Response:
        query = YearQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = _year(year)
        context: dict[str, Any] = {}
        if "region" in query.validated_data:
            region = region_get_private(
                actor=request.user, code=query.validated_data["region"], perm="monitoring.view"
            )
            context["region_id"] = region.pk
            if "agency" in query.validated_data:
                context["agency_id"] = agency_in(region, query.validated_data["agency"]).pk
        elif "agency" in query.validated_data:
            raise invalid("agency", _("Give the agency's region too."))
        return Response(YearSerializer(found, context={"request": request, **context}).data)

    @extend_schema(
        summary="Change the traffic light's thresholds (monitoring.configure), with row_version",
        parameters=[YEAR_PARAM],
        request=ThresholdsSerializer,
        responses=YearSerializer,
        tags=TAGS,
    )
    def patch(self, request: Request, year: str) -> Response:
        found = _year(year)
        require(request.user, "monitoring.configure")
        data = ThresholdsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        services.thresholds_update(
            actor=request.user,
            reporting_year=found,
            amber_gap=d["amber_gap"],
            red_gap=d["red_gap"],
            expected_version=d["row_version"],
        )
        return _year_response(request, found)


class PeriodDetailView(MonitoringAPIView):
    serializer_class = PeriodSerializer

    @extend_schema(
        summary="Move a period's reporting window: when it opens, its deadline (monitoring.configure)",
        parameters=[
            YEAR_PARAM,
            OpenApiParameter("number", {"type": "integer", "minimum": 1, "maximum": 4}, "path"),
        ],
        request=PeriodUpdateSerializer,
        responses=PeriodSerializer,
        tags=TAGS,
    )
    def patch(self, request: Request, year: str, number: str) -> Response:
        period = ReportingPeriod.objects.filter(reporting_year__year=int(year), number=int(number)).first()
        if period is None:
            raise Http404("period")
        require(request.user, "monitoring.configure")
        data = PeriodUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        period = services.period_update(
            actor=request.user,
            period=period,
            opens_on=d.get("opens_on", period.opens_on),
            deadline=d.get("deadline", period.deadline),
        )
        return Response(PeriodSerializer(period).data)


class StatusListView(MonitoringAPIView):
    serializer_class = StatusSerializer

    @extend_schema(
        summary="Add a status to the year's vocabulary, or change the one of that code (monitoring.configure)",
        parameters=[YEAR_PARAM],
        request=StatusWriteSerializer,
        responses={200: StatusSerializer, 201: StatusSerializer},
        tags=TAGS,
    )
    def post(self, request: Request, year: str) -> Response:
        found = _year(year)
        require(request.user, "monitoring.configure")
        data = StatusWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        existed = found.statuses.filter(code=d["code"]).exists()
        row = services.status_save(actor=request.user, reporting_year=found, **d)
        return Response(
            StatusSerializer(row).data, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )


class StatusDetailView(MonitoringAPIView):
    serializer_class = StatusSerializer

    @extend_schema(
        summary="Change a status of the year's vocabulary: send what changes (monitoring.configure)",
        parameters=[YEAR_PARAM, OpenApiParameter("code", str, "path", pattern=r"^[-a-zA-Z0-9_]+$")],
        request=StatusUpdateSerializer,
        responses=StatusSerializer,
        tags=TAGS,
    )
    def patch(self, request: Request, year: str, code: str) -> Response:
        row = ProgressStatus.objects.filter(reporting_year__year=int(year), code=code).first()
        if row is None:
            raise Http404("status")
        require(request.user, "monitoring.configure")
        data = StatusUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        row = services.status_save(
            actor=request.user,
            reporting_year=row.reporting_year,
            code=row.code,
            label=d.get("label", row.label),
            percent=d.get("percent", row.percent),
            position=d.get("position", row.position),
        )
        return Response(StatusSerializer(row).data)


# ---------------------------------------------------------------- lock exceptions


class MinistryAPIView(MonitoringAPIView):
    permission_classes = [IsAuthenticated]


class LockExceptionListView(MinistryAPIView):
    serializer_class = LockExceptionSerializer

    @extend_schema(
        summary="Lock exceptions: locked periods opened for a region or an agency (monitoring.configure)",
        parameters=[LockExceptionFilterSerializer],
        responses=LockExceptionSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        require(request.user, "monitoring.configure")
        filters = LockExceptionFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        rows = LockException.objects.select_related("period", "region", "agency", "granted_by").order_by(
            "-period__starts_on", "region__code", "-until", "pk"
        )
        if "period" in f:
            year, number = f["period"].split("-")
            rows = rows.filter(period__reporting_year__year=int(year), period__number=int(number))
        if "region" in f:
            rows = rows.filter(region__code=f["region"])
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(LockExceptionSerializer(page, many=True).data)

    @extend_schema(
        summary="Open a locked period for one region (or one agency of it) until a day, with a reason "
        "(monitoring.configure)",
        request=LockExceptionCreateSerializer,
        responses={201: LockExceptionSerializer},
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        require(request.user, "monitoring.configure")
        data = LockExceptionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        region = region_in_body(d["region"])
        period = period_in_body(d["period"])
        agency = agency_in(region, d["agency"]) if d.get("agency") else None
        exception = services.lock_exception_grant(
            actor=request.user,
            period=period,
            region_id=region.pk,
            agency_id=agency.pk if agency else None,
            until=d["until"],
            reason=d["reason"],
        )
        exception = LockException.objects.select_related("period", "region", "agency", "granted_by").get(
            pk=exception.pk
        )
        return Response(LockExceptionSerializer(exception).data, status=status.HTTP_201_CREATED)


class LockExceptionRevokeQuerySerializer(serializers.Serializer[Any]):
    agency = serializers.SlugField(
        required=False,
        max_length=40,
        help_text="The agency's exceptions (its code); without: the region-wide ones",
    )


class LockExceptionDetailView(MinistryAPIView):
    serializer_class = LockExceptionSerializer

    @extend_schema(
        summary="Close a period again for a region (or, with agency, for one agency of it): its lock "
        "exceptions are revoked (monitoring.configure)",
        parameters=[PERIOD_PARAM, CODE_PARAM, LockExceptionRevokeQuerySerializer],
        responses={204: None},
        tags=TAGS,
    )
    def delete(self, request: Request, period: str, code: str) -> Response:
        require(request.user, "monitoring.configure")
        query = LockExceptionRevokeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = selectors.period_get(period)
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise Http404("region")
        rows = LockException.objects.filter(period=found, region=region).select_related(
            "period", "region", "agency"
        )
        if "agency" in query.validated_data:
            rows = rows.filter(agency__code=query.validated_data["agency"])
        else:
            rows = rows.filter(agency__isnull=True)
        exceptions_found = list(rows)
        if not exceptions_found:
            raise Http404("lock exception")
        with transaction.atomic():
            for exception in exceptions_found:
                services.lock_exception_revoke(actor=request.user, exception=exception)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- URLs (under /api/v1/monitoring/)

urlpatterns: list[URLPattern] = [
    re_path(r"^years/$", YearListView.as_view(), name="monitoring-year-list"),
    re_path(rf"^years/{YEAR_RE}/$", YearDetailView.as_view(), name="monitoring-year-detail"),
    re_path(
        rf"^years/{YEAR_RE}/periods/(?P<number>[1-4])/$",
        PeriodDetailView.as_view(),
        name="monitoring-period-detail",
    ),
    re_path(rf"^years/{YEAR_RE}/statuses/$", StatusListView.as_view(), name="monitoring-status-list"),
    re_path(
        rf"^years/{YEAR_RE}/statuses/(?P<code>[-a-zA-Z0-9_]+)/$",
        StatusDetailView.as_view(),
        name="monitoring-status-detail",
    ),
    re_path(r"^lock-exceptions/$", LockExceptionListView.as_view(), name="monitoring-lock-exception-list"),
    re_path(
        rf"^lock-exceptions/{PERIOD_RE}/{CODE_RE}/$",
        LockExceptionDetailView.as_view(),
        name="monitoring-lock-exception-detail",
    ),
]
