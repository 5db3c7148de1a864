"""The permission matrix of the bulk update's pages and API endpoints (progress reports through a
worksheet).

Everything needs monitoring.view for region A (404 otherwise, 302 to the login page or 401 for
anonymous callers); downloading and uploading a sheet, reporting on some of the region's items:
the ministry admin and coordinator A (every agency), agency officer A (its own agency's items);
the pendamping sees the region but reports on nothing (403). A staged preview is its creator's
(coordinator A here): the other writers get 404, the pendamping 403.
"""

from .cases import LOGIN, Case, expect

UNAUTH = 401
WRITERS_A = {"ministry_admin": 200, "coordinator_a": 200, "officer_a": 200, "pendamping": 403}
UPLOADERS_A = {"ministry_admin": 302, "coordinator_a": 302, "officer_a": 302, "pendamping": 403}
PREVIEW_A = {"coordinator_a": 200, "ministry_admin": 404, "officer_a": 404, "pendamping": 403}


def _setup(world):
    from ..monitoring_data import monitoring_setup

    monitoring_setup(world)


def _sheet(world) -> bytes:
    from kotacerdas.monitoring import bulk
    from kotacerdas.monitoring.selectors import period_get

    return bulk.bulk_template(
        actor=world.users["coordinator_a"], region=world.region_a, period=period_get("2024-1")
    )


def _staged(world):
    """The monitoring data, and a preview staged by coordinator A (its token kept on the world)."""
    from kotacerdas.monitoring import bulk
    from kotacerdas.monitoring.selectors import period_get

    _setup(world)
    preview = bulk.bulk_preview(
        actor=world.users["coordinator_a"],
        region=world.region_a,
        period=period_get("2024-1"),
        file=_sheet(world),
    )
    world.bulk_token = str(preview.token)


def _file(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"period": "2024-1", "file": SimpleUploadedFile("isian.xlsx", _sheet(world))}


CASES = [
    Case(
        "monitoring:bulk_template",
        lambda w: "/pemantauan/52.04/unduh-isian/?periode=2024-1",
        expect(404, anonymous=LOGIN, **WRITERS_A),
        setup=_setup,
    ),
    Case(
        "monitoring:bulk",
        lambda w: "/pemantauan/52.04/unggah/",
        expect(404, anonymous=LOGIN, **WRITERS_A),
        setup=_setup,
    ),
    Case(
        "monitoring:bulk",
        lambda w: "/pemantauan/52.04/unggah/",
        expect(404, anonymous=LOGIN, **UPLOADERS_A),
        method="post",
        setup=_setup,
        data=_file,
        id="POST upload a bulk-update sheet",
    ),
    Case(
        "monitoring:bulk_preview",
        lambda w: f"/pemantauan/52.04/unggah/{w.bulk_token}/",
        expect(404, anonymous=LOGIN, **PREVIEW_A),
        setup=_staged,
    ),
    Case(
        "monitoring:bulk_preview",
        lambda w: f"/pemantauan/52.04/unggah/{w.bulk_token}/",
        expect(404, anonymous=LOGIN, **PREVIEW_A),
        method="post",
        setup=_staged,
        id="POST confirm a bulk update",
    ),
    Case(
        "api:monitoring-bulk-template",
        lambda w: "/api/v1/monitoring/regions/52.04/bulk/template/?period=2024-1",
        expect(404, anonymous=UNAUTH, **WRITERS_A),
        setup=_setup,
    ),
    Case(
        "api:monitoring-bulk-preview",
        lambda w: "/api/v1/monitoring/regions/52.04/bulk/preview/",
        expect(404, anonymous=UNAUTH, **WRITERS_A),
        method="post",
        setup=_setup,
        data=_file,
        id="API POST preview a bulk update (multipart)",
    ),
    Case(
        "api:monitoring-bulk-apply",
        lambda w: "/api/v1/monitoring/regions/52.04/bulk/apply/",
        expect(404, anonymous=UNAUTH, **PREVIEW_A),
        method="post",
        setup=_staged,
        data=lambda w: {"token": w.bulk_token},
        content_type="application/json",
        id="API POST apply a bulk update",
    ),
]
