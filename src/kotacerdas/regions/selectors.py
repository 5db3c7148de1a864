"""Reads of regions. Regions themselves are public; private pages use the permission helpers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.http import Http404

from .choices import RegionLevel
from .models import Region, RegionQuerySet
from .names import code_parse, name_parse


def region_list(
    *, province: str | None = None, level: str | None = None, current: bool = True
) -> RegionQuerySet:
    qs = Region.objects.select_related("province")
    if current:
        qs = qs.current()
    if province:
        qs = qs.filter(province__code=province)
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("code")


SEARCH_LIMIT = 30


def region_search(*, query: str, limit: int = SEARCH_LIMIT, provinces: bool = True) -> list[Region]:
    """Regions in force whose name, code or province matches ``query`` (for a search box):
    "Aceh" finds the province, Banda Aceh and the regions of Aceh; "52.0" the codes starting so."""
    from django.db.models import Q

    query = " ".join(query.split())
    if not query:
        return []
    qs = Region.objects.current().select_related("province")
    if not provinces:
        qs = qs.kabupaten_kota()
    qs = qs.filter(Q(code__startswith=query) | Q(name__icontains=query) | Q(province__name__icontains=query))
    return list(qs.order_by("code")[:limit])


def region_find(*, text: str) -> Region | None:
    """The region in force that ``text`` names: its code ("52.04") or its full name, any case."""
    text = " ".join(text.split())
    if not text:
        return None
    qs = Region.objects.current()
    found = qs.filter(code=text).first()
    if found is not None:
        return found
    named = list(qs.filter(name__iexact=text)[:2])
    return named[0] if len(named) == 1 else None


def region_get(*, code: str) -> Region:
    """A region by Kemendagri code (public data): 404 when unknown."""
    region = Region.objects.select_related("province", "split_from", "replaced_by").filter(code=code).first()
    if region is None:
        raise Http404("region")
    return region


def region_get_private(*, actor: object, code: str, perm: str = "region.view_private") -> Region:
    """A region whose private pages the actor may see: 404 for missing and forbidden alike."""
    from kotacerdas.core.permissions import can

    region = Region.objects.select_related("province").filter(code=code).first()
    if region is None or not can(actor, perm, region_id=region.pk):
        raise Http404("region")
    return region


# What kept a printed region from resolving (``RegionMatch.problem``).
UNKNOWN = "unknown"
AMBIGUOUS = "ambiguous"
ADMINISTRATIVE = "administrative"


@dataclass(frozen=True)
class RegionMatch:
    """The kabupaten/kota in force that a printed text names, or why there is none.

    ``problem`` is "" when ``region`` is set, else ``UNKNOWN`` (no region has that code or
    name), ``AMBIGUOUS`` (a name without "Kab."/"Kota" that a kabupaten and a kota share:
    ``candidates`` lists them) or ``ADMINISTRATIVE`` (one of DKI Jakarta's administrative
    cities or regency, which are not autonomous regions).
    """

    text: str
    region: Region | None
    problem: str = ""
    candidates: tuple[Region, ...] = ()


def region_resolve_many(texts: Iterable[str]) -> dict[str, RegionMatch]:
    """Resolve Kemendagri codes ("35.71") and names as printed ("KAB. BANJAR", "Kota Kediri")
    to the kabupaten/kota in force, in one query whatever the number of texts.

    A retired code (a region split since) resolves to the code that replaced it, so that a
    region keeps one code across rounds. Names are compared by ``regions.names`` (case,
    spaces, punctuation, "Kab."/"Kabupaten", "Kep."/"Kepulauan" do not matter). Provinces are
    never matched.
    """
    wanted = list(dict.fromkeys(str(t) for t in texts))
    if not wanted:
        return {}
    codes = {text: code_parse(text) for text in wanted}
    asked_codes = {code for code in codes.values() if code}
    has_names = any(code is None for code in codes.values())
    qs = Region.objects.none()
    if has_names:
        qs = Region.objects.current().kabupaten_kota()
    if asked_codes:
        qs = qs | Region.objects.filter(code__in=asked_codes)
    regions = list(qs.select_related("replaced_by").order_by("code"))
    by_code = {r.code: r for r in regions}
    by_key: dict[str, list[Region]] = {}
    administrative: set[str] = set()
    for region in regions:
        if not region.is_current or region.level not in (RegionLevel.KABUPATEN, RegionLevel.KOTA):
            continue
        parsed = name_parse(region.name)
        if parsed.administrative:
            administrative.add(parsed.key)
        else:
            by_key.setdefault(parsed.key, []).append(region)
    out: dict[str, RegionMatch] = {}
    for text in wanted:
        code = codes[text]
        if code is not None:
            out[text] = _code_match(text, by_code.get(code))
            continue
        parsed = name_parse(text)
        if parsed.administrative or (parsed.key in administrative and parsed.key not in by_key):
            out[text] = RegionMatch(text, None, ADMINISTRATIVE)
            continue
        found = [r for r in by_key.get(parsed.key, []) if parsed.key and parsed.level in (None, r.level)]
        if len(found) == 1:
            out[text] = RegionMatch(text, found[0])
        elif found:
            out[text] = RegionMatch(text, None, AMBIGUOUS, tuple(found))
        else:
            out[text] = RegionMatch(text, None, UNKNOWN)
    return out


def _code_match(text: str, region: Region | None) -> RegionMatch:
    if region is not None and region.level == RegionLevel.PROVINCE:
        return RegionMatch(text, None, UNKNOWN)
    if region is not None and not region.is_current:
        successor = region.replaced_by
        region = successor if successor is not None and successor.is_current else None
    return RegionMatch(text, region) if region is not None else RegionMatch(text, None, UNKNOWN)
