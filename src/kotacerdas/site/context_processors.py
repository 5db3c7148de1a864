"""Template context every page needs: the actor and the navigation for their roles."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kotacerdas.core.permissions import actor_for, readable_region_ids
from kotacerdas.regions.models import Region


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    actor = actor_for(user)

    def home_regions() -> list[Any]:
        return list(Region.objects.filter(pk__in=actor.home_region_ids).order_by("code"))

    monitoring = readable_region_ids(user, "monitoring.view")
    return {
        "actor": actor,
        "nav_regions": SimpleLazyObject(home_regions),
        # "Pemantauan" in the menu for those who may see some region's monitoring
        "nav_monitoring": monitoring is None or bool(monitoring),
    }
