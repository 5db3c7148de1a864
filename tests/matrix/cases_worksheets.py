"""The permission matrix of the worksheet (kertas kerja) pages and API endpoints.

Reading (template, export) needs masterplan.view for region A (ministry admin, pendamping,
coordinator A, agency officer A); importing needs masterplan.change (ministry admin,
coordinator A): 403 for the other readers, 404 for those who may not see the region.
"""

from .cases import LOGIN, Case, expect

UNAUTH = 401
READERS_A = {"ministry_admin": 200, "pendamping": 200, "coordinator_a": 200, "officer_a": 200}
IMPORTERS_A = {"ministry_admin": 200, "coordinator_a": 200, "pendamping": 403, "officer_a": 403}
UPLOADERS_A = {"ministry_admin": 302, "coordinator_a": 302, "pendamping": 403, "officer_a": 403}
# A preview is its creator's (coordinator A here): other importers get 404, readers 403.
PREVIEW_A = {"coordinator_a": 200, "ministry_admin": 404, "pendamping": 403, "officer_a": 403}


def _plan(world):
    """A small plan of region A, imported by the system."""
    from kotacerdas.masterplans.importer import plan_import
    from kotacerdas.masterplans.worksheets import workbook_parse

    from ..worksheet_data import sumbawa_file

    content, _plan = sumbawa_file(world, small=True)
    plan_import(actor=None, region=world.region_a, parsed=workbook_parse(content, region=world.region_a))


def _staged(world):
    """A preview staged by coordinator A; its token is kept on the world for the path."""
    from kotacerdas.masterplans.importer import worksheet_read

    from ..worksheet_data import sumbawa_file

    content, _plan = sumbawa_file(world, small=True)
    started = worksheet_read(actor=world.users["coordinator_a"], region=world.region_a, file=content)
    world.staged_token = str(started.staged.token)


def _file(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ..worksheet_data import sumbawa_file

    content, _plan = sumbawa_file(world, small=True)
    return {"file": SimpleUploadedFile("kertas-kerja.xlsx", content)}


CASES = [
    Case(
        "masterplans:worksheet_template",
        lambda w: "/rencana-induk/52.04/kertas-kerja/templat/",
        expect(404, anonymous=LOGIN, **READERS_A),
    ),
    Case(
        "masterplans:worksheet_export",
        lambda w: "/rencana-induk/52.04/kertas-kerja/ekspor/",
        expect(404, anonymous=LOGIN, **READERS_A),
        setup=_plan,
    ),
    Case(
        "masterplans:worksheet_import",
        lambda w: "/rencana-induk/52.04/kertas-kerja/",
        expect(404, anonymous=LOGIN, **IMPORTERS_A),
    ),
    Case(
        "masterplans:worksheet_import",
        lambda w: "/rencana-induk/52.04/kertas-kerja/",
        expect(404, anonymous=LOGIN, **UPLOADERS_A),
        method="post",
        data=_file,
        id="POST import a worksheet",
    ),
    Case(
        "masterplans:worksheet_preview",
        lambda w: f"/rencana-induk/52.04/kertas-kerja/pratinjau/{w.staged_token}/",
        expect(404, anonymous=LOGIN, **PREVIEW_A),
        setup=_staged,
    ),
    Case(
        "masterplans:worksheet_preview",
        lambda w: f"/rencana-induk/52.04/kertas-kerja/pratinjau/{w.staged_token}/",
        expect(404, anonymous=LOGIN, **PREVIEW_A),
        method="post",
        setup=_staged,
        id="POST confirm a worksheet import",
    ),
    Case(
        "api:masterplan-worksheet-apply",
        lambda w: "/api/v1/masterplans/52.04/worksheet/apply/",
        expect(404, anonymous=UNAUTH, **PREVIEW_A),
        method="post",
        setup=_staged,
        data=lambda w: {"token": w.staged_token},
        content_type="application/json",
        id="API POST apply a worksheet import",
    ),
    Case(
        "api:masterplan-worksheet-template",
        lambda w: "/api/v1/masterplans/52.04/worksheet/template/",
        expect(404, anonymous=UNAUTH, **READERS_A),
    ),
    Case(
        "api:masterplan-worksheet-export",
        lambda w: "/api/v1/masterplans/52.04/worksheet/export/",
        expect(404, anonymous=UNAUTH, **READERS_A),
        setup=_plan,
    ),
    Case(
        "api:masterplan-worksheet-import",
        lambda w: "/api/v1/masterplans/52.04/worksheet/import/",
        expect(404, anonymous=UNAUTH, **IMPORTERS_A),
        method="post",
        data=_file,
        id="API POST import a worksheet (multipart)",
    ),
]
