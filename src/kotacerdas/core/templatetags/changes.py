"""Template tags that show changes for people (see ``core.changes``)."""

from __future__ import annotations

from typing import Any

from django import template

from kotacerdas.core import changes

register = template.Library()


@register.simple_tag
def change_rows(object_type: str, values: Any) -> list[changes.ChangeRow]:
    """``{% change_rows event.object_type event.changes as rows %}``"""
    return changes.change_rows(object_type, values or {})


@register.filter
def object_kind(object_type: str) -> str:
    """``{{ event.object_type|object_kind }}``: the model's verbose name."""
    return changes.object_kind(object_type)


@register.simple_tag
def event_links(events: Any) -> dict[str, str]:
    """``{% event_links page as links %}``: the page of each event's object, by ``type:id``
    (one query per object type on the page)."""
    pairs = [(e.object_type, e.object_id) for e in events]
    return {f"{t}:{i}": url for (t, i), url in changes.object_urls(pairs).items()}


@register.filter
def link_for(links: dict[str, str], event: Any) -> str:
    return links.get(f"{event.object_type}:{event.object_id}", "")
