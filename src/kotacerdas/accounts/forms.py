from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.roles import Role
from kotacerdas.organisation.models import Agency
from kotacerdas.regions.models import Region


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
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.kabupaten_kota().current() | Region.objects.provinces().current(),
        required=False,
        to_field_name="code",
        help_text=_("For pendamping and regional coordinators."),
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.select_related("region"),
        required=False,
        to_field_name="uid",
        help_text=_("For agency officers."),
    )
