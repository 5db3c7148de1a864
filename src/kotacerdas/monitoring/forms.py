"""Forms of the progress-report pages. They read what people type (numbers the Indonesian or the
English way, one link per line); the rules of a report are checked by ``services.report_clean``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from kotacerdas.core.files import EVIDENCE_KINDS, kinds_label
from kotacerdas.masterplans.forms import NumberField

from .models import ProgressReport, ProgressStatus

EVIDENCE_ACCEPT = ",".join(ext for kind in EVIDENCE_KINDS for ext in kind.extensions)


def status_label(status: ProgressStatus) -> str:
    """A status as the form offers it: its label and the % it sets (or that it is not counted)."""
    if status.percent is None:
        return pgettext("status choice", "%(label)s (not counted in progress)") % {"label": status.label}
    return pgettext("status choice", "%(label)s (%(percent)s %%)") % {
        "label": status.label,
        "percent": status.percent,
    }


def evidence_help() -> str:
    limit = int(getattr(settings, "EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))
    return str(_("%(kinds)s; at most %(size)s per file.")) % {
        "kinds": kinds_label(EVIDENCE_KINDS),
        "size": filesizeformat(limit),
    }


class ReportForm(forms.Form):
    """One report: status, optional manual % with its reason, budget realised, indicator value,
    narrative, links and one evidence file; ``row_version`` and ``client_key`` travel hidden."""

    status = forms.ChoiceField(label=_("Status"))
    manual_percent = NumberField(
        label=_("Manual progress (%)"),
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty to use the status's %. A manual % needs a reason."),
    )
    manual_reason = forms.CharField(
        label=_("Reason for the manual progress"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    budget_realised = NumberField(
        label=_("Budget realised (Rp, this year so far)"), max_digits=18, decimal_places=2, required=False
    )
    indicator_actual = NumberField(
        label=_("Indicator value achieved"), max_digits=18, decimal_places=2, required=False
    )
    narrative = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    links = forms.CharField(
        label=_("Links to the application"),
        widget=forms.Textarea(attrs={"rows": 2, "inputmode": "url", "autocapitalize": "off"}),
        required=False,
        help_text=_("One web address per line (https://…)."),
    )
    evidence = forms.FileField(
        label=_("Add an evidence file"),
        required=False,
        widget=forms.FileInput(attrs={"accept": EVIDENCE_ACCEPT}),
    )
    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    client_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, statuses: Iterable[ProgressStatus], kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [("", "—")] + [(s.code, status_label(s)) for s in statuses]
        self.fields["evidence"].help_text = evidence_help()
        if kind == "quick_win":  # a quick win has no output indicator in the plan
            del self.fields["indicator_actual"]

    @staticmethod
    def initial_for(report: ProgressReport) -> dict[str, Any]:
        return {
            "status": report.status.code,
            "manual_percent": report.manual_percent,
            "manual_reason": report.manual_reason,
            "budget_realised": report.budget_realised,
            "indicator_actual": report.indicator_actual,
            "narrative": report.narrative,
            "links": "\n".join(report.links or []),
            "row_version": report.row_version,
        }

    def report_data(self) -> dict[str, Any]:
        """What the service gets: the cleaned values without the file and the hidden fields."""
        hidden = {"evidence", "row_version", "client_key"}
        return {k: v for k, v in self.cleaned_data.items() if k not in hidden}
