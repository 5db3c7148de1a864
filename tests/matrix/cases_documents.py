"""Downloads of the master-plan document: readers of region A's plan only (404 for the rest)."""

from .cases import LOGIN, Case, expect


def _plan(world):
    from kotacerdas.masterplans import services

    services.plan_create(
        actor=world.users["coordinator_a"],
        region=world.region_a,
        title="Masterplan Smart City Sumbawa",
        start_year=2024,
        end_year=2028,
    )


READERS = {"ministry_admin": 200, "pendamping": 200, "coordinator_a": 200, "officer_a": 200}

CASES = [
    Case(
        "masterplans:document_pdf",
        lambda w: "/rencana-induk/52.04/dokumen.pdf",
        expect(404, anonymous=LOGIN, **READERS),
        setup=_plan,
        id="master-plan PDF of region A",
    ),
    Case(
        "masterplans:document_docx",
        lambda w: "/rencana-induk/52.04/dokumen.docx?versi=1",
        expect(404, anonymous=LOGIN, **READERS),
        setup=_plan,
        id="master-plan DOCX of region A, version 1",
    ),
    Case(
        "masterplans:document_pdf",
        lambda w: "/rencana-induk/52.04/dokumen.pdf?versi=9",
        expect(404, anonymous=LOGIN),
        setup=_plan,
        id="master-plan PDF of a version that does not exist",
    ),
]
