"""Who hears of a step in moderation: the region's coordinators when reports are submitted, the
reporting agency's officers when reports are approved or returned (in the app and by e-mail)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kotacerdas.accounts.models import User
from kotacerdas.core.roles import Role
from kotacerdas.notifications.services import notify

from .models import ProgressReport


def coordinators_of(region_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, memberships__role=Role.COORDINATOR, memberships__region_id=region_id
        ).distinct()
    )


def officers_of(agency_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, memberships__role=Role.AGENCY_OFFICER, memberships__agency_id=agency_id
        ).distinct()
    )


def reports_submitted(reports: Sequence[ProgressReport]) -> None:
    """One notification per region to its coordinators: n reports wait for approval."""
    by_region: dict[int, list[ProgressReport]] = defaultdict(list)
    for report in reports:
        by_region[report.region_id].append(report)
    for region_id, items in by_region.items():
        count = len(items)
        first = items[0]
        code = first.region.code

        def title(count: int = count, first: ProgressReport = first) -> str:
            return ngettext(
                "A progress report waits for your approval: %(item)s (%(period)s)",
                "%(count)s progress reports wait for your approval (%(period)s)",
                count,
            ) % {"count": count, "item": first.item_code, "period": first.period.label}

        notify(
            recipients=coordinators_of(region_id),
            kind="report_submitted",
            title=title,
            url=reverse("monitoring:approvals", args=[code]),
            region_id=region_id,
        )


def reports_decided(reports: Sequence[ProgressReport], *, approved: bool) -> None:
    """One notification per agency to its officers: reports approved, or returned with a comment."""
    by_agency: dict[int, list[ProgressReport]] = defaultdict(list)
    for report in reports:
        by_agency[report.agency_id].append(report)
    for agency_id, items in by_agency.items():
        count = len(items)
        first = items[0]

        def title(count: int = count, first: ProgressReport = first) -> str:
            if approved:
                return ngettext(
                    "Your progress report on %(item)s was approved",
                    "%(count)s of your progress reports were approved",
                    count,
                ) % {"count": count, "item": first.item_code}
            return _("Your progress report on %(item)s was returned: %(comment)s") % {
                "item": first.item_code,
                "comment": first.return_comment[:200],
            }

        notify(
            recipients=officers_of(agency_id),
            kind="report_approved" if approved else "report_returned",
            title=title,
            url=reverse("monitoring:report", args=[first.uid]),
            region_id=first.region_id,
        )
