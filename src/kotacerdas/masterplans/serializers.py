"""Serializers of the master-plan API (``api.py``): explicit fields, natural keys only.

Output: plans by region code, versions by number, items by ``uid`` (and their code); referenced
objects by code (sub-dimension ``GOV-1``, dimension ``GOV``, the region's agency code).
Input serializers only parse and resolve references; every rule is checked by ``services``.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from kotacerdas.organisation.models import Agency
from kotacerdas.programme.models import Dimension, SubDimension

from .choices import (
    BudgetSource,
    Horizon,
    RatificationKind,
    ReadinessElement,
    SwotKind,
    VersionStatus,
)
from .models import ActionPlan, MasterPlan, PlanVersion, Programme, QuickWin

ROW_VERSION_HELP = "The row_version you read; a stale one is refused with 409 and nothing is written."


def amount_field(**kwargs: Any) -> serializers.DecimalField:
    """Rupiah and indicator values, as the models store them."""
    return serializers.DecimalField(max_digits=18, decimal_places=2, **kwargs)


def total_field(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=22, decimal_places=2, **kwargs)


def row_version_field(required: bool = True) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        required=required,
        help_text=ROW_VERSION_HELP,
        error_messages={"required": gettext_lazy("row_version is required.")},
    )


# Choice fields documented inline (not as shared enum components, whose names collide
# with other apps' "kind" and "source" fields).


@extend_schema_field({"type": "string", "enum": SwotKind.values, "description": "S, W, O or T"})
class SwotKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=SwotKind.choices, **kwargs)


@extend_schema_field({"type": "string", "enum": RatificationKind.values})
class RatificationKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=RatificationKind.choices, **kwargs)


@extend_schema_field({"type": "string", "enum": BudgetSource.values})
class BudgetSourceField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=BudgetSource.choices, **kwargs)


# ---------------------------------------------------------------- plans and versions


class PlanSerializer(serializers.ModelSerializer[MasterPlan]):
    region = serializers.CharField(source="region.code", read_only=True, help_text="Kemendagri code")
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = MasterPlan
        fields = [
            "uid",
            "region",
            "region_name",
            "title",
            "start_year",
            "end_year",
            "row_version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class VersionSerializer(serializers.ModelSerializer[PlanVersion]):
    """A version's header: status, vision, submission and ratification."""

    status = serializers.ChoiceField(choices=VersionStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    based_on = serializers.IntegerField(
        source="based_on.number", read_only=True, allow_null=True, help_text="Copied from this version"
    )
    submitted_by = serializers.CharField(
        source="submitted_by.username", read_only=True, allow_null=True, help_text="Username"
    )
    ratification_document = serializers.FileField(read_only=True, allow_null=True, use_url=True)
    ratification_kind = serializers.ChoiceField(
        choices=RatificationKind.choices, allow_blank=True, read_only=True, help_text="Empty until ratified"
    )
    is_editable = serializers.BooleanField(read_only=True, help_text="Only a draft can change")

    class Meta:
        model = PlanVersion
        fields = [
            "uid",
            "number",
            "status",
            "status_label",
            "is_editable",
            "based_on",
            "vision",
            "vision_explanation",
            "rpjmd_vision",
            "rpjmd_alignment",
            "submitted_at",
            "submitted_by",
            "ratification_kind",
            "ratification_number",
            "ratification_date",
            "ratification_signatory",
            "ratification_document",
            "row_version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PlanDetailSerializer(PlanSerializer):
    versions = VersionSerializer(source="versions_list", many=True, read_only=True, help_text="Newest first")
    version_in_force = serializers.SerializerMethodField(help_text="Number of the ratified version, if any")
    working_draft = serializers.SerializerMethodField(help_text="Number of the draft version, if any")

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "versions", "version_in_force", "working_draft"]
        read_only_fields = fields

    def _number(self, plan: MasterPlan, status: str) -> int | None:
        return next((v.number for v in plan.versions_list if v.status == status), None)  # type: ignore[attr-defined]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_version_in_force(self, plan: MasterPlan) -> int | None:
        return self._number(plan, VersionStatus.RATIFIED)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_working_draft(self, plan: MasterPlan) -> int | None:
        return self._number(plan, VersionStatus.DRAFT)


class PlanCreateSerializer(serializers.Serializer[Any]):
    region = serializers.CharField(max_length=5, help_text="The region's Kemendagri code, e.g. 52.04")
    title = serializers.CharField(max_length=300)
    start_year = serializers.IntegerField(min_value=2000, max_value=2100)
    end_year = serializers.IntegerField(min_value=2000, max_value=2100)


class NotPartialMixin:
    """Never ``partial``, even for PATCH: the serializer itself makes its fields optional but keeps
    ``row_version`` required (DRF and the OpenAPI schema would otherwise drop every requirement)."""

    @property
    def partial(self) -> bool:
        return False

    @partial.setter
    def partial(self, value: bool) -> None:
        pass


class VersionUpdateSerializer(NotPartialMixin, serializers.Serializer[Any]):
    """Send only the fields that change, with the row_version you read."""

    vision = serializers.CharField(max_length=300, required=False, allow_blank=True)
    vision_explanation = serializers.CharField(required=False, allow_blank=True)
    rpjmd_vision = serializers.CharField(max_length=500, required=False, allow_blank=True)
    rpjmd_alignment = serializers.CharField(required=False, allow_blank=True)
    row_version = row_version_field()


class MissionsSerializer(serializers.Serializer[Any]):
    missions = serializers.ListField(
        child=serializers.CharField(allow_blank=True),
        allow_empty=True,
        help_text="The missions in order; they replace the existing ones (empty lines are dropped).",
    )


class SwotItemSerializer(serializers.Serializer[Any]):
    element = serializers.ChoiceField(choices=ReadinessElement.choices)
    kind = SwotKindField()
    text = serializers.CharField()
    position = serializers.IntegerField(read_only=True)
    uid = serializers.UUIDField(read_only=True, help_text="Its public id: its address for DELETE")


class ReadinessSerializer(serializers.Serializer[Any]):
    element = serializers.ChoiceField(choices=ReadinessElement.choices, read_only=True)
    element_label = serializers.CharField(read_only=True)
    score = serializers.IntegerField(allow_null=True, help_text="1-5, or null when not scored yet")
    summary = serializers.CharField(allow_blank=True, required=False, default="")
    swot = SwotItemSerializer(many=True, read_only=True)


class RoadmapItemSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    dimension = serializers.CharField(help_text="Dimension code, e.g. GOV")
    milestone = serializers.CharField()
    uid = serializers.UUIDField(read_only=True, help_text="Its public id: its address for DELETE")

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return {
            "year": instance.year,
            "dimension": instance.dimension.code,
            "milestone": instance.milestone,
            "uid": str(instance.uid),
        }

    def validate_dimension(self, value: str) -> Dimension:
        dimension = Dimension.objects.filter(code=value.strip().upper()).first()
        if dimension is None:
            raise serializers.ValidationError(_("Unknown dimension %(code)s.") % {"code": value})
        return dimension


class RatifySerializer(serializers.Serializer[Any]):
    kind = RatificationKindField()
    number = serializers.CharField(max_length=120, help_text="The regulation's number")
    date = serializers.DateField(help_text="The regulation's date (not in the future)")
    signatory = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="The name of the regent or mayor who signed the regulation, as printed under it",
    )
    document = serializers.FileField(
        required=False, allow_null=True, help_text="The regulation (PDF); send multipart/form-data"
    )

    def validate_document(self, document: Any) -> Any:
        if document is not None and document.size > settings.MAX_UPLOAD_BYTES:
            raise serializers.ValidationError(
                _("The file is too large (at most %(size)s).")
                % {"size": filesizeformat(settings.MAX_UPLOAD_BYTES)}
            )
        return document


class SubmitSerializer(serializers.Serializer[Any]):
    row_version = row_version_field(required=False)


class ChecklistDimensionSerializer(serializers.Serializer[Any]):
    dimension = serializers.CharField(source="dimension.code")
    ok = serializers.BooleanField()


class ChecklistCheckSerializer(serializers.Serializer[Any]):
    # (a declared field may shadow a Field/Serializer attribute: the metaclass takes it off the class)
    label = serializers.ChoiceField(  # type: ignore[assignment]
        choices=["vision", "missions", "readiness", "quick_wins", "integrity"]
    )
    ok = serializers.BooleanField()


class ChecklistSerializer(serializers.Serializer[Any]):
    ready = serializers.BooleanField(help_text="Nothing stands in the way of submission")
    errors = serializers.ListField(  # type: ignore[assignment]
        child=serializers.CharField(), help_text="Integrity problems"
    )
    missing = serializers.ListField(child=serializers.CharField(), help_text="What the plan still lacks")
    quick_win_per_dimension = ChecklistDimensionSerializer(many=True)
    checks = ChecklistCheckSerializer(many=True)


class CountSerializer(serializers.Serializer[Any]):
    dimension = serializers.CharField(source="dimension.code")
    programmes = serializers.IntegerField()
    actions = serializers.IntegerField()
    quick_wins = serializers.IntegerField()


class BudgetRowSerializer(serializers.Serializer[Any]):
    dimension = serializers.CharField(source="dimension.code")
    by_source = serializers.DictField(child=total_field(), help_text="Rp by source")
    total = total_field()


class BudgetSummarySerializer(serializers.Serializer[Any]):
    sources = serializers.ListField(child=BudgetSourceField())
    rows = BudgetRowSerializer(many=True)
    totals = serializers.DictField(child=total_field())
    total = total_field()


class DiffChangeSerializer(serializers.Serializer[Any]):
    item = serializers.DictField(help_text="The item in the newer version")
    changes = serializers.DictField(
        child=serializers.ListField(), help_text="{field: [older value, newer value]}"
    )


class DiffPartSerializer(serializers.Serializer[Any]):
    added = serializers.ListField(child=serializers.DictField())
    removed = serializers.ListField(child=serializers.DictField())
    changed = DiffChangeSerializer(many=True)


class DiffSerializer(serializers.Serializer[Any]):
    """Programmes, actions and quick wins matched by lineage (an item keeps its identity when its
    code changes); readiness by element; SWOT and road-map items by their content."""

    from_version = serializers.IntegerField()
    to_version = serializers.IntegerField()
    header = serializers.DictField(child=serializers.ListField(), help_text="{field: [older, newer]}")
    programmes = DiffPartSerializer()
    actions = DiffPartSerializer()
    quick_wins = DiffPartSerializer()
    readiness = DiffPartSerializer()
    swot = DiffPartSerializer()
    roadmap = DiffPartSerializer()
    total_changes = serializers.IntegerField()


class DiffQuerySerializer(serializers.Serializer[Any]):
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        # "from" is a Python keyword: it cannot be a class attribute.
        fields["from"] = serializers.IntegerField(min_value=1, help_text="The older version's number")
        fields["to"] = serializers.IntegerField(min_value=1, help_text="The newer version's number")
        return fields


# ---------------------------------------------------------------- plan items (output)


class BudgetSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    source = serializers.ChoiceField(choices=BudgetSource.choices)  # type: ignore[assignment]
    amount = amount_field(help_text="Rp, not negative")


class TargetSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    value = amount_field()


class ActionSerializer(serializers.ModelSerializer[ActionPlan]):
    programme = serializers.CharField(source="programme.code", read_only=True, help_text="Programme code")
    programme_uid = serializers.UUIDField(source="programme.uid", read_only=True)
    agency = serializers.CharField(source="agency.code", read_only=True, help_text="Agency code")
    agency_acronym = serializers.CharField(source="agency.acronym", read_only=True)
    budgets = BudgetSerializer(many=True, read_only=True)
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = ActionPlan
        fields = [
            "uid",
            "lineage",
            "code",
            "name",
            "programme",
            "programme_uid",
            "agency",
            "agency_acronym",
            "start_year",
            "end_year",
            "indicator",
            "unit",
            "baseline",
            "budgets",
            "targets",
            "position",
            "row_version",
            "updated_at",
        ]
        read_only_fields = fields


class ProgrammeSerializer(serializers.ModelSerializer[Programme]):
    dimension = serializers.CharField(source="subdimension.dimension.code", read_only=True)
    subdimension = serializers.CharField(source="subdimension.code", read_only=True)
    agency = serializers.CharField(source="agency.code", read_only=True, help_text="Agency code")
    agency_acronym = serializers.CharField(source="agency.acronym", read_only=True)

    class Meta:
        model = Programme
        fields = [
            "uid",
            "lineage",
            "code",
            "name",
            "description",
            "dimension",
            "subdimension",
            "agency",
            "agency_acronym",
            "horizon",
            "start_year",
            "end_year",
            "position",
            "row_version",
            "updated_at",
        ]
        read_only_fields = fields


class ProgrammeDetailSerializer(ProgrammeSerializer):
    actions = ActionSerializer(many=True, read_only=True)

    class Meta(ProgrammeSerializer.Meta):
        fields = [*ProgrammeSerializer.Meta.fields, "actions"]
        read_only_fields = fields


class QuickWinSerializer(serializers.ModelSerializer[QuickWin]):
    dimension = serializers.CharField(source="dimension.code", read_only=True)
    agency = serializers.CharField(source="agency.code", read_only=True, help_text="Agency code")
    agency_acronym = serializers.CharField(source="agency.acronym", read_only=True)
    programme = serializers.CharField(
        source="programme.code", read_only=True, allow_null=True, help_text="Linked programme's code"
    )
    programme_uid = serializers.UUIDField(source="programme.uid", read_only=True, allow_null=True)

    class Meta:
        model = QuickWin
        fields = [
            "uid",
            "lineage",
            "code",
            "name",
            "acronym",
            "expansion",
            "description",
            "dimension",
            "agency",
            "agency_acronym",
            "target_year",
            "programme",
            "programme_uid",
            "position",
            "row_version",
            "updated_at",
        ]
        read_only_fields = fields


class DimensionNodeSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(source="dimension.code")
    name = serializers.CharField(source="dimension.label")
    programme_count = serializers.IntegerField()
    action_count = serializers.IntegerField()
    programmes = ProgrammeDetailSerializer(many=True)
    quick_wins = QuickWinSerializer(many=True)


class VersionTreeSerializer(serializers.Serializer[Any]):
    """A whole version: header, missions, readiness with SWOT, the plan tree, road map, figures."""

    plan = PlanSerializer()
    version = VersionSerializer()
    missions = serializers.ListField(child=serializers.CharField())
    readiness = ReadinessSerializer(many=True)
    dimensions = DimensionNodeSerializer(many=True, help_text="Dimension → programmes → actions")
    roadmap = RoadmapItemSerializer(many=True)
    counts = CountSerializer(many=True, help_text="Programmes, actions and quick wins per dimension")
    budget_summary = BudgetSummarySerializer()


# ---------------------------------------------------------------- plan items (input)


def resolve_agency(value: str, *, region_id: int) -> Agency:
    """The region's agency with this code, or any agency by uid (the services refuse another
    region's agency with a field error)."""
    value = value.strip()
    try:
        uid: uuid.UUID | None = uuid.UUID(value)
    except ValueError:
        uid = None
    if uid is not None:
        agency = Agency.objects.filter(uid=uid).first()
    else:
        agency = Agency.objects.filter(region_id=region_id, code=value).first()
    if agency is None:
        raise serializers.ValidationError(_("Unknown agency %(code)s in this region.") % {"code": value})
    return agency


def resolve_programme(value: str, *, version: PlanVersion) -> Programme:
    """A programme of ``version`` by uid or code."""
    value = value.strip()
    programmes = Programme.objects.filter(version=version).select_related("subdimension__dimension")
    try:
        programme = programmes.filter(uid=uuid.UUID(value)).first()
    except ValueError:
        programme = programmes.filter(code__iexact=value).first()
    if programme is None:
        raise serializers.ValidationError(_("Unknown programme %(code)s in this version.") % {"code": value})
    programme.version = version
    return programme


class ItemInputSerializer(NotPartialMixin, serializers.Serializer[Any]):
    """A plan item as sent by the client."""

    # The view gives ``version`` in the context to resolve references. Subclasses for PATCH set
    # ``update = True``: every field becomes optional (only those sent change) and
    # ``row_version`` is required.
    for_update = False

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        if self.for_update:
            for field in fields.values():
                field.required = False
                field.default = empty
            fields["row_version"] = row_version_field()
        return fields

    @property
    def version(self) -> PlanVersion:
        return self.context["version"]

    def validate_agency(self, value: str) -> Agency:
        return resolve_agency(value, region_id=self.version.plan.region_id)

    def validate_programme(self, value: str | None) -> Programme | None:
        if value is None or not value.strip():
            return None
        return resolve_programme(value, version=self.version)

    def validate_subdimension(self, value: str) -> SubDimension:
        sub = SubDimension.objects.select_related("dimension").filter(code=value.strip().upper()).first()
        if sub is None:
            raise serializers.ValidationError(_("Unknown sub-dimension %(code)s.") % {"code": value})
        return sub

    def validate_dimension(self, value: str) -> Dimension:
        dimension = Dimension.objects.filter(code=value.strip().upper()).first()
        if dimension is None:
            raise serializers.ValidationError(_("Unknown dimension %(code)s.") % {"code": value})
        return dimension


AGENCY_HELP = "The owning agency: its code in the region (e.g. diskominfo) or its uid"


class ProgrammeCreateSerializer(ItemInputSerializer):
    """A new programme under a sub-dimension, owned by an agency of the region."""

    code = serializers.CharField(max_length=30, help_text="Unique among the plan's programmes and actions")
    name = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    subdimension = serializers.CharField(max_length=12, help_text="Sub-dimension code, e.g. GOV-1")
    agency = serializers.CharField(max_length=40, help_text=AGENCY_HELP)
    horizon = serializers.ChoiceField(choices=Horizon.choices, default=Horizon.MEDIUM)
    start_year = serializers.IntegerField(help_text="Within the plan's years")
    end_year = serializers.IntegerField(help_text="Within the plan's years")


class ProgrammeUpdateSerializer(ProgrammeCreateSerializer):
    """Send only the fields that change, with the row_version you read."""

    for_update = True


class ActionCreateSerializer(ItemInputSerializer):
    """A new action plan under a programme, with its budgets and indicator targets per year."""

    programme = serializers.CharField(max_length=40, help_text="The programme's code or uid")
    code = serializers.CharField(max_length=30, help_text="Unique among the plan's programmes and actions")
    name = serializers.CharField(max_length=300)
    agency = serializers.CharField(max_length=40, help_text=AGENCY_HELP)
    start_year = serializers.IntegerField(help_text="Within the plan's years")
    end_year = serializers.IntegerField(help_text="Within the plan's years")
    indicator = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    unit = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    baseline = amount_field(required=False, allow_null=True, default=None)
    budgets = BudgetSerializer(
        many=True, required=False, default=list, help_text="Replace the budgets when sent"
    )
    targets = TargetSerializer(
        many=True, required=False, default=list, help_text="Replace the targets when sent"
    )


class ActionUpdateSerializer(ActionCreateSerializer):
    """Send only the fields that change, with the row_version you read; budgets or targets sent
    replace all the existing ones."""

    for_update = True


class QuickWinCreateSerializer(ItemInputSerializer):
    """A new quick win: doable in the plan's first one or two years."""

    code = serializers.CharField(max_length=30, help_text="Unique among the plan's quick wins")
    name = serializers.CharField(max_length=300)
    acronym = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    expansion = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    dimension = serializers.CharField(max_length=10, help_text="Dimension code, e.g. GOV")
    agency = serializers.CharField(max_length=40, help_text=AGENCY_HELP)
    target_year = serializers.IntegerField(help_text="Within the plan's first two years")
    programme = serializers.CharField(
        max_length=40,
        required=False,
        allow_null=True,
        allow_blank=True,
        default=None,
        help_text="Linked programme's code or uid (null: none)",
    )


class QuickWinUpdateSerializer(QuickWinCreateSerializer):
    """Send only the fields that change, with the row_version you read."""

    for_update = True


class ReorderSerializer(serializers.Serializer[Any]):
    uids = serializers.ListField(
        child=serializers.UUIDField(), allow_empty=False, help_text="The items' uids in the new order"
    )


class ActionReorderSerializer(ReorderSerializer):
    programme = serializers.CharField(max_length=40, help_text="The programme's code or uid")
