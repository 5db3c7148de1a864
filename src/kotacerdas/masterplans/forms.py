"""Forms of the master-plan editor. Validation of the plan's rules happens in the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.numbers import NumberError, example, format_number, parse_number, style_for
from kotacerdas.organisation.models import Agency
from kotacerdas.programme.models import Dimension, SubDimension

from .choices import BudgetSource, Horizon, RatificationKind, ReadinessElement, SwotKind
from .models import PlanVersion, Programme


class DateInput(forms.DateInput):
    input_type = "date"


class SubDimensionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.dimension.label} · {obj.label}"


class ActiveAgencyIterator(ModelChoiceIterator):
    """Offers active agencies only (and the item's current one); the field still accepts every
    agency of the region, so the plan's rule, not the form, refuses an inactive one."""

    def __iter__(self) -> Any:
        keep = getattr(self.field, "keep", "")
        for value, label in super().__iter__():
            instance = getattr(value, "instance", None)
            if instance is None or instance.is_active or instance.code == keep:
                yield value, label


class AgencyChoice(forms.ModelChoiceField):
    iterator = ActiveAgencyIterator

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.acronym} — {obj.name}"


def _agency_field(form: forms.Form, version: PlanVersion) -> None:
    field = _choice(form, "agency")
    field.queryset = Agency.objects.filter(region_id=version.plan.region_id)
    field.keep = str(form.initial.get("agency") or "")  # type: ignore[attr-defined]


def _choice(form: forms.Form, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


def _years(version: PlanVersion) -> list[int]:
    return list(range(version.plan.start_year, version.plan.end_year + 1))


class NumberInput(forms.TextInput):
    """A text box for numbers written as the reader writes them (``408.000.000``, ``12,5``)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_number(value, get_language())
        return super().format_value(value)


class NumberField(forms.DecimalField):
    """A decimal read in the style of the active language (``core.numbers``), with a message that
    says what was wrong and shows the expected form."""

    widget = NumberInput

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int):
            return Decimal(value)
        language = get_language()
        try:
            return parse_number(str(value), language)
        except NumberError as exc:
            style = style_for(language)
            params = {"example": example(language), "group": style.group, "decimal": style.decimal}
            if exc.code == "decimal":
                message = _("Write at most one decimal separator (“%(decimal)s”), as in %(example)s.")
            elif exc.code == "grouping":
                message = _(
                    "Group thousands by three with “%(group)s” and write decimals after “%(decimal)s”, "
                    "as in %(example)s."
                )
            else:
                message = _("Enter a number with digits only, as in %(example)s.")
            raise ValidationError(message, code="invalid", params=params) from exc


class PlanCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    start_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)


class VersionHeaderForm(forms.Form):
    vision = forms.CharField(label=_("Vision"), max_length=300, required=False)
    vision_explanation = forms.CharField(
        label=_("Meaning of the vision"), widget=forms.Textarea, required=False
    )
    rpjmd_vision = forms.CharField(label=_("RPJMD vision"), max_length=500, required=False)
    rpjmd_alignment = forms.CharField(
        label=_("Alignment with the RPJMD"), widget=forms.Textarea, required=False
    )
    missions = forms.CharField(
        label=_("Missions"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("One mission per line."),
    )
    row_version = forms.IntegerField(widget=forms.HiddenInput)


class ReadinessForm(forms.Form):
    element = forms.ChoiceField(choices=ReadinessElement.choices, widget=forms.HiddenInput)
    score = forms.TypedChoiceField(
        label=_("Score"),
        choices=[("", "—")] + [(str(i), str(i)) for i in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SwotForm(forms.Form):
    element = forms.ChoiceField(label=_("Element"), choices=ReadinessElement.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=SwotKind.choices)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 2}))


class RoadmapForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    dimension = forms.ModelChoiceField(
        label=_("Dimension"), queryset=Dimension.objects.all(), to_field_name="code"
    )
    milestone = forms.CharField(label=_("Milestone"), widget=forms.Textarea(attrs={"rows": 2}))


class ProgrammeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=300)
    subdimension = SubDimensionChoice(
        label=_("Sub-dimension"),
        queryset=SubDimension.objects.select_related("dimension"),
        to_field_name="code",
    )
    agency = AgencyChoice(label=_("Owning agency"), queryset=Agency.objects.none(), to_field_name="code")
    horizon = forms.ChoiceField(label=_("Horizon"), choices=Horizon.choices, initial=Horizon.MEDIUM)
    start_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, version: PlanVersion, dimension: Dimension | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _agency_field(self, version)
        if dimension is not None:
            _choice(self, "subdimension").queryset = SubDimension.objects.filter(
                dimension=dimension
            ).select_related("dimension")
        self.fields["start_year"].initial = version.plan.start_year
        self.fields["end_year"].initial = version.plan.end_year


class ActionForm(forms.Form):
    """An action with its budget per year and source and its target per year (one grid)."""

    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=300)
    agency = AgencyChoice(label=_("Owning agency"), queryset=Agency.objects.none(), to_field_name="code")
    start_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)
    indicator = forms.CharField(label=_("Output indicator"), max_length=300, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=60, required=False)
    baseline = NumberField(label=_("Baseline"), max_digits=18, decimal_places=2, required=False)
    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        version: PlanVersion,
        programme: Programme | None = None,
        action: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        plan_years = _years(version)
        # the grid offers the programme's years (an action lies within them) and the action's own
        span: set[int] = set()
        if programme is not None:
            span |= set(range(programme.start_year, programme.end_year + 1))
        if action is not None:
            span |= set(range(action.start_year, action.end_year + 1))
        self.years = sorted(span & set(plan_years)) or plan_years
        _agency_field(self, version)
        first = programme.start_year if programme is not None else version.plan.start_year
        self.fields["start_year"].initial = first
        self.fields["end_year"].initial = first
        self.fields["start_year"].widget.attrs["data-span"] = "start"
        self.fields["end_year"].widget.attrs["data-span"] = "end"
        for year in self.years:
            for source in BudgetSource.values:
                self.fields[f"budget_{year}_{source}"] = NumberField(
                    label=_("%(source)s budget %(year)s")
                    % {"source": BudgetSource(source).label, "year": year},
                    max_digits=18,
                    decimal_places=2,
                    required=False,
                )
            self.fields[f"target_{year}"] = NumberField(
                label=_("Target %(year)s") % {"year": year}, max_digits=18, decimal_places=2, required=False
            )

    def span(self) -> tuple[int, int]:
        """The action's years as the form shows them (posted, else initial)."""

        def year(name: str) -> int | None:
            raw = self.data.get(name) if self.is_bound else self.initial.get(name, self.fields[name].initial)
            try:
                return int(raw) if raw not in (None, "") else None
            except (TypeError, ValueError):
                return None

        start, end = year("start_year"), year("end_year")
        start = start if start is not None else self.years[0]
        end = end if end is not None and end >= start else start
        return start, end

    def grid(self) -> list[dict[str, Any]]:
        """Rows of the budget/target grid for the template: one per source, and the targets.

        Each cell says its year and whether it lies within the action's years; the page hides
        (and the script disables) the years outside them."""
        start, end = self.span()

        def cells(prefix: str, suffix: str = "") -> list[dict[str, Any]]:
            return [
                {"year": y, "field": self[f"{prefix}{y}{suffix}"], "shown": start <= y <= end}
                for y in self.years
            ]

        rows: list[dict[str, Any]] = [
            {"label": BudgetSource(source).label, "cells": cells("budget_", f"_{source}")}
            for source in BudgetSource.values
        ]
        rows.append({"label": _("Target"), "cells": cells("target_")})
        return rows

    def year_columns(self) -> list[dict[str, Any]]:
        start, end = self.span()
        return [{"year": y, "shown": start <= y <= end} for y in self.years]

    def budgets(self) -> list[tuple[int, str, Decimal]]:
        data = self.cleaned_data
        return [
            (year, source, data[f"budget_{year}_{source}"])
            for year in self.years
            for source in BudgetSource.values
            if data.get(f"budget_{year}_{source}") is not None
        ]

    def targets(self) -> list[tuple[int, Decimal]]:
        data = self.cleaned_data
        return [
            (year, data[f"target_{year}"]) for year in self.years if data.get(f"target_{year}") is not None
        ]

    @staticmethod
    def initial_for(action: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "code": action.code,
            "name": action.name,
            "agency": action.agency.code,
            "start_year": action.start_year,
            "end_year": action.end_year,
            "indicator": action.indicator,
            "unit": action.unit,
            "baseline": action.baseline,
            "row_version": action.row_version,
        }
        for b in action.budgets.all():
            initial[f"budget_{b.year}_{b.source}"] = b.amount
        for t in action.targets.all():
            initial[f"target_{t.year}"] = t.value
        return initial


class QuickWinForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=300)
    acronym = forms.CharField(label=_("Acronym"), max_length=60, required=False)
    expansion = forms.CharField(label=_("Acronym expansion"), max_length=300, required=False)
    dimension = forms.ModelChoiceField(
        label=_("Dimension"), queryset=Dimension.objects.all(), to_field_name="code"
    )
    agency = AgencyChoice(label=_("Owning agency"), queryset=Agency.objects.none(), to_field_name="code")
    target_year = forms.IntegerField(label=_("Target year"), min_value=2000, max_value=2100)
    programme = forms.ModelChoiceField(
        label=_("Linked programme"), queryset=Programme.objects.none(), to_field_name="code", required=False
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, version: PlanVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _agency_field(self, version)
        _choice(self, "programme").queryset = Programme.objects.filter(version=version)
        self.fields["target_year"].initial = version.plan.start_year


class RatifyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Regulation"), choices=RatificationKind.choices)
    number = forms.CharField(label=_("Regulation number"), max_length=120)
    date = forms.DateField(label=_("Regulation date"), widget=DateInput, initial=dt.date.today)
    signatory = forms.CharField(
        label=_("Signed by"),
        max_length=200,
        required=False,
        help_text=_("The regent's or mayor's name, as printed under the regulation."),
    )
    document = forms.FileField(label=_("Document (PDF)"), required=False)
