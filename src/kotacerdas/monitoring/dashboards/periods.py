"""Which reporting period a dashboard shows, and the choices of the period picker."""

from __future__ import annotations

import datetime as dt

from .. import selectors
from ..models import ReportingPeriod


def period_for(code: str | None) -> ReportingPeriod | None:
    """The period a dashboard shows: ``?periode=2024-1`` (404 when unknown), else the current one
    (``None`` when no reporting year is set up)."""
    if code:
        return selectors.period_get(code)
    current = selectors.period_current()
    if current is None:
        return None
    return ReportingPeriod.objects.select_related("reporting_year").get(pk=current.pk)


def period_choices() -> list[ReportingPeriod]:
    """Every reporting period, newest first (for the period picker): one query."""
    return list(ReportingPeriod.objects.order_by("-starts_on"))


def today() -> dt.date:
    """Today in the product's time zone (what deadlines are compared with)."""
    return selectors.today()
