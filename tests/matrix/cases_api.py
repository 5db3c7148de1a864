"""The permission matrix of the REST API routes of programme, people, audit events and jobs.

API answers: 401 for anonymous callers (never a redirect), 403 for a signed-in caller without
the named permission, 404 for an object the caller may not see.
"""

import datetime as dt

from .cases import Case, expect

UNAUTH = 401
JSON = "application/json"


def _enrolled(world, *, mou: bool = False):
    from kotacerdas.programme import services

    from ..factories import CohortFactory

    CohortFactory(year=2022)
    participation = services.participation_enrol(
        actor=None, region_code=world.region_a.code, cohort_year=2022, selected_on=dt.date(2022, 1, 10)
    )
    if mou:
        services.mou_record(
            actor=None,
            participation=participation,
            number="MOU/52.04/2022",
            date=dt.date(2022, 2, 1),
            signatories="Bupati Sumbawa",
        )
    return participation


def _cohort(world):
    from ..factories import CohortFactory

    CohortFactory(year=2022)


def _event_in_region_a(world):
    from kotacerdas.core.models import AuditEvent

    _enrolled(world)
    return AuditEvent.objects.filter(region=world.region_a).values_list("pk", flat=True).first()


def _job(world):
    from kotacerdas.core.models import Job

    return Job.objects.create(kind="test", created_by=world.users["coordinator_a"])


# Who may see region A's participation, and who may change it.
SEES_A = {"ministry_admin": 200, "pendamping": 200, "coordinator_a": 200, "officer_a": 200}
CHANGES_A = {"coordinator_a": 403, "officer_a": 403}

CASES = [
    # Cohorts: public reads, created with programme.manage.
    Case("api:cohort-list", lambda w: "/api/v1/cohorts/", expect(200)),
    Case(
        "api:cohort-list",
        lambda w: "/api/v1/cohorts/",
        expect(403, ministry_admin=201, anonymous=UNAUTH),
        method="post",
        data=lambda w: {"year": 2030, "name": "Angkatan 2030"},
        content_type=JSON,
        id="API POST create cohort",
    ),
    Case("api:cohort-detail", lambda w: "/api/v1/cohorts/2022/", expect(200), setup=_cohort),
    # Participations: scoped reads; enrolment with programme.manage; changes with participation.change.
    Case("api:participation-list", lambda w: "/api/v1/participations/", expect(200, anonymous=UNAUTH)),
    Case(
        "api:participation-list",
        lambda w: "/api/v1/participations/",
        expect(403, ministry_admin=201, anonymous=UNAUTH),
        method="post",
        setup=_cohort,
        data=lambda w: {"region": "51.08", "cohort": 2022, "selected_on": "2022-02-01"},
        content_type=JSON,
        id="API POST enrol",
    ),
    Case(
        "api:participation-detail",
        lambda w: f"/api/v1/participations/{_enrolled(w).region.code}/",
        expect(404, anonymous=UNAUTH, **SEES_A),
    ),
    Case(
        "api:participation-detail",
        lambda w: f"/api/v1/participations/{_enrolled(w).region.code}/",
        expect(404, ministry_admin=200, pendamping=200, anonymous=UNAUTH, **CHANGES_A),
        method="patch",
        data=lambda w: {"notes": "Catatan", "row_version": 1},
        content_type=JSON,
        id="API PATCH participation notes",
    ),
    Case(
        "api:participation-advance",
        lambda w: f"/api/v1/participations/{_enrolled(w, mou=True).region.code}/advance/",
        expect(404, ministry_admin=200, pendamping=200, anonymous=UNAUTH, **CHANGES_A),
        method="post",
        data=lambda w: {"stage": "mou_signed", "date": "2022-02-01", "row_version": 1},
        content_type=JSON,
    ),
    Case(
        "api:participation-mou",
        lambda w: f"/api/v1/participations/{_enrolled(w).region.code}/mou/",
        expect(404, ministry_admin=201, pendamping=201, anonymous=UNAUTH, **CHANGES_A),
        method="post",
        data=lambda w: {"number": "MOU/1/2022", "date": "2022-02-01", "signatories": "Bupati"},
        id="API POST MoU (multipart)",
    ),
    Case(
        "api:participation-mou",
        lambda w: f"/api/v1/participations/{_enrolled(w, mou=True).region.code}/mou/",
        expect(404, ministry_admin=200, pendamping=200, anonymous=UNAUTH, **CHANGES_A),
        method="put",
        data=lambda w: {"number": "MOU/2/2022", "date": "2022-02-02", "signatories": "Bupati"},
        content_type=JSON,
        id="API PUT MoU (replace)",
    ),
    # People: people.manage for everything but oneself.
    Case("api:person-list", lambda w: "/api/v1/people/", expect(403, ministry_admin=200, anonymous=UNAUTH)),
    Case(
        "api:person-list",
        lambda w: "/api/v1/people/",
        expect(403, ministry_admin=201, anonymous=UNAUTH),
        method="post",
        data=lambda w: {"username": "baru", "full_name": "Orang Baru"},
        content_type=JSON,
        id="API POST create person",
    ),
    Case(
        "api:person-detail",
        lambda w: "/api/v1/people/koord_b/",
        expect(403, ministry_admin=200, coordinator_b=200, anonymous=UNAUTH),
        id="API GET person (koord_b: oneself)",
    ),
    Case("api:person-me", lambda w: "/api/v1/people/me/", expect(200, anonymous=UNAUTH)),
    Case(
        "api:person-memberships",
        lambda w: "/api/v1/people/koord_b/memberships/",
        expect(403, ministry_admin=201, anonymous=UNAUTH),
        method="post",
        data=lambda w: {"role": "pendamping", "region": "51.08"},
        content_type=JSON,
    ),
    Case(
        "api:person-membership",
        lambda w: f"/api/v1/people/koord_b/memberships/{w.users['coordinator_b'].memberships.get().pk}/",
        expect(403, ministry_admin=204, anonymous=UNAUTH),
        method="delete",
    ),
    # Audit trail: everything for ministry admins, one's regions for the others.
    Case("api:audit-event-list", lambda w: "/api/v1/audit-events/", expect(200, anonymous=UNAUTH)),
    Case(
        "api:audit-event-detail",
        lambda w: f"/api/v1/audit-events/{_event_in_region_a(w)}/",
        expect(404, anonymous=UNAUTH, **SEES_A),
        id="API GET audit event of region A",
    ),
    # Jobs: their creator and ministry admins.
    Case(
        "api:job-detail",
        lambda w: f"/api/v1/jobs/{_job(w).code}/",
        expect(404, ministry_admin=200, coordinator_a=200, anonymous=UNAUTH),
    ),
]
