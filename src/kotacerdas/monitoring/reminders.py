"""Reminders of implementation monitoring, sent by ``kotacerdas send_reminders`` (from cron,
as often as every hour): in the app (the bell) and by e-mail, through ``notifications.notify``.

Who is reminded of what:

- **Reports due.** For each period open today whose deadline falls within ``days`` days: every
  agency with items of its region's plan in force that have no submitted or approved report for
  the period. The agency's officers get one notification per period: "n items … the deadline is
  …", linking to the region's report list of that period and agency. An agency with no active
  officer account is reported to the region's coordinators instead (who may report for any
  agency): one notification per region and period naming those agencies.
- **Reports waiting for approval.** The coordinators of each region with submitted reports get
  one notification per period a day: "n reports wait for your approval", linking to the queue.

Each notification has a dedupe key, unique per recipient: per period, deadline and agency (or
region) for reports due, so a reminder goes out once per deadline (a moved deadline reminds
again); per period, region and day for approvals. Running the command twice notifies once.

The reads are batched: the plans in force, their items, the agencies, officers, coordinators,
and the notifications already sent are each one query for all regions; the reports are one query
per period. Nothing is read once per region.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import ngettext

from kotacerdas.accounts.models import Membership, User
from kotacerdas.core.roles import Role
from kotacerdas.masterplans.models import ActionPlan, QuickWin
from kotacerdas.notifications.models import Notification
from kotacerdas.notifications.services import notify
from kotacerdas.organisation.models import Agency
from kotacerdas.regions.models import Region

from . import selectors
from .choices import ReportState
from .models import ProgressReport, ReportingPeriod

REPORT_DUE = "report_due"
APPROVAL_WAITING = "approval_waiting"
# Agencies named in one coordinator's reminder, at most (then "and n more").
NAMED_AGENCIES = 5
# Dedupe keys looked up per query.
KEY_BATCH = 500


@dataclass(frozen=True)
class Reminder:
    """One notification to send to some people."""

    kind: str
    period: ReportingPeriod
    recipients: tuple[User, ...]
    title: Callable[[], str]
    url: str
    region_id: int
    dedupe_key: str
    count: int  # items due, or reports waiting


@dataclass
class Line:
    """One line of the summary: a kind of reminder in one period."""

    kind: str
    period: ReportingPeriod
    reminders: int = 0  # agencies (or regions) reminded
    count: int = 0  # items due, or reports waiting
    notified: int = 0  # people notified by this run
    already: int = 0  # people who had this reminder already


@dataclass
class ReminderRun:
    on: dt.date
    days: int
    dry_run: bool
    lines: list[Line] = field(default_factory=list)

    @property
    def notified(self) -> int:
        return sum(line.notified for line in self.lines)


def reminders_send(
    *, days: int | None = None, on: dt.date | None = None, dry_run: bool = False
) -> ReminderRun:
    """Send (or, with ``dry_run``, only count) today's reminders; see the module's doc."""
    on = on or selectors.today()
    days = settings.REMINDER_DAYS if days is None else days
    if days < 0:
        raise ValueError("days must not be negative")
    reminders = reminders_due(on=on, days=days) + approvals_waiting(on=on)
    run = ReminderRun(on=on, days=days, dry_run=dry_run)
    lines: dict[tuple[str, int], Line] = {}
    sent = _already_sent(reminders)
    for reminder in reminders:
        line = lines.get((reminder.kind, reminder.period.pk))
        if line is None:
            line = lines[(reminder.kind, reminder.period.pk)] = Line(reminder.kind, reminder.period)
        line.reminders += 1
        line.count += reminder.count
        new = [user for user in reminder.recipients if (user.pk, reminder.dedupe_key) not in sent]
        line.already += len(reminder.recipients) - len(new)
        if not new:
            continue
        if dry_run:
            line.notified += len(new)
            continue
        written = notify(
            recipients=new,
            kind=reminder.kind,
            title=reminder.title,
            url=reminder.url,
            region_id=reminder.region_id,
            dedupe_key=reminder.dedupe_key,
        )
        line.notified += written
        line.already += len(new) - written  # another run sent them meanwhile
    kinds = [REPORT_DUE, APPROVAL_WAITING]
    run.lines = sorted(
        lines.values(), key=lambda line: (line.period.deadline, line.period.pk, kinds.index(line.kind))
    )
    return run


# ---------------------------------------------------------------- reports due


def reminders_due(*, on: dt.date, days: int) -> list[Reminder]:
    """The reminders of reports due: periods open on ``on`` with a deadline within ``days`` days."""
    periods = list(
        ReportingPeriod.objects.filter(
            opens_on__lte=on, deadline__gte=on, deadline__lte=on + dt.timedelta(days=days)
        )
        .select_related("reporting_year")
        .order_by("deadline", "pk")
    )
    if not periods:
        return []
    items = _items_in_force()
    agency_ids = {agency_id for rows in items.values() for _lineage, agency_id in rows}
    agencies = Agency.objects.in_bulk(agency_ids)
    regions = Region.objects.in_bulk(list(items))
    officers = _people(Role.AGENCY_OFFICER, "agency_id", agency_ids)
    coordinators = _people(Role.COORDINATOR, "region_id", items)
    reminders: list[Reminder] = []
    for period in periods:
        done = set(
            ProgressReport.objects.filter(
                period=period, state__in=[ReportState.SUBMITTED, ReportState.APPROVED]
            ).values_list("lineage_id", flat=True)
        )
        for region_id, rows in sorted(items.items()):
            due = Counter(agency_id for lineage, agency_id in rows if lineage not in done)
            if not due:
                continue
            region = regions[region_id]
            without_officers = []
            for agency_id, count in sorted(due.items()):
                agency = agencies[agency_id]
                if agency_id not in officers:
                    without_officers.append((agency, count))
                    continue
                reminders.append(_due_for_agency(period, region, agency, count, officers[agency_id]))
            if without_officers and region_id in coordinators:
                reminders.append(_due_for_region(period, region, without_officers, coordinators[region_id]))
    return reminders


def _items_in_force() -> dict[int, list[tuple[Any, int]]]:
    """``{region id: [(lineage id, agency id), …]}``: the actions and quick wins of every
    region's plan in force (three queries)."""
    in_force = selectors.versions_in_force()
    region_of = {version_id: region_id for region_id, version_id in in_force.items()}
    items: dict[int, list[tuple[Any, int]]] = defaultdict(list)
    for model in (ActionPlan, QuickWin):
        rows = model.objects.filter(version_id__in=list(region_of)).values_list(
            "version_id", "lineage", "agency_id"
        )
        for version_id, lineage_id, agency_id in rows:
            items[region_of[version_id]].append((lineage_id, agency_id))
    return items


def _due_for_agency(
    period: ReportingPeriod, region: Region, agency: Agency, count: int, officers: Sequence[User]
) -> Reminder:
    def title() -> str:
        return ngettext(
            "%(agency)s: %(count)s item has no progress report for %(period)s yet; the deadline is %(date)s.",
            "%(agency)s: %(count)s items have no progress report for %(period)s yet; the deadline is %(date)s.",
            count,
        ) % {
            "agency": agency.acronym,
            "count": count,
            "period": period.label,
            "date": formats.date_format(period.deadline, "j F Y"),
        }

    return Reminder(
        kind=REPORT_DUE,
        period=period,
        recipients=tuple(officers),
        title=title,
        url=_url("monitoring:reports", region, periode=period.code, opd=agency.code),
        region_id=region.pk,
        dedupe_key=f"{REPORT_DUE}:{period.code}:{period.deadline.isoformat()}:agency:{agency.pk}",
        count=count,
    )


def _due_for_region(
    period: ReportingPeriod,
    region: Region,
    agencies: Sequence[tuple[Agency, int]],
    coordinators: Sequence[User],
) -> Reminder:
    count = sum(n for _agency, n in agencies)

    def title() -> str:
        names = ", ".join(agency.acronym for agency, _n in agencies[:NAMED_AGENCIES])
        if len(agencies) > NAMED_AGENCIES:
            names = ngettext(
                "%(names)s and %(n)s more", "%(names)s and %(n)s more", len(agencies) - NAMED_AGENCIES
            ) % {
                "names": names,
                "n": len(agencies) - NAMED_AGENCIES,
            }
        return ngettext(
            "%(count)s item of %(agencies)s (no officer account) has no progress report for %(period)s "
            "yet; the deadline is %(date)s.",
            "%(count)s items of %(agencies)s (no officer account) have no progress report for %(period)s "
            "yet; the deadline is %(date)s.",
            count,
        ) % {
            "count": count,
            "agencies": names,
            "period": period.label,
            "date": formats.date_format(period.deadline, "j F Y"),
        }

    return Reminder(
        kind=REPORT_DUE,
        period=period,
        recipients=tuple(coordinators),
        title=title,
        url=_url("monitoring:reports", region, periode=period.code),
        region_id=region.pk,
        dedupe_key=f"{REPORT_DUE}:{period.code}:{period.deadline.isoformat()}:region:{region.pk}",
        count=count,
    )


# ---------------------------------------------------------------- reports waiting for approval


def approvals_waiting(*, on: dt.date) -> list[Reminder]:
    """The reminders of submitted reports, to their region's coordinators: one per region and
    period, once a day."""
    waiting = list(
        ProgressReport.objects.filter(state=ReportState.SUBMITTED)
        .values("region_id", "period_id")
        .annotate(n=Count("pk"))
        .order_by("region_id", "period_id")
    )
    if not waiting:
        return []
    region_ids = {row["region_id"] for row in waiting}
    regions = Region.objects.in_bulk(region_ids)
    periods = ReportingPeriod.objects.select_related("reporting_year").in_bulk(
        {row["period_id"] for row in waiting}
    )
    coordinators = _people(Role.COORDINATOR, "region_id", region_ids)
    reminders = []
    for row in waiting:
        if row["region_id"] not in coordinators:
            continue
        region, period, count = regions[row["region_id"]], periods[row["period_id"]], row["n"]

        def title(count: int = count, period: ReportingPeriod = period) -> str:
            return ngettext(
                "%(count)s progress report of %(period)s waits for your approval.",
                "%(count)s progress reports of %(period)s wait for your approval.",
                count,
            ) % {"count": count, "period": period.label}

        reminders.append(
            Reminder(
                kind=APPROVAL_WAITING,
                period=period,
                recipients=tuple(coordinators[region.pk]),
                title=title,
                url=_url("monitoring:approvals", region, periode=period.code),
                region_id=region.pk,
                dedupe_key=f"{APPROVAL_WAITING}:{period.code}:{on.isoformat()}:region:{region.pk}",
                count=count,
            )
        )
    return reminders


# ---------------------------------------------------------------- shared reads


def _people(role: str, scope: str, ids: Iterable[int]) -> dict[int, list[User]]:
    """The active users with ``role``, per agency (``scope="agency_id"``) or per region
    (``"region_id"``) of ``ids``: one query."""
    memberships = (
        Membership.objects.filter(role=role, user__is_active=True, **{f"{scope}__in": list(ids)})
        .select_related("user")
        .order_by("user_id")
    )
    people: dict[int, list[User]] = defaultdict(list)
    for membership in memberships:
        people[getattr(membership, scope)].append(membership.user)
    return dict(people)


def _already_sent(reminders: Sequence[Reminder]) -> set[tuple[int, str]]:
    """``(recipient id, dedupe key)`` of the reminders sent before (a query per 500 reminders)."""
    sent: set[tuple[int, str]] = set()
    for start in range(0, len(reminders), KEY_BATCH):
        batch = reminders[start : start + KEY_BATCH]
        sent.update(
            Notification.objects.filter(
                recipient_id__in={user.pk for r in batch for user in r.recipients},
                dedupe_key__in={r.dedupe_key for r in batch},
            ).values_list("recipient_id", "dedupe_key")
        )
    return sent


def _url(name: str, region: Region, **query: str) -> str:
    return f"{reverse(name, args=[region.code])}?{urlencode(query)}"
