from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kotacerdas.regions.forms import RegionSearchInput
from kotacerdas.regions.selectors import region_find

from .choices import Stage, Track
from .models import Kawasan


class DateInput(forms.DateInput):
    input_type = "date"


class CohortForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2015, max_value=2100)
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)


class EnrolForm(forms.Form):
    region_code = forms.CharField(
        label=_("Region"),
        max_length=200,
        widget=RegionSearchInput(),
        help_text=_("Type a name or a Kemendagri code and pick from the list, e.g. Aceh or 52.04."),
    )
    cohort_year = forms.IntegerField(label=_("Cohort year"), min_value=2015, max_value=2100)
    selected_on = forms.DateField(label=_("Selected on"), widget=DateInput)
    track = forms.ChoiceField(label=_("Track"), choices=Track.choices, initial=Track.REGULAR)
    kawasan_code = forms.ModelChoiceField(
        label=_("Kawasan"), queryset=Kawasan.objects.all(), to_field_name="code", required=False
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "enrol_%s")  # the list's filters use the short ids
        super().__init__(*args, **kwargs)

    def clean_region_code(self) -> str:
        """A code or a full name; anything else goes to the service, which names the problem."""
        text = self.cleaned_data["region_code"]
        region = region_find(text=text)
        return region.code if region is not None else text.strip()

    def clean_kawasan_code(self) -> str:
        kawasan = self.cleaned_data.get("kawasan_code")
        return kawasan.code if kawasan else ""


class AdvanceForm(forms.Form):
    """The next stage: only the one that comes next in the path is offered (the service checks
    the facts it needs, so a refused stage reads the same here, in the API and on the page)."""

    stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    date = forms.DateField(label=_("Date"), widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    row_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, next_stage: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["stage"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(next_stage, Stage(next_stage).label)] if next_stage else []


class MoUForm(forms.Form):
    number = forms.CharField(label=_("MoU number"), max_length=120)
    date = forms.DateField(label=_("Date signed"), widget=DateInput)
    signatories = forms.CharField(
        label=_("Signatories"), widget=forms.Textarea, help_text=_("One per line: name, position.")
    )
    document = forms.FileField(label=_("Document (PDF)"), required=False)
