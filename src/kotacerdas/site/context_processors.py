"""Template context every page needs: the actor, the navigation for their roles, and the
number under the notification bell."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kotacerdas.core.permissions import actor_for, readable_region_ids
from kotacerdas.core.roles import Role
from kotacerdas.notifications.selectors import unread_count
from kotacerdas.regions.models import Region


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    actor = actor_for(user)

    def home_regions() -> list[Any]:
        return list(Region.objects.filter(pk__in=actor.home_region_ids).only("code", "name").order_by("code"))

    # A callable: the template calls it when the bell is drawn (one count, then remembered);
    # pages without the layout (HTMX partials) and anonymous visitors cost no query.
    @cache
    def unread() -> int:
        return unread_count(user) if actor.is_authenticated else 0

    monitoring = readable_region_ids(user, "monitoring.view")
    return {
        "actor": actor,
        "nav_regions": SimpleLazyObject(home_regions),
        "nav_unread": unread,
        # "Pemantauan" in the menu for those who may see some region's monitoring
        "nav_monitoring": monitoring is None or bool(monitoring),
        # "Penilaian saya" for assessors (the regions they score)
        "nav_assessor": Role.ASSESSOR in actor.roles,
    }
