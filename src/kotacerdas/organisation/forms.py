"""Forms of the organisation page: thin, the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kotacerdas.regions.models import Region

from .choices import AgencyKind, Body, BodyRole, DecreeKind, Sector
from .models import Agency, Decree

PDF_ACCEPT = {"accept": ".pdf,application/pdf"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class VersionedForm(forms.Form):
    """An edit form: carries the ``row_version`` the editor saw (optimistic locking)."""

    row_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _choices(queryset: Any, label: Any, required: bool = False) -> forms.ModelChoiceField[Any]:
    return forms.ModelChoiceField(
        label=label, queryset=queryset, to_field_name="uid", required=required, empty_label="—"
    )


class AgencyForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"), max_length=40, help_text=_("Short code, unique in the region, e.g. diskominfo.")
    )
    acronym = forms.CharField(label=_("Acronym"), max_length=40, help_text=_("e.g. Diskominfo"))
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=AgencyKind.choices, initial=AgencyKind.DINAS)


class AgencyEditForm(VersionedForm, AgencyForm):
    is_active = forms.BooleanField(label=_("Active"), required=False)

    field_order = ["code", "acronym", "name", "kind", "is_active"]


class DecreeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DecreeKind.choices)
    number = forms.CharField(label=_("Number"), max_length=120, help_text=_("e.g. 1345 Tahun 2019"))
    date = forms.DateField(label=_("Date"), widget=DateInput)
    title = forms.CharField(label=_("Title"), max_length=300)
    document = forms.FileField(
        label=_("Document (PDF)"), required=False, widget=forms.FileInput(attrs=PDF_ACCEPT)
    )


class DecreeEditForm(VersionedForm, DecreeForm):
    field_order = ["kind", "number", "date", "title", "document"]


class BodyMemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.CharField(
        label=_("Position"), max_length=200, required=False, help_text=_("e.g. Kepala Diskominfo")
    )
    role = forms.ChoiceField(label=_("Role in the body"), choices=BodyRole.choices, initial=BodyRole.MEMBER)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices, initial=Sector.GOVERNMENT)

    def __init__(self, *args: Any, region: Region, body: str, current: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_ids = Q(is_active=True)
        if current is not None and current.agency_id:
            agency_ids |= Q(pk=current.agency_id)
        kind = DecreeKind.DEWAN if body == Body.DEWAN else DecreeKind.TIM_PELAKSANA
        self.fields["agency"] = _choices(
            Agency.objects.filter(region=region).filter(agency_ids).order_by("acronym"), _("Agency")
        )
        self.fields["decree"] = _choices(
            Decree.objects.filter(region=region, kind=kind).order_by("-date"), _("Decree")
        )


class BodyMemberEditForm(VersionedForm, BodyMemberForm):
    field_order = ["name", "position", "role", "sector", "agency", "decree"]


class WorkingGroupForm(forms.Form):
    row_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args: Any, region: Region, current: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_ids = Q(is_active=True)
        if current is not None:
            agency_ids |= Q(pk=current.leading_agency_id)
        self.fields["leading_agency"] = _choices(
            Agency.objects.filter(region=region).filter(agency_ids).order_by("acronym"),
            _("Leading agency"),
            required=True,
        )
        self.fields["lead_name"] = forms.CharField(
            label=_("Head of the pokja"), max_length=200, required=False
        )
        self.fields["decree"] = _choices(
            Decree.objects.filter(region=region, kind=DecreeKind.POKJA).order_by("-date"), _("Decree")
        )
        self.order_fields(["leading_agency", "lead_name", "decree", "row_version"])


class ForumMeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    title = forms.CharField(label=_("Title"), max_length=300)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    attendees = forms.IntegerField(label=_("Attendees"), min_value=0, required=False)
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    minutes_file = forms.FileField(
        label=_("Minutes file (PDF)"), required=False, widget=forms.FileInput(attrs=PDF_ACCEPT)
    )


class ForumMeetingEditForm(VersionedForm, ForumMeetingForm):
    field_order = ["date", "title", "place", "attendees", "minutes", "minutes_file"]
