from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.roles import Role
from kotacerdas.organisation.models import Agency
from kotacerdas.regions.forms import RegionSearchInput
from kotacerdas.regions.models import Region
from kotacerdas.regions.selectors import region_find


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        help_text=_("Letters, digits and . @ + - _ only, e.g. koordinator.sumbawa"),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email"), required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)


class MembershipForm(forms.Form):
    """A role for a person. Regional roles name a region; an agency officer picks an agency of the
    chosen region (the agency list follows the region, see ``views.agency_options``)."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    region = forms.CharField(
        label=_("Region"),
        max_length=200,
        required=False,
        widget=RegionSearchInput(),
        help_text=_(
            "Name or Kemendagri code, e.g. Aceh or 52.04. For pendamping, regional coordinators "
            "and agency officers."
        ),
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        to_field_name="uid",
        empty_label=_("(choose the region first)"),
        help_text=_("For agency officers: the agencies of the chosen region."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "membership_%s")
        super().__init__(*args, **kwargs)
        self.chosen_region = region_find(text=str(self.data.get("region", ""))) if self.is_bound else None
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        if self.chosen_region is not None:
            field.queryset = agencies_for_region(self.chosen_region)
            field.empty_label = "---------"
        elif self.is_bound and self.data.get("agency"):
            # no region chosen: the agency alone names its region (the service checks the pair)
            field.queryset = Agency.objects.filter(uid__in=[self.data["agency"]]).select_related("region")
        region_id = self["region"].auto_id
        field.widget.attrs.update(
            {
                "hx-get": reverse("accounts:agency_options"),
                "hx-trigger": f"change from:#{region_id}",
                "hx-include": f"#{region_id}",
                "hx-target": "this",
                "hx-swap": "innerHTML",
            }
        )

    def clean_region(self) -> Region | None:
        text = self.cleaned_data["region"]
        if not text.strip():
            return None
        if self.chosen_region is None:
            raise forms.ValidationError(
                _("No region in force is named or coded “%(text)s”: pick one from the list.") % {"text": text}
            )
        return self.chosen_region


def agencies_for_region(region: Region) -> QuerySet[Agency]:
    """The agencies a membership may name in ``region`` (active ones, by acronym)."""
    return Agency.objects.filter(region=region, is_active=True).select_related("region").order_by("acronym")
