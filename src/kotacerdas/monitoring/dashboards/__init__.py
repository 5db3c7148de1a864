"""Reads behind the monitoring dashboards (selectors for the dashboard pages), one module per page:
``method`` (how progress is computed), ``region``, ``quick_wins``, ``agency`` and ``national``.

Every figure comes from the one rule (``monitoring/rollup.py``): the region dashboard reads the
stored roll-up of the period (``RegionProgress``, rewritten when a report is approved) and,
while none is stored, shows the rule computed now; reading never writes. The national table
reads only the stored roll-ups, with SQL aggregates, so its cost does not grow with the plans.
Each function runs a fixed number of queries, whatever the size of the data.
"""

from .agency import AgencyItem, agencies_of, agency_dashboard, agency_for
from .method import MethodExample, method_context, method_example
from .national import (
    BEHIND_MARGIN,
    PAGE_SIZE,
    REPORTING_FLOOR,
    SORTS,
    NationalFilters,
    national_dimension_percents,
    national_filter_options,
    national_median,
    national_readable,
    national_rows,
    national_totals,
)
from .periods import period_choices, period_for, today
from .quick_wins import QuickWinRow, QuickWinSummary, quick_win_board, quick_win_rows, quick_win_summary
from .region import AgencyRow, DimensionRow, ItemRow, OverdueRow, overdue_by_agency, region_dashboard

__all__ = [
    "BEHIND_MARGIN",
    "PAGE_SIZE",
    "REPORTING_FLOOR",
    "SORTS",
    "AgencyItem",
    "AgencyRow",
    "DimensionRow",
    "ItemRow",
    "MethodExample",
    "NationalFilters",
    "OverdueRow",
    "QuickWinRow",
    "QuickWinSummary",
    "agencies_of",
    "agency_dashboard",
    "agency_for",
    "method_context",
    "method_example",
    "national_dimension_percents",
    "national_filter_options",
    "national_median",
    "national_readable",
    "national_rows",
    "national_totals",
    "overdue_by_agency",
    "period_choices",
    "period_for",
    "quick_win_board",
    "quick_win_rows",
    "quick_win_summary",
    "region_dashboard",
    "today",
]
