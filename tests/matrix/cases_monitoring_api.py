"""Permission matrix of the monitoring API (/api/v1/monitoring/...), and the builders its tests
share (tests/test_api_monitoring.py).

Region A's small plan is ratified and 2024 is set up with every period open. Years and the
vocabulary are public; configuring them and lock exceptions are the ministry's (anonymous 401,
others 403). A report not approved yet is read only by its writers (officer A for its agency's
items, coordinator A) and approvers (coordinator A, the ministry): the pendamping, the assessor
and coordinator B get 404. Writes on reports: anonymous 401; a caller who cannot report in region
A 403; officer A only its agency's items. Progress: those who read region A's monitoring, 404 for
the others.
"""

from __future__ import annotations

from typing import Any

from .cases import Case, expect

BASE = "/api/v1/monitoring/"
JSON = "application/json"

CONFIGURE = expect(403, ministry_admin=200, anonymous=401)
READ_A = expect(200, assessor=404, coordinator_b=404, anonymous=404)
# A report not approved yet: its writers and approvers read it.
READ_UNAPPROVED = expect(200, pendamping=404, assessor=404, coordinator_b=404, anonymous=404)


# ---------------------------------------------------------------- builders


def setup(world: Any) -> Any:
    """Region A's ratified small plan and the 2024 year (every period open)."""
    from tests.monitoring_data import monitoring_setup

    return monitoring_setup(world)


def body(item_code: str = "GOV-01.02", status: str = "in_progress", **extra: Any) -> dict[str, Any]:
    """An upsert body for region A's first quarter of 2024 (GOV-01.02 is officer A's agency's)."""
    return {
        "region": "52.04",
        "period": "2024-1",
        "item_code": item_code,
        "status": status,
        "narrative": "Aplikasi diuji di dua kecamatan.",
        **extra,
    }


def draft(world: Any, code: str = "GOV-01.02", status: str = "in_progress", **extra: Any) -> Any:
    """A draft report by coordinator A (through the service), on the item of ``code``."""
    from kotacerdas.monitoring import selectors, services
    from kotacerdas.monitoring.models import ReportingPeriod

    lineage = selectors.item_lineage_in_force(region_id=world.region_a.pk, code=code)
    return services.report_save(
        actor=world.users["coordinator_a"],
        period=ReportingPeriod.objects.get(reporting_year__year=2024, number=1),
        region_id=world.region_a.pk,
        lineage_id=lineage,
        data={"status": status, "narrative": "Berjalan.", **extra},
    )


def submitted(world: Any, code: str = "GOV-01.02", **extra: Any) -> Any:
    from kotacerdas.monitoring import services

    return services.report_submit(actor=world.users["coordinator_a"], report=draft(world, code, **extra))


def approved(world: Any, code: str = "GOV-01.02", **extra: Any) -> Any:
    from kotacerdas.monitoring import services

    report = submitted(world, code, **extra)
    return services.report_decide(actor=world.users["coordinator_a"], reports=[report], approve=True)[0]


def _uid() -> str:
    from kotacerdas.monitoring.models import ProgressReport

    return str(ProgressReport.objects.get().uid)


def with_draft(world: Any) -> None:
    setup(world)
    draft(world)


def with_submitted(world: Any) -> None:
    setup(world)
    submitted(world)


def with_approved(world: Any) -> None:
    setup(world)
    approved(world)


def locked(world: Any) -> Any:
    """``setup``, with the first quarter of 2024 locked (its deadline was 15 April 2024)."""
    import datetime as dt

    from kotacerdas.monitoring.models import ReportingPeriod

    m = setup(world)
    ReportingPeriod.objects.filter(pk=m.q1.pk).update(deadline=dt.date(2024, 4, 15))
    m.q1.refresh_from_db()
    return m


def with_exception(world: Any) -> None:
    import datetime as dt

    from kotacerdas.monitoring import services

    m = locked(world)
    services.lock_exception_grant(
        actor=world.users["ministry_admin"],
        period=m.q1,
        region_id=world.region_a.pk,
        until=dt.date.today() + dt.timedelta(days=7),
        reason="Server daerah mati saat tenggat",
    )


def _tomorrow() -> str:
    import datetime as dt

    return (dt.date.today() + dt.timedelta(days=1)).isoformat()


# ---------------------------------------------------------------- cases

CASES = [
    # years, periods, vocabulary
    Case("api:monitoring-year-list", lambda w: f"{BASE}years/", expect(200), setup=setup),
    Case(
        "api:monitoring-year-list",
        lambda w: f"{BASE}years/",
        expect(403, ministry_admin=201, anonymous=401),
        method="post",
        data=lambda w: {"year": 2025, "scheme": "semester"},
        content_type=JSON,
        id="API POST set up a year",
    ),
    Case("api:monitoring-year-detail", lambda w: f"{BASE}years/2024/", expect(200), setup=setup),
    Case(
        "api:monitoring-year-detail",
        lambda w: f"{BASE}years/2024/?region=52.04",
        READ_A,
        setup=setup,
        id="API GET year, periods open for region A",
    ),
    Case(
        "api:monitoring-year-detail",
        lambda w: f"{BASE}years/2024/",
        CONFIGURE,
        method="patch",
        setup=setup,
        data=lambda w: {"amber_gap": "5.00", "red_gap": "20.00", "row_version": 1},
        content_type=JSON,
        id="API PATCH thresholds",
    ),
    Case(
        "api:monitoring-period-detail",
        lambda w: f"{BASE}years/2024/periods/1/",
        CONFIGURE,
        method="patch",
        setup=setup,
        data=lambda w: {"deadline": "2100-02-01"},
        content_type=JSON,
    ),
    Case(
        "api:monitoring-status-list",
        lambda w: f"{BASE}years/2024/statuses/",
        expect(403, ministry_admin=201, anonymous=401),
        method="post",
        setup=setup,
        data=lambda w: {"code": "piloting_2", "label": "Uji coba lanjutan", "percent": 80, "position": 4},
        content_type=JSON,
    ),
    Case(
        "api:monitoring-status-detail",
        lambda w: f"{BASE}years/2024/statuses/pilot/",
        CONFIGURE,
        method="patch",
        setup=setup,
        data=lambda w: {"percent": 70},
        content_type=JSON,
    ),
    # reports
    Case("api:monitoring-report-list", lambda w: f"{BASE}reports/", expect(200), setup=with_draft),
    Case(
        "api:monitoring-report-list",
        lambda w: f"{BASE}reports/",
        expect(201, pendamping=403, assessor=403, coordinator_b=403, anonymous=401),
        method="put",
        setup=setup,
        data=lambda w: body(),
        content_type=JSON,
        id="API PUT upsert on officer A's agency's item",
    ),
    Case(
        "api:monitoring-report-list",
        lambda w: f"{BASE}reports/",
        expect(201, officer_a=403, pendamping=403, assessor=403, coordinator_b=403, anonymous=401),
        method="put",
        setup=setup,
        data=lambda w: body("GOV-01.01"),
        content_type=JSON,
        id="API PUT upsert on another agency's item",
    ),
    Case(
        "api:monitoring-report-list",
        lambda w: f"{BASE}reports/",
        expect(200, pendamping=403, assessor=403, coordinator_b=403, anonymous=401),
        method="put",
        setup=with_draft,
        data=lambda w: body(status="pilot"),
        content_type=JSON,
        id="API PUT upsert changing a draft",
    ),
    Case(
        "api:monitoring-report-detail",
        lambda w: f"{BASE}reports/{_uid()}/",
        READ_UNAPPROVED,
        setup=with_draft,
        id="API GET a draft",
    ),
    Case(
        "api:monitoring-report-detail",
        lambda w: f"{BASE}reports/{_uid()}/",
        READ_A,
        setup=with_approved,
        id="API GET an approved report",
    ),
    Case(
        "api:monitoring-report-submit",
        lambda w: f"{BASE}reports/{_uid()}/submit/",
        expect(200, pendamping=404, assessor=404, coordinator_b=404, anonymous=401),
        method="post",
        setup=with_draft,
        data=lambda w: {"row_version": 1},
        content_type=JSON,
    ),
    Case(
        "api:monitoring-report-decide",
        lambda w: f"{BASE}reports/decide/",
        expect(403, ministry_admin=200, coordinator_a=200, coordinator_b=400, anonymous=401),
        method="post",
        setup=with_submitted,
        data=lambda w: {"reports": [_uid()], "approve": True},
        content_type=JSON,
        id="API POST approve (coordinator B cannot see the report: unknown)",
    ),
    Case(
        "api:monitoring-report-reopen",
        lambda w: f"{BASE}reports/{_uid()}/reopen/",
        expect(403, ministry_admin=200, coordinator_a=200, assessor=404, coordinator_b=404, anonymous=401),
        method="post",
        setup=with_approved,
        data=lambda w: {"comment": "Lampirkan foto kegiatan"},
        content_type=JSON,
    ),
    Case(
        "api:monitoring-evidence-list",
        lambda w: f"{BASE}reports/{_uid()}/evidence/",
        READ_UNAPPROVED,
        setup=with_draft,
    ),
    # progress
    Case(
        "api:monitoring-region-progress",
        lambda w: f"{BASE}regions/52.04/progress/?period=2024-1",
        READ_A,
        setup=with_approved,
    ),
    Case(
        "api:monitoring-progress-list", lambda w: f"{BASE}progress/?period=2024-1", expect(200), setup=setup
    ),
    # lock exceptions
    Case(
        "api:monitoring-lock-exception-list",
        lambda w: f"{BASE}lock-exceptions/",
        CONFIGURE,
        setup=with_exception,
    ),
    Case(
        "api:monitoring-lock-exception-list",
        lambda w: f"{BASE}lock-exceptions/",
        expect(403, ministry_admin=201, anonymous=401),
        method="post",
        setup=locked,
        data=lambda w: {
            "period": "2024-1",
            "region": "52.04",
            "agency": "disdukcapil",
            "until": _tomorrow(),
            "reason": "Banjir",
        },
        content_type=JSON,
        id="API POST grant",
    ),
    Case(
        "api:monitoring-lock-exception-detail",
        lambda w: f"{BASE}lock-exceptions/2024-1/52.04/",
        expect(403, ministry_admin=204, anonymous=401),
        method="delete",
        setup=with_exception,
    ),
]
