"""Test data for assessors: a round in its document-review phase over some regions, assessors
added through the service, and regions in bulk (provinces and kabupaten/kota) for the size tests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from kotacerdas.evaluation import assessors as services
from kotacerdas.evaluation.models import Assessor, MethodVersion, Round, RoundRegion
from kotacerdas.regions.models import Region

from .evaluation_data import method_make
from .factories import UserFactory


def round_make(
    regions: Iterable[Region],
    *,
    method: MethodVersion | None = None,
    code: str = "2024-2",
    phase: str = "document_review",
    group: str = "regular",
) -> Round:
    """A round of ``regions`` (each in ``group``), with the small test method unless given."""
    method = method or MethodVersion.objects.filter(code="uji").first() or method_make()
    round_ = Round.objects.create(code=code, year=2024, name=f"Evaluasi {code}", method=method, phase=phase)
    chosen = method.groups.get(code=group)
    RoundRegion.objects.bulk_create([RoundRegion(round=round_, region=r, group=chosen) for r in regions])
    return round_


def province(code: str) -> Region:
    return Region.objects.get_or_create(
        code=code, defaults={"name": f"Provinsi {code}", "level": "province"}
    )[0]


def assessor_make(
    actor: Any,
    username: str,
    *,
    category: str = "academic",
    institution: str = "",
    home_province: Region | None = None,
    home_region: Region | None = None,
    expertise: Sequence[str] = (),
) -> Assessor:
    """An assessor added through the service (a user of that name is made when missing)."""
    user = UserFactory(username=username)
    return services.assessor_create(
        actor=actor,
        user=user,
        category=category,
        institution=institution,
        home_province=home_province,
        home_region=home_region,
        expertise=expertise,
    )


def regions_bulk(count: int, *, provinces: int = 34, first_province: int = 11) -> list[Region]:
    """``count`` kabupaten spread over ``provinces`` provinces (codes 11.01, 12.01, ...)."""
    province_rows = [province(str(first_province + p)) for p in range(provinces)]
    rows = [
        Region(
            code=f"{province_rows[i % provinces].code}.{i // provinces + 1:02d}",
            name=f"Kabupaten Uji {i + 1}",
            level="kabupaten",
            province=province_rows[i % provinces],
        )
        for i in range(count)
    ]
    Region.objects.bulk_create(rows)
    return list(Region.objects.filter(code__in=[r.code for r in rows]).order_by("code"))


def pool_bulk(
    actor: Any, count: int, *, provinces: Sequence[Region], prefix: str = "asesor"
) -> list[Assessor]:
    """``count`` assessors, each from one of ``provinces`` in turn, knowing two dimensions."""
    dims = ["BASELINE", "OUTPUT", "OUTCOME", "IMPACT", "QUICK_WIN"]
    return [
        assessor_make(
            actor,
            f"{prefix}{j:03d}",
            home_province=provinces[j % len(provinces)],
            expertise=[dims[j % 5], dims[(j + 2) % 5]],
        )
        for j in range(count)
    ]
