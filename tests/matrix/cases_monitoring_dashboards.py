"""The monitoring dashboards: the method page is public; a region's dashboards are for those who
see its monitoring (404 for the rest, another region's coordinator included); the national table
for anyone who sees some region's monitoring (each sees only their regions: tested in
test_monitoring_dashboards.py). Every page is read-only: a POST is refused (405)."""

from .cases import LOGIN, Case, expect

READERS_A = {"ministry_admin": 200, "pendamping": 200, "coordinator_a": 200, "officer_a": 200}


def _monitored(w):
    """Region A's ratified plan, the 2024 year, one approved report and its stored roll-up; both
    regions participate."""
    from django.utils import timezone

    from kotacerdas.monitoring import services
    from kotacerdas.monitoring.models import ProgressReport

    from ..factories import ParticipationFactory
    from ..monitoring_data import monitoring_setup, report_data

    m = monitoring_setup(w)
    report = services.report_save(
        actor=w.users["coordinator_a"],
        period=m.q1,
        region_id=w.region_a.pk,
        lineage_id=m.plan.own_action.lineage,
        data=report_data("operational"),
    )
    now = timezone.now()
    ProgressReport.objects.filter(pk=report.pk).update(state="approved", submitted_at=now, decided_at=now)
    services.region_progress_refresh(region_id=w.region_a.pk, period=m.q1)
    ParticipationFactory(region=w.region_a)
    ParticipationFactory(region=w.region_b)
    return m


def _region_case(name, path, **kw):
    return Case(name, lambda w: path, expect(404, anonymous=LOGIN, **READERS_A), setup=_monitored, **kw)


CASES = [
    Case("monitoring:method", lambda w: "/pemantauan/cara-hitung/", expect(200), setup=_monitored),
    Case(
        "monitoring:method",
        lambda w: "/pemantauan/cara-hitung/",
        expect(200),
        id="monitoring: method page, no year yet",
    ),
    Case(
        "monitoring:method",
        lambda w: "/pemantauan/cara-hitung/",
        expect(405),
        method="post",
        id="monitoring: POST method page",
    ),
    Case("monitoring:home", lambda w: "/pemantauan/", expect(302), setup=_monitored),
    _region_case("monitoring:region", "/pemantauan/52.04/?periode=2024-1"),
    _region_case(
        "monitoring:region", "/pemantauan/52.04/", id="monitoring: region A dashboard, current period"
    ),
    Case(
        "monitoring:region",
        lambda w: "/pemantauan/51.08/",
        expect(404, anonymous=LOGIN, ministry_admin=200, coordinator_b=200),
        setup=_monitored,
        id="monitoring: region B dashboard",
    ),
    Case(
        "monitoring:region",
        lambda w: "/pemantauan/99.99/",
        expect(404, anonymous=LOGIN),
        id="monitoring: unknown region",
    ),
    Case(
        "monitoring:region",
        lambda w: "/pemantauan/52.04/",
        expect(405, anonymous=LOGIN),
        method="post",
        id="monitoring: POST region dashboard",
    ),
    _region_case("monitoring:quick_wins", "/pemantauan/52.04/quick-win/?periode=2024-1"),
    _region_case("monitoring:agency", "/pemantauan/52.04/opd/?periode=2024-1"),
    _region_case(
        "monitoring:agency",
        "/pemantauan/52.04/opd/?opd=diskominfo",
        id="monitoring: agency dashboard, chosen agency",
    ),
    Case(
        "monitoring:agency",
        lambda w: "/pemantauan/52.04/opd/?opd=tidak-ada",
        expect(404, anonymous=LOGIN),
        setup=_monitored,
        id="monitoring: unknown agency",
    ),
    Case(
        "monitoring:national",
        lambda w: "/pemantauan/nasional/?periode=2024-1&provinsi=52&urut=-rencana",
        expect(200, assessor=403, anonymous=LOGIN),
        setup=_monitored,
    ),
    Case(
        "monitoring:national_export",
        lambda w: "/pemantauan/nasional/unduh/?periode=2024-1",
        expect(200, assessor=403, anonymous=LOGIN),
        setup=_monitored,
    ),
]
