"""Forms of the monitoring settings pages (the ministry's and a region's). They parse what was
typed; the services check the rules and say what is wrong."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kotacerdas.organisation.models import Agency
from kotacerdas.regions.forms import RegionSearchInput
from kotacerdas.regions.models import Region
from kotacerdas.regions.selectors import region_find

from .choices import PeriodScheme, Weighting
from .models import ProgressStatus, ReportingPeriod

PERCENT_HELP = _("Leave empty for a status that is left out of progress (cancelled, postponed).")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class YearSetupForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    scheme = forms.ChoiceField(
        label=_("Reporting periods"), choices=PeriodScheme.choices, initial=PeriodScheme.QUARTERLY
    )


class PeriodForm(forms.Form):
    """A period's reporting window (its span is fixed by its number)."""

    opens_on = forms.DateField(label=_("Reporting opens"), widget=DateInput)
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput)

    def __init__(self, *args: Any, period: ReportingPeriod, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"p{period.code}")
        kwargs.setdefault("initial", {"opens_on": period.opens_on, "deadline": period.deadline})
        super().__init__(*args, **kwargs)
        self.period = period
        for name, field in self.fields.items():
            field.widget.attrs["form"] = f"period-{period.code}"
            field.widget.attrs["aria-label"] = f"{field.label} · {period.label}"
            del name


class StatusForm(forms.Form):
    """One status of the vocabulary, in the vocabulary's table."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=30)
    label = forms.CharField(label=_("Label"), max_length=80)
    # The table says once, under it, that an empty % leaves a status out of progress.
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, required=False)
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=999)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        code = self.initial.get("code", "")
        for name in ("label", "percent", "position"):
            self.fields[name].widget.attrs["aria-label"] = f"{self.fields[name].label} · {code}"


class BaseStatusFormSet(forms.BaseFormSet[StatusForm]):
    """The year's statuses, each row naming one of them by its code (no other code is taken)."""

    def __init__(self, *args: Any, statuses: Sequence[ProgressStatus], **kwargs: Any) -> None:
        self.statuses = {s.code: s for s in statuses}
        kwargs.setdefault(
            "initial",
            [
                {"code": s.code, "label": s.label, "percent": s.percent, "position": s.position}
                for s in statuses
            ],
        )
        kwargs.setdefault("prefix", "status")
        super().__init__(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        codes = [f.cleaned_data.get("code") for f in self.forms if f.cleaned_data]
        if any(code not in self.statuses for code in codes) or len(set(codes)) != len(codes):
            raise forms.ValidationError(_("The list of statuses changed meanwhile: reload the page."))


# formset_factory makes a subclass of BaseStatusFormSet (its type says only BaseFormSet).
StatusFormSet = cast(
    type[BaseStatusFormSet],
    forms.formset_factory(
        StatusForm, formset=BaseStatusFormSet, extra=0, max_num=100, absolute_max=100, validate_max=True
    ),
)


class StatusAddForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=80)
    percent = forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100, required=False, help_text=PERCENT_HELP
    )
    position = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=999,
        required=False,
        help_text=_("Leave empty to put it last."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "add")
        super().__init__(*args, **kwargs)


class ThresholdsForm(forms.Form):
    amber_gap = forms.DecimalField(
        label=_("Amber when achievement lags absorption by more than (percentage points)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
    )
    red_gap = forms.DecimalField(
        label=_("Red when it lags by more than (percentage points)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
    )
    row_version = forms.IntegerField(widget=forms.HiddenInput)


class LockExceptionForm(forms.Form):
    """Open a locked period again for one region, or one agency of it, until a date."""

    period = forms.ChoiceField(label=_("Period"))
    region = forms.CharField(
        label=_("Region"),
        max_length=200,
        widget=RegionSearchInput(),
        help_text=_("Type a name or a Kemendagri code and pick from the list, e.g. Sumbawa or 52.04."),
    )
    agency = forms.CharField(
        label=_("Agency (OPD)"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to open the period for every agency of the region."),
    )
    until = forms.DateField(label=_("Open until"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(
        self, *args: Any, periods: Sequence[ReportingPeriod], agencies_url: str, **kwargs: Any
    ) -> None:
        kwargs.setdefault("auto_id", "exc_%s")
        super().__init__(*args, **kwargs)
        self.periods = {p.code: p for p in periods}
        period_field = self.fields["period"]
        assert isinstance(period_field, forms.ChoiceField)
        period_field.choices = [(p.code, p.label) for p in periods]
        # The agency box suggests the chosen region's agencies (a datalist filled with HTMX).
        self.fields["agency"].widget.attrs.update(
            {
                "list": "exc_agency-options",
                "autocomplete": "off",
                "hx-get": agencies_url,
                "hx-include": "#exc_region",
                "hx-trigger": "focus, change from:#exc_region",
                "hx-target": "#exc_agency-options",
                "hx-swap": "innerHTML",
            }
        )

    def clean_period(self) -> ReportingPeriod:
        return self.periods[self.cleaned_data["period"]]

    def clean_region(self) -> Region:
        region = region_find(text=self.cleaned_data["region"])
        if region is None:
            raise forms.ValidationError(
                _("No region has this name or code: pick one from the list, or type its Kemendagri code.")
            )
        return region

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        region = cleaned.get("region")
        text = " ".join(str(cleaned.get("agency") or "").split())
        cleaned["agency"] = None
        if isinstance(region, Region) and text:
            cleaned["agency"] = agency_find(region=region, text=text)
            if cleaned["agency"] is None:
                names = ", ".join(agencies_of(region).values_list("acronym", flat=True)[:30]) or "—"
                self.add_error(
                    "agency",
                    _("%(region)s has no agency “%(text)s”. Its agencies: %(names)s.")
                    % {"region": region.name, "text": text, "names": names},
                )
        return cleaned


def agencies_of(region: Region) -> Any:
    return Agency.objects.filter(region=region).order_by("acronym")


def agency_find(*, region: Region, text: str) -> Agency | None:
    """The agency of ``region`` that ``text`` names: its acronym, code or full name, any case."""
    qs = agencies_of(region)
    for field in ("acronym", "code", "name"):
        found = list(qs.filter(**{f"{field}__iexact": text})[:2])
        if len(found) == 1:
            return found[0]
    return None


class RegionSettingsForm(forms.Form):
    weighting = forms.ChoiceField(
        label=_("A programme's progress is"), choices=Weighting.choices, widget=forms.RadioSelect
    )
