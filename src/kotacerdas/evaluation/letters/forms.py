"""Forms of the findings page: a finding (kind and text) and the region's follow-up answer."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import FindingKind
from ..findings import TEXT_MAX


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FindingKind.choices)
    text = forms.CharField(label=_("Finding"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))


class FindingEditForm(FindingForm):
    row_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ResponseForm(forms.Form):
    response = forms.CharField(
        label=_("The region's follow-up"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the region has done or plans to do about this finding."),
    )
    row_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
