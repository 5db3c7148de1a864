"""Template context every page needs: the actor and the navigation for their roles."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kotacerdas.core.permissions import actor_for
from kotacerdas.regions.models import Region


def navigation(request: HttpRequest) -> dict[str, Any]:
    actor = actor_for(getattr(request, "user", None))

    def home_regions() -> list[Any]:
        return list(Region.objects.filter(pk__in=actor.home_region_ids).only("code", "name").order_by("code"))

    return {"actor": actor, "nav_regions": SimpleLazyObject(home_regions)}
