"""Forms of the round set-up pages: they parse what was typed (a scope of regions, dates);
``round_setup`` checks the rules and says what is wrong."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kotacerdas.programme.models import Cohort, Kawasan
from kotacerdas.regions.models import Region
from kotacerdas.regions.selectors import region_find

from .choices import Phase, Stage
from .models import MethodVersion, Round
from .phases import ORDER
from .round_setup import Scope

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SPLIT = re.compile(r"[\n,;]+")
MAX_LISTED = 600


class ScopeForm(forms.Form):
    """The regions to evaluate: any of a cohort, a kawasan, a province, a list of regions."""

    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.order_by("year"), required=False
    )
    kawasan = forms.ModelChoiceField(
        label=_("Kawasan"), queryset=Kawasan.objects.order_by("name"), required=False
    )
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Region.objects.provinces().order_by("code"), required=False
    )
    regions = forms.CharField(
        label=_("Regions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kemendagri codes or names, one per line or separated by commas, e.g. 52.04, Buleleng."),
    )

    def clean_regions(self) -> list[Region]:
        texts = [t.strip() for t in SPLIT.split(self.cleaned_data.get("regions") or "") if t.strip()]
        if len(texts) > MAX_LISTED:
            raise forms.ValidationError(_("At most %(max)s regions in the list.") % {"max": MAX_LISTED})
        found: list[Region] = []
        unknown: list[str] = []
        for text in texts:
            region = region_find(text=text)
            if region is None or region.level == "province":
                unknown.append(text)
            else:
                found.append(region)
        if unknown:
            raise forms.ValidationError(
                _("Unknown kabupaten/kota: %(names)s.") % {"names": ", ".join(unknown[:10])}
            )
        return found

    def scope(self) -> Scope:
        d = self.cleaned_data
        return Scope(
            cohort=d.get("cohort"),
            kawasan=d.get("kawasan"),
            province=d.get("province"),
            regions=d.get("regions") or (),
        )


class RoundSetupForm(ScopeForm):
    code = forms.CharField(label=_("Code"), max_length=30, help_text=_("For example 2025-2"))
    year = forms.IntegerField(label=_("Year"))
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices, initial=Stage.II)
    method = forms.ModelChoiceField(
        label=_("Method version"), queryset=MethodVersion.objects.order_by("code", "-version")
    )
    name = forms.CharField(
        label=_("Name"), max_length=200, required=False, help_text=_("Empty: from the year and the stage")
    )
    previous = forms.ModelChoiceField(
        label=_("Previous round"),
        queryset=Round.objects.order_by("-year", "-stage"),
        required=False,
        to_field_name="code",
        help_text=_("The round the improvement index is measured against"),
    )

    field_order = [
        "code",
        "year",
        "stage",
        "method",
        "name",
        "previous",
        "cohort",
        "kawasan",
        "province",
        "regions",
    ]


class PhaseDatesForm(forms.Form):
    """Each phase's opening and closing dates (fields ``<phase>_opens``, ``<phase>_closes``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for phase in ORDER:
            label = Phase(phase).label
            self.fields[f"{phase}_opens"] = forms.DateField(label=label, required=False, widget=DATE)
            self.fields[f"{phase}_closes"] = forms.DateField(label=label, required=False, widget=DATE)

    def dates(self) -> dict[str, tuple[Any, Any]]:
        d = self.cleaned_data
        return {phase: (d.get(f"{phase}_opens"), d.get(f"{phase}_closes")) for phase in ORDER}

    def pairs(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(phase, self[f"{phase}_opens"], self[f"{phase}_closes"]) for phase in ORDER]


class AdvanceForm(forms.Form):
    current = forms.ChoiceField(choices=Phase.choices, widget=forms.HiddenInput)
    confirm = forms.BooleanField(label=_("Yes, move the round to its next phase"))


class LockForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices[:-1])
    locked = forms.TypedChoiceField(
        label=_("Action"),
        choices=[("1", _("Lock")), ("0", _("Unlock"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(
        label=_("Note"), max_length=300, help_text=_("Why: the regions and assessors read it.")
    )


class GroupForm(forms.Form):
    group = forms.CharField(label=_("Group"), max_length=30)
