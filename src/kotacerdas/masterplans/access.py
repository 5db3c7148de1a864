"""Who may edit the items of a master plan: the one rule the editor, the API and the services apply.

A coordinator (``masterplan.change`` on the region, and a ministry admin) edits every item; an
agency officer (``masterplan.change_own``) only the items their agency owns; moving an item to
another agency needs the right on both. Items change only in a draft version; that check stays
with the callers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kotacerdas.core.permissions import can
from kotacerdas.organisation.models import Agency

from .models import PlanVersion


def own_agency_ids(actor: Any, region_id: int, *, agencies: Iterable[int] | None = None) -> list[int]:
    """The region's agencies whose items the actor may edit as their own: one query, none when
    the caller passes the region's agency ids it has already read as ``agencies``."""
    if agencies is None:
        agencies = Agency.objects.filter(region_id=region_id).values_list("pk", flat=True)
    return [a for a in agencies if can(actor, "masterplan.change_own", agency_id=a)]


def may_edit_some_items(actor: Any, region_id: int) -> bool:
    """May the actor edit the whole plan of the region, or the items of one of its agencies?"""
    return can(actor, "masterplan.change", region_id=region_id) or bool(own_agency_ids(actor, region_id))


def may_edit_items(actor: Any, version: PlanVersion, agency_ids: Iterable[int | None]) -> bool:
    """May the actor edit items owned by every one of ``agency_ids`` (the old and the new owner of
    a moved item) in the version's plan? The status is the caller's to check: services refuse a
    version that is no longer a draft with their own message, templates hide the buttons."""
    if can(actor, "masterplan.change", region_id=version.plan.region_id):
        return True
    ids = list(agency_ids)
    return bool(ids) and all(
        aid is not None and can(actor, "masterplan.change_own", agency_id=aid) for aid in ids
    )
