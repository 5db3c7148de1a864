"""Monitoring test data: region A's small plan ratified, and the 2024 reporting year set up
(quarterly; every period open "today" unless a test moves the date)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kotacerdas.masterplans import services as plan_services
from kotacerdas.monitoring import services
from kotacerdas.monitoring.models import ReportingPeriod, ReportingYear

from .masterplan_data import SmallPlan, small_plan


@dataclass
class Monitoring:
    plan: SmallPlan
    year: ReportingYear
    q1: ReportingPeriod
    q2: ReportingPeriod


def ratified_small_plan(world) -> SmallPlan:
    data = small_plan(world, complete=True)
    coordinator = world.users["coordinator_a"]
    plan_services.version_submit(actor=coordinator, version=data.version)
    plan_services.version_ratify(
        actor=coordinator, version=data.version, kind="perbup", number="7", date=dt.date(2024, 3, 1)
    )
    data.version.refresh_from_db()
    return data


def monitoring_setup(world, *, open_all: bool = True) -> Monitoring:
    """The ratified plan and the 2024 year; with ``open_all`` every period's window is stretched to
    hold today (so tests do not depend on the date they run)."""
    plan = ratified_small_plan(world)
    year = services.reporting_year_setup(actor=world.users["ministry_admin"], year=2024)
    if open_all:
        ReportingPeriod.objects.filter(reporting_year=year).update(
            opens_on=dt.date(2024, 1, 1), deadline=dt.date(2100, 1, 1)
        )
    periods = list(year.periods.order_by("number"))
    return Monitoring(plan=plan, year=year, q1=periods[0], q2=periods[1])


def report_data(status: str = "in_progress", **extra) -> dict:
    return {"status": status, "narrative": "Aplikasi diuji di dua kecamatan.", **extra}
