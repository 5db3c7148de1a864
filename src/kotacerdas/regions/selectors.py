"""Reads of regions. Regions themselves are public; private pages use the permission helpers."""

from __future__ import annotations

from django.http import Http404

from .models import Region, RegionQuerySet


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
