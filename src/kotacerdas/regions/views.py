"""Region pages: the public list, and a region's home (private sections for those who may see them)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors
from .choices import RegionLevel
from .models import Region


def region_list(request: HttpRequest) -> HttpResponse:
    province = request.GET.get("province", "").strip()
    level = request.GET.get("level", "")
    query = request.GET.get("q", "").strip()
    regions = selectors.region_list(province=province or None, level=level or None)
    if not level:
        regions = regions.exclude(level=RegionLevel.PROVINCE)
    if query:
        regions = regions.filter(name__icontains=query) | regions.filter(code__startswith=query)
    page = Paginator(regions.select_related("participation__cohort"), 50).get_page(request.GET.get("page"))
    provinces = Region.objects.current().provinces().order_by("code")
    return render(
        request,
        "regions/region_list.html",
        {
            "page": page,
            "provinces": provinces,
            "levels": RegionLevel.choices,
            "province": province,
            "level": level,
            "query": query,
        },
    )


def region_search(request: HttpRequest) -> HttpResponse:
    """``<option>`` elements for a region search box (a datalist filled as the user types):
    value is the Kemendagri code, the label the name and province. Regions are public data.

    The text is ``q``, or the parameter named by ``field`` (a search box sends its own name)."""
    get = request.GET
    query = get.get("q") or get.get(get.get("field", "q") or "q", "")
    regions = selectors.region_search(query=query[:100], provinces=get.get("level") != "kabupaten_kota")
    return render(request, "regions/_region_options.html", {"regions": regions})
