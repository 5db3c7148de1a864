"""Serializers of the evaluation API (``api.py``): explicit fields, natural keys only.

Methods by code and version, rounds by code (``2023-2``), regions by Kemendagri code, evaluation
dimensions and groups by their codes in the method, smart dimensions by code (GOV, ECO, ...).
Decimals are strings: published figures to the method's decimals (``"3.32"``), the snapshot's
intermediate values unrounded, exactly as the engine stored them (``"3.315"``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import results
from .choices import Phase
from .models import MethodVersion, Question, Round
from .scoring import plain

ROUND_HELP = "The round's code, e.g. 2023-2"
DECIMAL = {"type": "string", "format": "decimal"}
DECIMAL_OR_NULL = {"type": "string", "format": "decimal", "nullable": True}


def published(value: Decimal | None, decimals: int) -> str | None:
    """A stored published figure as a string with the method's decimals (``3.3200`` → ``"3.32"``)."""
    if value is None:
        return None
    return str(value.quantize(Decimal(1).scaleb(-decimals)))


def decimal_text(**kwargs: Any) -> serializers.CharField:
    """A decimal as a string (unrounded, as the engine stored it)."""
    return serializers.CharField(**kwargs)


# ---------------------------------------------------------------- methods


class BandSerializer(serializers.Serializer[Any]):
    min = decimal_text(help_text="The lowest published index of the band")
    # "label" as the bands are stored and imported (a DRF field's own attribute has the same name)
    label = serializers.CharField()  # type: ignore[assignment]


class MethodSerializer(serializers.ModelSerializer[MethodVersion]):
    levels = serializers.ListField(
        child=serializers.CharField(), help_text="The whole levels an assessor may give (decimal strings)"
    )
    bands = BandSerializer(many=True, help_text="Predicate bands, highest first")
    question_count = serializers.IntegerField(read_only=True, allow_null=True)
    round_count = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = MethodVersion
        fields = [
            "code",
            "version",
            "name",
            "description",
            "levels",
            "scale_min",
            "scale_max",
            "combine",
            "dimension_rule",
            "decimals",
            "rounding",
            "disagreement_levels",
            "calibrated_official",
            "bands",
            "digest",
            "frozen_at",
            "question_count",
            "round_count",
        ]
        read_only_fields = fields


class WeightSerializer(serializers.Serializer[Any]):
    dimension = serializers.CharField(help_text="The evaluation dimension's code")
    weight = decimal_text(help_text="Percent")


class GroupSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    weights = WeightSerializer(many=True, help_text="The dimensions scored for the group; they sum to 100")


class QuestionSerializer(serializers.ModelSerializer[Question]):
    smart_dimension = serializers.CharField(
        source="smart_dimension.code",
        allow_null=True,
        read_only=True,
        help_text="GOV, BRD, ECO, LIV, SOC or ENV",
    )
    descriptors = serializers.DictField(child=serializers.CharField(), help_text="A descriptor per level")

    class Meta:
        model = Question
        fields = [
            "key",
            "number",
            "text",
            "guidance",
            "evidence_expected",
            "descriptors",
            "answer",
            "smart_dimension",
        ]
        read_only_fields = fields


class SubIndicatorSerializer(serializers.Serializer[Any]):
    number = serializers.CharField(source="sub.number")
    name = serializers.CharField(source="sub.name")
    questions = QuestionSerializer(many=True)


class IndicatorSerializer(serializers.Serializer[Any]):
    number = serializers.CharField(source="indicator.number")
    name = serializers.CharField(source="indicator.name")
    subindicators = SubIndicatorSerializer(many=True)


class DimensionSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(source="dimension.code")
    name = serializers.CharField(source="dimension.name")
    question_count = serializers.IntegerField()
    indicators = IndicatorSerializer(many=True)


class MethodDetailSerializer(MethodSerializer):
    """A method version with its groups and weights and the whole questionnaire."""

    groups = serializers.SerializerMethodField()
    dimensions = serializers.SerializerMethodField()

    class Meta(MethodSerializer.Meta):
        fields = [*MethodSerializer.Meta.fields, "groups", "dimensions"]
        read_only_fields = fields

    def _tree(self) -> results.MethodTree:
        tree: results.MethodTree = self.context["tree"]
        return tree

    @extend_schema_field(GroupSerializer(many=True))
    def get_groups(self, method: MethodVersion) -> list[dict[str, Any]]:
        tree = self._tree()
        groups = []
        for position, group in enumerate(tree.groups):
            weights = [
                {"dimension": row.dimension.code, "weight": plain(row.weights[position])}
                for row in tree.weights
                if row.weights[position] is not None
            ]
            groups.append({"code": group.code, "name": group.name, "weights": weights})
        return GroupSerializer(groups, many=True).data  # type: ignore[return-value]

    @extend_schema_field(DimensionSerializer(many=True))
    def get_dimensions(self, method: MethodVersion) -> list[dict[str, Any]]:
        return DimensionSerializer(self._tree().dimensions, many=True).data  # type: ignore[return-value]


# ---------------------------------------------------------------- rounds


class SnapshotSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField(help_text="Computations of a round are numbered from 1")
    engine = serializers.CharField(help_text="The index engine's version")
    digest = serializers.CharField(help_text="SHA-256 of the snapshot's inputs and result in canonical JSON")
    computed_at = serializers.DateTimeField(source="created_at")


class RoundSerializer(serializers.ModelSerializer[Round]):
    stage = serializers.CharField(help_text="1 (tahap I) or 2 (tahap II)")
    phase = serializers.ChoiceField(choices=Phase.choices)
    method = serializers.SerializerMethodField()
    previous = serializers.CharField(
        source="previous.code",
        allow_null=True,
        read_only=True,
        help_text="The round improvement is measured against",
    )
    region_count = serializers.IntegerField(read_only=True, help_text="Regions evaluated")
    snapshot = SnapshotSerializer(
        allow_null=True, read_only=True, help_text="The current computation (null: not computed yet)"
    )

    class Meta:
        model = Round
        fields = [
            "code",
            "year",
            "stage",
            "name",
            "method",
            "phase",
            "historical",
            "previous",
            "published_at",
            "region_count",
            "snapshot",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"code": {"type": "string"}, "version": {"type": "integer"}},
            "required": ["code", "version"],
        }
    )
    def get_method(self, round_: Round) -> dict[str, Any]:
        return {"code": round_.method.code, "version": round_.method.version}


class RoundQuerySerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


# ---------------------------------------------------------------- results


RANKING_HELP = (
    "national (default), province, level (kota / kabupaten), cohort, kawasan, or a smart dimension's "
    "code (GOV, BRD, ECO, LIV, SOC, ENV): then rank is that dimension's and regions without its score "
    "are left out, as are regions outside any group of a peer ranking"
)
ORDERING_CHOICES = [f"{sign}{key}" for key in results.SORTS for sign in ("", "-")]


class ResultFilterSerializer(serializers.Serializer[Any]):
    province = serializers.RegexField(r"^\d{2}$", required=False, help_text="A province's code, e.g. 52")
    level = serializers.ChoiceField(
        choices=[("kabupaten", "kabupaten"), ("kota", "kota")], required=False, help_text="kabupaten or kota"
    )
    cohort = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text="A cohort's year"
    )
    kawasan = serializers.SlugField(required=False, max_length=40, help_text="A kawasan's code")
    group = serializers.SlugField(required=False, max_length=30, help_text="A group's code in the method")
    ranking = serializers.RegexField(r"^[A-Za-z_]{2,20}$", required=False, help_text=RANKING_HELP)
    ordering = serializers.ChoiceField(
        choices=[(c, c) for c in ORDERING_CHOICES],
        required=False,
        help_text="rank (default), code, name, province, index or improvement; a leading - sorts descending",
    )

    def validate_ranking(self, value: str) -> str:
        if value in results.RANKINGS:
            return value
        if value.upper() in {d.code for d in results.smart_dimensions()}:
            return value.upper()
        raise serializers.ValidationError(f"Not a ranking: {value}")

    def filters(self) -> results.RankingFilters:
        d = self.validated_data
        return results.RankingFilters(
            province=d.get("province", ""),
            kind=d.get("level", ""),
            cohort=d.get("cohort"),
            kawasan=d.get("kawasan", ""),
            group=d.get("group", ""),
            ranking=d.get("ranking", results.NATIONAL),
            sort=d.get("ordering", "rank"),
        )


class PeerRanksSerializer(serializers.Serializer[Any]):
    level = serializers.IntegerField(allow_null=True, required=False, help_text="Among kota or kabupaten")
    cohort = serializers.IntegerField(allow_null=True, required=False, help_text="Within the cohort")
    kawasan = serializers.IntegerField(
        allow_null=True, required=False, help_text="Within the kawasan (null: not in a kawasan)"
    )


class SmartResultSerializer(serializers.Serializer[Any]):
    score = decimal_text(help_text="Published to the method's decimals")
    rank = serializers.IntegerField()


class RegionResultSerializer(serializers.Serializer[Any]):
    """A region's published figures in the round's current computation."""

    region = serializers.CharField(source="region.code", help_text="Kemendagri code")
    region_name = serializers.CharField(source="region.name")
    province = serializers.CharField(
        source="region.province.code", allow_null=True, help_text="The province's code"
    )
    province_name = serializers.CharField(source="region.province.name", allow_null=True)
    level = serializers.CharField(source="region.level", help_text="kabupaten or kota")
    cohort = serializers.IntegerField(source="cohort_year", allow_null=True, help_text="The cohort's year")
    kawasan = serializers.CharField(source="kawasan_code", allow_null=True, help_text="The kawasan's code")
    group = serializers.CharField(help_text="The region's group in the method")
    index = serializers.SerializerMethodField(help_text="Indeks Pencapaian, as published")
    improvement = serializers.SerializerMethodField(
        help_text="Indeks Peningkatan, as published (null: no index in the previous round)"
    )
    predicate = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True, help_text="The rank in the ranking asked for")
    rank_national = serializers.IntegerField()
    rank_province = serializers.IntegerField()
    ranks = PeerRanksSerializer(help_text="Ranks within the peer groups")
    dimensions = serializers.DictField(
        child=serializers.CharField(), help_text="Each evaluation dimension's published score, by its code"
    )
    smart = serializers.DictField(
        child=SmartResultSerializer(),
        help_text="Each smart dimension's published score and rank, by its code",
    )

    def _decimals(self) -> int:
        return int(self.context.get("decimals", 2))

    @extend_schema_field(DECIMAL)
    def get_index(self, row: Any) -> str | None:
        return published(row.index, self._decimals())

    @extend_schema_field(DECIMAL_OR_NULL)
    def get_improvement(self, row: Any) -> str | None:
        return published(row.improvement, self._decimals())


class DimensionStageSerializer(serializers.Serializer[Any]):
    weight = decimal_text(help_text="Percent, in the region's group")
    score = decimal_text(help_text="Unrounded: the mean of its questions, or the score printed in the letter")
    published = decimal_text(help_text="Rounded half up to the method's decimals")
    contribution = decimal_text(help_text="weight × score ÷ 100, unrounded")


class SmartStageSerializer(serializers.Serializer[Any]):
    score = decimal_text(help_text="Unrounded mean of the questions linked to it")
    published = decimal_text()
    rank = serializers.IntegerField()


class StageRanksSerializer(PeerRanksSerializer):
    national = serializers.IntegerField()
    province = serializers.IntegerField()


class StagesSerializer(serializers.Serializer[Any]):
    """The region's part of the snapshot: every stage, as the engine computed it."""

    group = serializers.CharField()
    province = serializers.CharField()
    peers = serializers.DictField(child=serializers.CharField(), help_text="level, cohort, kawasan")
    questions = serializers.DictField(
        child=decimal_text(),
        help_text="Each question's score by its key (the assessors' levels combined, or the panel's "
        "score), unrounded; empty for a round loaded from its letters",
    )
    disagreements = serializers.ListField(
        child=serializers.CharField(),
        help_text="The questions whose assessors differ by the threshold or more",
    )
    overridden = serializers.DictField(
        child=decimal_text(),
        help_text="Questions the panel scored: the assessors' combined score it replaced",
    )
    dimensions = serializers.DictField(child=DimensionStageSerializer())
    smart = serializers.DictField(child=SmartStageSerializer())
    index = decimal_text(help_text="The sum of the contributions, unrounded")
    index_published = decimal_text()
    previous = decimal_text(allow_null=True, help_text="The region's unrounded index in the previous round")
    improvement = decimal_text(allow_null=True, help_text="index − previous, unrounded")
    improvement_published = decimal_text(allow_null=True)
    predicate = serializers.CharField()
    ranks = StageRanksSerializer()


class InputsSerializer(serializers.Serializer[Any]):
    """What the engine was given for the region, as stored in the snapshot."""

    region = serializers.CharField()
    group = serializers.CharField()
    province = serializers.CharField()
    peers = serializers.DictField(child=serializers.CharField())
    assessors = serializers.ListField(
        child=serializers.CharField(),
        help_text="The assessors' codes, in the order of each question's levels",
    )
    scores = serializers.DictField(
        child=serializers.ListField(child=decimal_text(allow_null=True)),
        help_text="Each question's levels, one per assessor (null: that assessor gave none)",
    )
    dimensions = serializers.DictField(
        child=decimal_text(), help_text="A historical round's dimension scores as printed in the letter"
    )
    previous = decimal_text(allow_null=True)
    overrides = serializers.DictField(child=decimal_text(), help_text="The panel's scores by question key")


class RegionResultDetailSerializer(RegionResultSerializer):
    """The published figures, how many regions each rank is out of, and the snapshot's region part:
    what the engine computed (``stages``) and what it was given (``inputs``)."""

    out_of = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Regions ranked nationally, in the province and each peer group",
    )
    snapshot = SnapshotSerializer()
    stages = StagesSerializer()
    inputs = InputsSerializer()
