"""Monitoring settings: the ministry's pages (``monitoring.configure``: reporting years, periods,
status vocabulary, thresholds, lock exceptions) and a region's weighting (``monitoring.approve``:
the region's coordinator and the ministry).

The ministry's pages hold no region's data: every other signed-in role gets 403. The region's
page is found among the regions whose monitoring the role may see (404 for the others, coordinator
of B and assessor), then refused to those who may see but not approve (pendamping, officer: 403).
"""

import datetime as dt

from .cases import LOGIN, Case, expect

BASE = "/pemantauan/pengaturan"
MINISTRY_GET = expect(403, ministry_admin=200, anonymous=LOGIN)
MINISTRY_POST = expect(403, ministry_admin=302, anonymous=LOGIN)


def _year(world):
    from ..monitoring_data import monitoring_setup

    return monitoring_setup(world)


def _locked_with_exception(world):
    from django.utils import timezone

    from kotacerdas.monitoring import services
    from kotacerdas.monitoring.models import ReportingPeriod

    m = _year(world)
    ReportingPeriod.objects.filter(pk=m.q1.pk).update(deadline=dt.date(2024, 4, 15))
    m.q1.refresh_from_db()
    services.lock_exception_grant(
        actor=world.users["ministry_admin"],
        period=m.q1,
        region_id=world.region_a.pk,
        until=timezone.localdate() + dt.timedelta(days=3),
        reason="Server daerah mati",
    )
    return m


def _exception_pk(world):
    from kotacerdas.monitoring.models import LockException

    return LockException.objects.get().pk


def _statuses(world):
    from kotacerdas.monitoring.models import ProgressStatus

    statuses = list(ProgressStatus.objects.filter(reporting_year__year=2024))
    data = {
        "status-TOTAL_FORMS": str(len(statuses)),
        "status-INITIAL_FORMS": str(len(statuses)),
        "status-MIN_NUM_FORMS": "0",
        "status-MAX_NUM_FORMS": "100",
    }
    for i, s in enumerate(statuses):
        percent = 70 if s.code == "pilot" else s.percent
        data.update(
            {
                f"status-{i}-code": s.code,
                f"status-{i}-label": s.label,
                f"status-{i}-percent": "" if percent is None else percent,
                f"status-{i}-position": s.position,
            }
        )
    return data


def _grant(world):
    from django.utils import timezone

    return {
        "period": "2024-1",
        "region": "52.04",
        "agency": "Disdukcapil",
        "until": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
        "reason": "Banjir di kantor dinas",
    }


CASES = [
    Case("monitoring:settings", lambda w: f"{BASE}/", MINISTRY_GET),
    Case(
        "monitoring:settings",
        lambda w: f"{BASE}/",
        MINISTRY_POST,
        method="post",
        data=lambda w: {"year": 2030, "scheme": "semester"},
        id="POST set up a year",
    ),
    Case(
        "monitoring:settings_agencies",
        lambda w: f"{BASE}/opd/?region=52.04",
        MINISTRY_GET,
    ),
    Case("monitoring:settings_year", lambda w: f"{BASE}/2024/", MINISTRY_GET, setup=_locked_with_exception),
    Case(
        "monitoring:settings_year",
        lambda w: f"{BASE}/2031/",
        expect(403, ministry_admin=404, anonymous=LOGIN),
        id="GET a year not set up",
    ),
    Case(
        "monitoring:settings_period",
        lambda w: f"{BASE}/periode/2024-2/",
        MINISTRY_POST,
        method="post",
        setup=_year,
        data=lambda w: {"p2024-2-opens_on": "2024-04-01", "p2024-2-deadline": "2024-07-31"},
    ),
    Case(
        "monitoring:settings_statuses",
        lambda w: f"{BASE}/2024/status/",
        MINISTRY_POST,
        method="post",
        setup=_year,
        data=_statuses,
    ),
    Case(
        "monitoring:settings_status_add",
        lambda w: f"{BASE}/2024/status/tambah/",
        MINISTRY_POST,
        method="post",
        setup=_year,
        data=lambda w: {"add-label": "Uji coba terbatas", "add-percent": "60"},
    ),
    Case(
        "monitoring:settings_thresholds",
        lambda w: f"{BASE}/2024/ambang/",
        MINISTRY_POST,
        method="post",
        setup=_year,
        data=lambda w: {"amber_gap": "15", "red_gap": "30", "row_version": 1},
    ),
    Case(
        "monitoring:settings_exception_grant",
        lambda w: f"{BASE}/2024/pengecualian/",
        MINISTRY_POST,
        method="post",
        setup=_locked_with_exception,
        data=_grant,
    ),
    Case(
        "monitoring:settings_exception_revoke",
        lambda w: f"{BASE}/2024/pengecualian/cabut/",
        MINISTRY_POST,
        method="post",
        setup=_locked_with_exception,
        data=lambda w: {"exception": _exception_pk(w)},
    ),
    Case(
        "monitoring:region_settings",
        lambda w: "/pemantauan/52.04/pengaturan/",
        expect(404, ministry_admin=200, coordinator_a=200, pendamping=403, officer_a=403, anonymous=LOGIN),
        setup=_year,
    ),
    Case(
        "monitoring:region_settings",
        lambda w: "/pemantauan/52.04/pengaturan/",
        expect(404, ministry_admin=302, coordinator_a=302, pendamping=403, officer_a=403, anonymous=LOGIN),
        method="post",
        setup=_year,
        data=lambda w: {"weighting": "budget"},
        id="POST choose the weighting",
    ),
    Case(
        "monitoring:region_settings",
        lambda w: "/pemantauan/99.99/pengaturan/",
        expect(404, anonymous=LOGIN),
        id="GET an unknown region",
    ),
]
