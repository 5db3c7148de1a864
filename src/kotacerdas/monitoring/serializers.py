"""Serializers of the monitoring API (``api.py``): explicit fields, natural keys only.

Output: regions by Kemendagri code, periods by code (``2024-1``), statuses by code, agencies by
their code in the region, reports and evidence by ``uid``, plan items by code and lineage.
Input serializers only parse the shape of a request; every rule (the lock, who may write, the
status vocabulary, a manual % and its reason, links) is checked by ``services``.
"""

from __future__ import annotations

from typing import Any, cast

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import selectors
from .choices import PeriodScheme, ReportState, Weighting
from .models import Evidence, LockException, ProgressReport, ProgressStatus, ReportingPeriod, ReportingYear

ROW_VERSION_HELP = "The row_version you read; a stale one is refused with 409 and nothing is written."
REGION_RE = r"^\d{2}(\.\d{2})?$"
PERIOD_RE = r"^\d{4}-[1-4]$"
PERIOD_HELP = "The period's code: year-number, e.g. 2024-1 (the first quarter of 2024)"


def region_field(**kwargs: Any) -> serializers.RegexField:
    kwargs.setdefault("help_text", "Kemendagri code of the region, e.g. 52.04")
    return serializers.RegexField(REGION_RE, **kwargs)


def period_field(**kwargs: Any) -> serializers.RegexField:
    kwargs.setdefault("help_text", PERIOD_HELP)
    return serializers.RegexField(PERIOD_RE, **kwargs)


def amount_field(**kwargs: Any) -> serializers.DecimalField:
    """Rupiah, percentages and indicator values as the models store them (two decimals)."""
    return serializers.DecimalField(max_digits=18, decimal_places=2, **kwargs)


def percent_field(**kwargs: Any) -> serializers.FloatField:
    return serializers.FloatField(allow_null=True, read_only=True, **kwargs)


# The kinds of plan item reported on (named ReportKindEnum in the schema: settings.py).
REPORT_KINDS = [("action", "action"), ("quick_win", "quick_win")]


def context_cache(serializer: serializers.Field[Any, Any, Any, Any], key: str) -> dict[Any, Any]:
    """A dict kept in the serializer's context (shared by the rows of a list) under ``key``."""
    context = cast(dict[str, Any], serializer.context)
    return cast(dict[Any, Any], context.setdefault(key, {}))


class NotPartialMixin:
    """Never ``partial``, even for PATCH: the serializer makes its own fields optional (DRF and the
    OpenAPI schema would otherwise drop every requirement, row_version's too)."""

    @property
    def partial(self) -> bool:
        return False

    @partial.setter
    def partial(self, value: bool) -> None:
        pass


# ---------------------------------------------------------------- years, periods, vocabulary


class PeriodSerializer(serializers.ModelSerializer[ReportingPeriod]):
    """A reporting period; ``open`` and ``lock_message`` for the region (and agency) asked about,
    lock exceptions included, else for the period as such."""

    code = serializers.CharField(read_only=True, help_text=PERIOD_HELP)
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    open = serializers.SerializerMethodField(help_text="Does the period take reports now?")
    lock_message = serializers.SerializerMethodField(
        help_text="Why it does not, and who can open it (empty while it is open)"
    )

    class Meta:
        model = ReportingPeriod
        fields = [
            "code",
            "number",
            "label",
            "starts_on",
            "ends_on",
            "opens_on",
            "deadline",
            "open",
            "lock_message",
        ]
        read_only_fields = fields

    def _lock(self, period: ReportingPeriod) -> selectors.Lock | None:
        cache: dict[int, selectors.Lock | None] = context_cache(self, "locks")
        if period.pk not in cache:
            cache[period.pk] = selectors.period_lock(
                period, region_id=self.context.get("region_id"), agency_id=self.context.get("agency_id")
            )
        return cache[period.pk]

    def get_open(self, period: ReportingPeriod) -> bool:
        return self._lock(period) is None

    def get_lock_message(self, period: ReportingPeriod) -> str:
        lock = self._lock(period)
        return "" if lock is None else lock.message


class StatusSerializer(serializers.ModelSerializer[ProgressStatus]):
    percent = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The % it sets; null: excluded from roll-ups"
    )
    excluded = serializers.BooleanField(
        read_only=True, help_text="Cancelled, postponed: left out of roll-ups"
    )

    class Meta:
        model = ProgressStatus
        fields = ["code", "label", "percent", "excluded", "position"]
        read_only_fields = fields


class YearSerializer(serializers.ModelSerializer[ReportingYear]):
    scheme = serializers.ChoiceField(choices=PeriodScheme.choices, read_only=True)
    scheme_label = serializers.CharField(source="get_scheme_display", read_only=True)
    amber_gap = amount_field(
        read_only=True, help_text="Amber when achievement lags budget absorption by more (percentage points)"
    )
    red_gap = amount_field(read_only=True, help_text="Red when achievement lags absorption by more")
    periods = PeriodSerializer(many=True, read_only=True)
    statuses = StatusSerializer(many=True, read_only=True, help_text="The status vocabulary, in order")

    class Meta:
        model = ReportingYear
        fields = [
            "year",
            "scheme",
            "scheme_label",
            "amber_gap",
            "red_gap",
            "periods",
            "statuses",
            "row_version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class YearQuerySerializer(serializers.Serializer[Any]):
    region = region_field(
        required=False, help_text="Say whether each period is open for this region (its lock exceptions)"
    )
    agency = serializers.SlugField(
        required=False, max_length=40, help_text="… and for this agency of it (its code, e.g. disdukcapil)"
    )


class YearCreateSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    scheme = serializers.ChoiceField(choices=PeriodScheme.choices, default=PeriodScheme.QUARTERLY)


class ThresholdsSerializer(serializers.Serializer[Any]):
    amber_gap = amount_field(help_text="Percentage points, 0 ≤ amber ≤ red ≤ 100")
    red_gap = amount_field(help_text="Percentage points")
    row_version = serializers.IntegerField(min_value=1, help_text=ROW_VERSION_HELP)


class PeriodUpdateSerializer(NotPartialMixin, serializers.Serializer[Any]):
    """Send what changes; the span the period covers stays that of its number."""

    opens_on = serializers.DateField(required=False)
    deadline = serializers.DateField(required=False)


class StatusWriteSerializer(serializers.Serializer[Any]):
    code = serializers.SlugField(max_length=30, help_text="e.g. in_progress; an existing code is changed")
    label = serializers.CharField(max_length=80)  # type: ignore[assignment]
    percent = serializers.IntegerField(
        allow_null=True, min_value=-32768, max_value=32767, help_text="0-100; null: excluded from roll-ups"
    )
    position = serializers.IntegerField(min_value=0, max_value=32767, default=0)


class StatusUpdateSerializer(NotPartialMixin, serializers.Serializer[Any]):
    """Send what changes."""

    label = serializers.CharField(max_length=80, required=False)  # type: ignore[assignment]
    percent = serializers.IntegerField(
        allow_null=True,
        required=False,
        min_value=-32768,
        max_value=32767,
        help_text="0-100; null: excluded from roll-ups",
    )
    position = serializers.IntegerField(min_value=0, max_value=32767, required=False)


# ---------------------------------------------------------------- reports


class ReportSerializer(serializers.ModelSerializer[ProgressReport]):
    region = serializers.CharField(source="region.code", read_only=True, help_text="Kemendagri code")
    period = serializers.CharField(source="period.code", read_only=True, help_text=PERIOD_HELP)
    period_label = serializers.CharField(source="period.label", read_only=True)
    lineage = serializers.UUIDField(
        source="lineage_id", read_only=True, help_text="The plan item's identity across plan versions"
    )
    kind = serializers.ChoiceField(choices=REPORT_KINDS, read_only=True)
    agency = serializers.CharField(source="agency.code", read_only=True, help_text="The owning agency's code")
    agency_name = serializers.CharField(source="agency.acronym", read_only=True)
    state = serializers.ChoiceField(choices=ReportState.choices, read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    status = serializers.CharField(
        source="status.code", read_only=True, help_text="Code in the year's vocabulary"
    )
    status_label = serializers.CharField(source="status.label", read_only=True)
    percent = amount_field(
        read_only=True,
        allow_null=True,
        help_text="The report's %: the manual one, else the status's (null: excluded)",
    )
    manual_percent = amount_field(read_only=True, allow_null=True)
    budget_realised = amount_field(read_only=True, allow_null=True, help_text="Rupiah, this year so far")
    indicator_actual = amount_field(read_only=True, allow_null=True)
    links = serializers.ListField(child=serializers.CharField(), read_only=True)
    submitted_by = serializers.CharField(
        source="submitted_by.username", read_only=True, allow_null=True, help_text="Username"
    )
    decided_by = serializers.CharField(
        source="decided_by.username", read_only=True, allow_null=True, help_text="Username"
    )

    class Meta:
        model = ProgressReport
        fields = [
            "uid",
            "region",
            "period",
            "period_label",
            "kind",
            "item_code",
            "item_name",
            "lineage",
            "agency",
            "agency_name",
            "state",
            "state_label",
            "status",
            "status_label",
            "percent",
            "manual_percent",
            "manual_reason",
            "budget_realised",
            "indicator_actual",
            "narrative",
            "links",
            "return_comment",
            "submitted_at",
            "submitted_by",
            "decided_at",
            "decided_by",
            "row_version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ReportDetailSerializer(ReportSerializer):
    budget_planned = serializers.SerializerMethodField(
        help_text="The plan's budget of the action for the period's year (Rp, all sources; null for a quick win)"
    )
    indicator_target = serializers.SerializerMethodField(
        help_text="The plan's target of the action's indicator for the year (null when none)"
    )

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "budget_planned", "indicator_target"]
        read_only_fields = fields

    def _figures(self, report: ProgressReport) -> tuple[Any, Any]:
        """The action's planned budget and target for the year (read once per report)."""
        cache: dict[int, tuple[Any, Any]] = context_cache(self, "figures")
        if report.pk not in cache:
            if report.action_id is None:
                cache[report.pk] = (None, None)
            else:
                budgets, targets = selectors.plan_figures_for_year(
                    action_ids=[report.action_id], year=report.period.year
                )
                cache[report.pk] = (budgets.get(report.action_id), targets.get(report.action_id))
        return cache[report.pk]

    @extend_schema_field(amount_field(allow_null=True))
    def get_budget_planned(self, report: ProgressReport) -> str | None:
        value = self._figures(report)[0]
        return None if value is None else f"{value:.2f}"

    @extend_schema_field(amount_field(allow_null=True))
    def get_indicator_target(self, report: ProgressReport) -> str | None:
        value = self._figures(report)[1]
        return None if value is None else f"{value:.2f}"


class ReportFilterSerializer(serializers.Serializer[Any]):
    region = region_field(required=False)
    period = period_field(required=False)
    state = serializers.ChoiceField(choices=ReportState.choices, required=False)
    agency = serializers.SlugField(
        required=False, max_length=40, help_text="The agency's code, e.g. disdukcapil"
    )
    kind = serializers.ChoiceField(choices=REPORT_KINDS, required=False)
    item = serializers.CharField(
        required=False, max_length=30, help_text="The plan item's code, e.g. GOV-01.02 (any case)"
    )


class ReportUpsertSerializer(serializers.Serializer[Any]):
    """One item's report in one period, whole: what is not sent is empty. The same body sent
    twice changes nothing the second time."""

    region = region_field()
    period = period_field()
    item_code = serializers.CharField(
        required=False, max_length=30, help_text="The item's code in the plan in force (or send lineage)"
    )
    lineage = serializers.UUIDField(
        required=False, help_text="The item's lineage (stays the same when its code changes)"
    )
    status = serializers.CharField(max_length=80, help_text="A status code of the year, e.g. in_progress")
    manual_percent = amount_field(
        required=False, allow_null=True, help_text="0-100, overrides the status's % (needs manual_reason)"
    )
    manual_reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    budget_realised = amount_field(
        required=False, allow_null=True, help_text="Rupiah realised this year so far"
    )
    indicator_actual = amount_field(
        required=False, allow_null=True, help_text="The output indicator's value achieved (actions only)"
    )
    narrative = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    links = serializers.ListField(
        child=serializers.CharField(max_length=2000),
        required=False,
        max_length=100,
        help_text="Web addresses (https://…) of the supporting application",
    )
    row_version = serializers.IntegerField(
        required=False, min_value=1, help_text=ROW_VERSION_HELP + " Optional: without it the last write wins."
    )
    client_key = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        help_text="Your key for this send: a retry with the same key is recognised and not applied twice",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("item_code", "").strip() and attrs.get("lineage") is None:
            raise serializers.ValidationError({"item_code": [_("Give the item's code or its lineage.")]})
        return attrs


class ReportSubmitSerializer(serializers.Serializer[Any]):
    row_version = serializers.IntegerField(required=False, min_value=1, help_text=ROW_VERSION_HELP)


class DecideSerializer(serializers.Serializer[Any]):
    reports = serializers.ListField(
        child=serializers.UUIDField(),
        min_length=1,
        max_length=500,
        help_text="The uids of submitted reports: all are decided, or none",
    )
    approve = serializers.BooleanField(
        help_text="true: approve; false: return to the agency (needs a comment)"
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class ReopenSerializer(serializers.Serializer[Any]):
    comment = serializers.CharField(
        allow_blank=True, max_length=5000, help_text="What the agency should change (required)"
    )


class EvidenceSerializer(serializers.ModelSerializer[Evidence]):
    url = serializers.SerializerMethodField(help_text="Download (signed-in users who may read the report)")
    thumbnail_url = serializers.SerializerMethodField(
        help_text="A small image of a picture (null for others)"
    )
    uploaded_by = serializers.CharField(
        source="uploaded_by.username", read_only=True, allow_null=True, help_text="Username"
    )

    class Meta:
        model = Evidence
        fields = ["uid", "name", "kind", "size", "url", "thumbnail_url", "uploaded_by", "created_at"]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, evidence: Evidence) -> str:
        return self._absolute(reverse("monitoring:evidence", args=[evidence.uid]))

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_thumbnail_url(self, evidence: Evidence) -> str | None:
        if not evidence.thumbnail:
            return None
        return self._absolute(reverse("monitoring:evidence_thumb", args=[evidence.uid]))

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


# ---------------------------------------------------------------- progress


class ProgressQuerySerializer(serializers.Serializer[Any]):
    period = period_field(required=False, help_text=PERIOD_HELP + "; the current period when not given")

    def validate_period(self, value: str) -> ReportingPeriod:
        try:
            return selectors.period_get(value)
        except Http404 as exc:
            raise serializers.ValidationError(
                _("There is no reporting period %(code)s.") % {"code": value}
            ) from exc


class ProgressListQuerySerializer(ProgressQuerySerializer):
    province = serializers.RegexField(
        r"^\d{2}$", required=False, help_text="Only the regions of this province (its code, e.g. 52)"
    )


class ProgressSerializer(serializers.Serializer[Any]):
    """A region's stored roll-up of a period (approved reports only); null figures: no data yet."""

    region = serializers.CharField(help_text="Kemendagri code")
    region_name = serializers.CharField()
    province = serializers.CharField(allow_null=True, help_text="The province's code")
    period = serializers.CharField(help_text=PERIOD_HELP)
    plan_percent = percent_field(help_text="The plan's % (null: no data, never 0)")
    items_expected = serializers.IntegerField(
        allow_null=True, help_text="Items of the plan in force to report on"
    )
    items_approved = serializers.IntegerField(help_text="Items with an approved report of the period")
    items_on_time = serializers.IntegerField(help_text="… submitted by the deadline")
    reporting_rate = percent_field(help_text="items_approved ÷ items_expected, in %")
    on_time_rate = percent_field(help_text="items_on_time ÷ items_expected, in %")
    budget_planned = amount_field(allow_null=True, help_text="Rupiah planned for the year")
    budget_realised = amount_field(
        allow_null=True, help_text="Rupiah realised as reported (null: none reported)"
    )
    absorption = percent_field(help_text="budget_realised ÷ budget_planned, in %")
    computed_at = serializers.DateTimeField(allow_null=True, help_text="When the roll-up was computed")


class FigureSerializer(serializers.Serializer[Any]):
    percent = percent_field()
    counted = serializers.IntegerField(help_text="Parts with data that made the %")
    no_data = serializers.IntegerField(help_text="Parts without an approved report")
    excluded = serializers.IntegerField(help_text="Parts left out (cancelled, postponed)")


class DimensionProgressSerializer(FigureSerializer):
    dimension = serializers.CharField(help_text="The smart dimension's code, e.g. GOV")
    name = serializers.CharField()
    programmes_running = serializers.IntegerField()
    programmes_total = serializers.IntegerField()
    budget_planned = amount_field()
    budget_realised = amount_field(allow_null=True)
    absorption = percent_field()
    light = serializers.CharField(allow_null=True, help_text="green, amber or red (null: not both figures)")


class ProgrammeProgressSerializer(FigureSerializer):
    lineage = serializers.UUIDField()
    code = serializers.CharField(allow_null=True, help_text="Its code in the plan in force")
    name = serializers.CharField(allow_null=True)


class AgencyProgressSerializer(serializers.Serializer[Any]):
    agency = serializers.CharField(allow_null=True, help_text="The agency's code")
    name = serializers.CharField(allow_null=True)
    budget_planned = amount_field()
    budget_realised = amount_field(allow_null=True)
    absorption = percent_field()


class ItemRefSerializer(serializers.Serializer[Any]):
    lineage = serializers.UUIDField()
    code = serializers.CharField(allow_null=True)
    name = serializers.CharField(allow_null=True)


class ProgressDetailSerializer(ProgressSerializer):
    weighting = serializers.ChoiceField(
        choices=Weighting.choices, help_text="How programmes' % are formed: equal, or budget-weighted"
    )
    dimensions = DimensionProgressSerializer(many=True)
    programmes = ProgrammeProgressSerializer(many=True)
    agencies = AgencyProgressSerializer(many=True)
    excluded = ItemRefSerializer(many=True, help_text="Actions left out (cancelled, postponed)")
    no_data = ItemRefSerializer(many=True, help_text="Actions without an approved report")


# ---------------------------------------------------------------- lock exceptions


class LockExceptionSerializer(serializers.ModelSerializer[LockException]):
    period = serializers.CharField(source="period.code", read_only=True, help_text=PERIOD_HELP)
    region = serializers.CharField(source="region.code", read_only=True)
    agency = serializers.CharField(
        source="agency.code", read_only=True, allow_null=True, help_text="null: every agency of the region"
    )
    granted_by = serializers.CharField(
        source="granted_by.username", read_only=True, allow_null=True, help_text="Username"
    )

    class Meta:
        model = LockException
        fields = ["period", "region", "agency", "until", "reason", "granted_by", "created_at"]
        read_only_fields = fields


class LockExceptionFilterSerializer(serializers.Serializer[Any]):
    period = period_field(required=False)
    region = region_field(required=False)


class LockExceptionCreateSerializer(serializers.Serializer[Any]):
    period = period_field()
    region = region_field()
    agency = serializers.SlugField(
        required=False, allow_blank=True, max_length=40, help_text="Only this agency (its code); empty: all"
    )
    until = serializers.DateField(help_text="Open until this day (inclusive)")
    reason = serializers.CharField(max_length=5000, allow_blank=True)
