"""A search box for choosing a region among the 552 in force, by name or code."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse


class RegionSearchInput(forms.TextInput):
    """A text input with a datalist that HTMX fills from ``regions:search`` as the user types.

    The value sent is whatever is in the box: a chosen option puts the Kemendagri code there,
    and a typed full name works too (``selectors.region_find`` reads both). Without JavaScript
    it is a plain text box for a code or a name.
    """

    template_name = "regions/widgets/region_search.html"

    def __init__(self, *, kabupaten_kota_only: bool = False, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.kabupaten_kota_only = kabupaten_kota_only

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        options_id = f"{widget['attrs'].get('id') or name}-options"
        level = "&level=kabupaten_kota" if self.kabupaten_kota_only else ""
        widget["attrs"].update(
            {
                "list": options_id,
                "hx-get": f"{reverse('regions:search')}?field={name}{level}",
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{options_id}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )
        widget["options_id"] = options_id
        return context
