import datetime as dt

from .cases import LOGIN, Case, expect


def _enrolled(world):
    from kotacerdas.programme import services

    from ..factories import CohortFactory

    CohortFactory(year=2022)
    return services.participation_enrol(
        actor=None, region_code=world.region_a.code, cohort_year=2022, selected_on=dt.date(2022, 1, 10)
    )


def _with_mou(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kotacerdas.programme import services

    participation = _enrolled(world)
    services.mou_record(
        actor=None,
        participation=participation,
        number="NK/52.04/2022",
        date=dt.date(2022, 4, 21),
        signatories="Bupati\nDirjen",
        document=SimpleUploadedFile("mou.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    )
    return participation


CASES = [
    Case(
        "programme:mou_document",
        lambda w: f"/program/peserta/{_with_mou(w).region.code}/mou.pdf",
        expect(404, ministry_admin=200, pendamping=200, coordinator_a=200, officer_a=200, anonymous=LOGIN),
    ),
    Case(
        "programme:cohort_list",
        lambda w: "/program/angkatan/",
        expect(403, ministry_admin=200, anonymous=LOGIN),
    ),
    Case(
        "programme:cohort_list",
        lambda w: "/program/angkatan/",
        expect(403, ministry_admin=302, anonymous=LOGIN),
        method="post",
        data=lambda w: {"year": 2030, "name": "Angkatan 2030"},
        id="POST create cohort",
    ),
    Case("programme:participation_list", lambda w: "/program/peserta/", expect(200, anonymous=LOGIN)),
    Case(
        "programme:participation_enrol",
        lambda w: "/program/peserta/daftarkan/",
        expect(403, ministry_admin=302, anonymous=LOGIN),
        method="post",
        setup=lambda w: _cohort(),
        data=lambda w: {
            "region_code": "51.08",
            "cohort_year": 2022,
            "selected_on": "2022-02-01",
            "track": "regular",
        },
    ),
    Case(
        "programme:participation_detail",
        lambda w: f"/program/peserta/{_enrolled(w).region.code}/",
        expect(404, ministry_admin=200, pendamping=200, coordinator_a=200, officer_a=200, anonymous=LOGIN),
    ),
    Case(
        "programme:participation_detail",
        lambda w: f"/program/peserta/{_enrolled(w).region.code}/",
        expect(404, ministry_admin=400, pendamping=400, coordinator_a=403, officer_a=403, anonymous=LOGIN),
        method="post",
        data=lambda w: {"form": "advance", "stage": "ratified", "date": "2022-03-01", "row_version": 1},
        id="POST stage out of order (refused 400 for those who may change; 403/404 for others)",
    ),
]


def _cohort():
    from ..factories import CohortFactory

    CohortFactory(year=2022)
