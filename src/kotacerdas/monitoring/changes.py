"""How monitoring's changes read in the audit trail: budgets in Rupiah, links to the report."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse

from kotacerdas.core import changes

from .models import Evidence, ProgressReport


def _ids(ids: Sequence[str]) -> list[int]:
    return [int(i) for i in ids if i.isdigit()]


def _report_urls(ids: Sequence[str]) -> dict[str, str]:
    rows = ProgressReport.objects.filter(pk__in=_ids(ids)).values_list("pk", "uid")
    return {str(pk): reverse("monitoring:report", args=[uid]) for pk, uid in rows}


def _evidence_urls(ids: Sequence[str]) -> dict[str, str]:
    rows = Evidence.objects.filter(pk__in=_ids(ids)).values_list("pk", "report__uid")
    return {str(pk): reverse("monitoring:report", args=[uid]) for pk, uid in rows}


def register() -> None:
    report = ProgressReport._meta.label_lower
    changes.register_key(report, "budget_realised", display=changes.rupiah)
    changes.register_url(report, _report_urls)
    changes.register_url(Evidence._meta.label_lower, _evidence_urls)
