from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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
        label=_("Region code (Kemendagri)"), max_length=5, help_text=_("e.g. 52.04")
    )
    cohort_year = forms.IntegerField(label=_("Cohort year"), min_value=2015, max_value=2100)
    selected_on = forms.DateField(label=_("Selected on"), widget=DateInput)
    track = forms.ChoiceField(label=_("Track"), choices=Track.choices, initial=Track.REGULAR)
    kawasan_code = forms.ModelChoiceField(
        label=_("Kawasan"), queryset=Kawasan.objects.all(), to_field_name="code", required=False
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)

    def clean_kawasan_code(self) -> str:
        kawasan = self.cleaned_data.get("kawasan_code")
        return kawasan.code if kawasan else ""


class AdvanceForm(forms.Form):
    stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    date = forms.DateField(label=_("Date"), widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    row_version = forms.IntegerField(widget=forms.HiddenInput)


class MoUForm(forms.Form):
    number = forms.CharField(label=_("MoU number"), max_length=120)
    date = forms.DateField(label=_("Date signed"), widget=DateInput)
    signatories = forms.CharField(
        label=_("Signatories"), widget=forms.Textarea, help_text=_("One per line: name, position.")
    )
    document = forms.FileField(label=_("Document (PDF)"), required=False)
