"""Permission matrix of result letters and findings (pages under /evaluasi/, API under
/api/v1/evaluation/).

A round of regions A and B with its index computed; the cast's assessor is assigned to region A
(no conflict declared) with one finding of their own, and the panel has a strength, a weakness
and a recommendation for A. Before publication only the ministry (and, for findings, the
assigned assessor) sees anything: everyone else 404. After publication region A's people
(coordinator, officer, pendamping) read A's letter and findings; coordinator B and the assessor
(for the letter) get 404. Writes: a role that may see the page but not write gets 403; a closed
phase is a 400 with its message (the ministry outside the panel phase, assessors outside the
scoring phases); the coordinator answers the follow-up.
"""

from __future__ import annotations

from typing import Any

from .cases import LOGIN, Case, expect

JSON = "application/json"
ROUND = "2024-2"
PAGE = f"/evaluasi/{ROUND}/52.04"
API = f"/api/v1/evaluation/rounds/{ROUND}"

# Region A's people and the ministry, once published; 404 for the rest.
READ_A = dict(ministry_admin=200, pendamping=200, coordinator_a=200, officer_a=200)


def _round(world: Any, phase: str) -> None:
    from kotacerdas.evaluation.models import Finding
    from tests.evaluation_letters_data import add_findings, assign_assessor, computed_round, entry_of

    round_ = computed_round(world, phase=phase, code=ROUND)
    assignment = assign_assessor(world, round_, submitted=phase in ("panel", "published"))
    panel = add_findings(entry_of(round_, world.region_a))
    world.round = round_
    world.strength, world.weakness, world.recommendation = panel
    world.own = Finding.objects.create(
        entry=assignment.entry, assignment=assignment, kind="weakness", text="Catatan asesor.", position=9
    )


def published(world: Any) -> None:
    _round(world, "published")


def panel(world: Any) -> None:
    _round(world, "panel")


def scoring(world: Any) -> None:
    _round(world, "document_review")


def _zip_job(world: Any) -> None:
    """A finished letters job of the ministry, its zip stored."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from kotacerdas.core.models import Job, JobStatus
    from kotacerdas.evaluation import tasks

    published(world)
    job = Job.objects.create(
        kind=tasks.LETTERS_JOB_KIND,
        created_by=world.users["ministry_admin"],
        status=JobStatus.SUCCEEDED,
        params={"round": ROUND},
    )
    default_storage.save(tasks.letters_job_path(job), ContentFile(b"PK\x05\x06" + b"\0" * 18))
    world.zip_job = job


def _finding(text: str = "Temuan yang diperbaiki.", kind: str = "weakness") -> Any:
    return lambda w: {"kind": kind, "text": text, "row_version": 1}


CASES = [
    # ------------------------------------------------------------ the letter (page)
    Case(
        "evaluation:letter_pdf",
        lambda w: f"{PAGE}/surat.pdf",
        expect(404, anonymous=LOGIN, **READ_A),
        setup=published,
        id="letter of region A, published",
    ),
    Case(
        "evaluation:letter_pdf",
        lambda w: f"{PAGE}/surat.pdf",
        expect(404, anonymous=LOGIN, ministry_admin=200),
        setup=panel,
        id="letter of region A before publication: the ministry's preview only",
    ),
    Case(
        "evaluation:letter_pdf",
        lambda w: f"/evaluasi/{ROUND}/51.08/surat.pdf",
        expect(404, anonymous=LOGIN, ministry_admin=200, coordinator_b=200),
        setup=published,
        id="letter of region B, published: not region A's people",
    ),
    Case(
        "evaluation:letter_pdf",
        lambda w: "/evaluasi/1999-1/52.04/surat.pdf",
        expect(404, anonymous=LOGIN),
        setup=published,
        id="letter of a round that does not exist",
    ),
    # ------------------------------------------------------------ every letter as a zip (pages)
    Case(
        "evaluation:letter_zip",
        lambda w: f"/evaluasi/{ROUND}/surat/",
        expect(403, anonymous=LOGIN, ministry_admin=200),
        setup=published,
        id="letters page of a published round",
    ),
    Case(
        "evaluation:letter_zip",
        lambda w: f"/evaluasi/{ROUND}/surat/",
        expect(404, anonymous=LOGIN, ministry_admin=200),
        setup=panel,
        id="letters page of an unpublished round",
    ),
    Case(
        "evaluation:letter_zip",
        lambda w: f"/evaluasi/{ROUND}/surat/",
        expect(403, anonymous=LOGIN, ministry_admin=302),
        method="post",
        setup=published,
        id="POST make every letter (zip job)",
    ),
    Case(
        "evaluation:letter_zip_file",
        lambda w: f"/evaluasi/{ROUND}/surat/{w.zip_job.code}/",
        expect(403, anonymous=LOGIN, ministry_admin=200),
        setup=_zip_job,
        id="the zip made by the ministry's job",
    ),
    # ------------------------------------------------------------ findings (pages)
    Case(
        "evaluation:finding_list",
        lambda w: f"{PAGE}/temuan/",
        expect(404, anonymous=LOGIN, assessor=200, **READ_A),
        setup=published,
        id="findings of region A, published",
    ),
    Case(
        "evaluation:finding_list",
        lambda w: f"{PAGE}/temuan/",
        expect(404, anonymous=LOGIN, ministry_admin=200, assessor=200),
        setup=scoring,
        id="findings of region A while scoring: the ministry and the assigned assessor",
    ),
    Case(
        "evaluation:finding_add",
        lambda w: f"{PAGE}/temuan/tambah/",
        expect(404, anonymous=LOGIN, assessor=302, ministry_admin=400),
        method="post",
        data=_finding("Portal data belum terbuka."),
        setup=scoring,
        id="POST finding while scoring: the assessor (the panel's phase is not open)",
    ),
    Case(
        "evaluation:finding_add",
        lambda w: f"{PAGE}/temuan/tambah/",
        expect(404, anonymous=LOGIN, assessor=400, ministry_admin=302),
        method="post",
        data=_finding("Portal data belum terbuka."),
        setup=panel,
        id="POST finding in the panel phase: the panel (assessors' phases are closed)",
    ),
    Case(
        "evaluation:finding_add",
        lambda w: f"{PAGE}/temuan/tambah/",
        expect(403, anonymous=LOGIN, coordinator_b=404, ministry_admin=400, assessor=400),
        method="post",
        data=_finding("Portal data belum terbuka."),
        setup=published,
        id="POST finding after publication: refused to everyone",
    ),
    Case(
        "evaluation:finding_edit",
        lambda w: f"{PAGE}/temuan/{w.own.uid}/ubah/",
        expect(404, anonymous=LOGIN, assessor=200, ministry_admin=302),
        setup=scoring,
        id="edit form of the assessor's finding while scoring",
    ),
    Case(
        "evaluation:finding_edit",
        lambda w: f"{PAGE}/temuan/{w.own.uid}/ubah/",
        expect(404, anonymous=LOGIN, assessor=302, ministry_admin=400),
        method="post",
        data=_finding(),
        setup=scoring,
        id="POST edit of the assessor's finding while scoring",
    ),
    Case(
        "evaluation:finding_edit",
        lambda w: f"{PAGE}/temuan/{w.weakness.uid}/ubah/",
        expect(404, anonymous=LOGIN, ministry_admin=302),
        method="post",
        data=_finding(),
        setup=panel,
        id="POST edit of a panel finding in the panel phase",
    ),
    Case(
        "evaluation:finding_remove",
        lambda w: f"{PAGE}/temuan/{w.own.uid}/hapus/",
        expect(404, anonymous=LOGIN, assessor=302, ministry_admin=400),
        method="post",
        setup=scoring,
        id="POST remove of the assessor's finding while scoring (the ministry: a closed phase)",
    ),
    Case(
        "evaluation:finding_remove",
        lambda w: f"{PAGE}/temuan/{w.strength.uid}/hapus/",
        expect(404, anonymous=LOGIN, ministry_admin=302),
        method="post",
        setup=panel,
        id="POST remove of a panel finding in the panel phase",
    ),
    Case(
        "evaluation:finding_respond",
        lambda w: f"{PAGE}/temuan/{w.weakness.uid}/tanggapan/",
        expect(403, anonymous=LOGIN, coordinator_a=302, ministry_admin=302, assessor=404, coordinator_b=404),
        method="post",
        data=lambda w: {
            f"{w.weakness.uid}-response": "Sudah dianggarkan di APBD-P.",
            f"{w.weakness.uid}-row_version": 1,
        },
        setup=published,
        id="POST follow-up of a weakness after publication",
    ),
    Case(
        "evaluation:finding_respond",
        lambda w: f"{PAGE}/temuan/{w.weakness.uid}/tanggapan/",
        expect(404, anonymous=LOGIN, ministry_admin=400),
        method="post",
        data=lambda w: {
            f"{w.weakness.uid}-response": "Sudah dianggarkan.",
            f"{w.weakness.uid}-row_version": 1,
        },
        setup=panel,
        id="POST follow-up before publication",
    ),
]

# ---------------------------------------------------------------- API

API_READ_A = expect(404, anonymous=401, **READ_A)

CASES += [
    Case(
        "api:evaluation-letter",
        lambda w: f"{API}/regions/52.04/letter/",
        API_READ_A,
        setup=published,
        id="API letter of region A, published",
    ),
    Case(
        "api:evaluation-letter",
        lambda w: f"{API}/regions/52.04/letter/",
        expect(404, anonymous=401, ministry_admin=200),
        setup=panel,
        id="API letter of region A before publication",
    ),
    Case(
        "api:evaluation-letter-pdf",
        lambda w: f"{API}/regions/52.04/letter.pdf",
        API_READ_A,
        setup=published,
        id="API letter PDF of region A, published",
    ),
    Case(
        "api:evaluation-letter-pdf",
        lambda w: f"{API}/regions/52.04/letter.pdf",
        expect(404, anonymous=401, ministry_admin=200),
        setup=panel,
        id="API letter PDF before publication",
    ),
    Case(
        "api:evaluation-letters",
        lambda w: f"{API}/letters/",
        expect(403, anonymous=401, ministry_admin=202),
        method="post",
        setup=published,
        id="API POST every letter (zip job), published round",
    ),
    Case(
        "api:evaluation-letters",
        lambda w: f"{API}/letters/",
        expect(404, anonymous=401, ministry_admin=202),
        method="post",
        setup=panel,
        id="API POST every letter (zip job), unpublished round",
    ),
    Case(
        "api:evaluation-finding-list",
        lambda w: f"{API}/regions/52.04/findings/",
        expect(404, anonymous=401, assessor=200, **READ_A),
        setup=published,
        id="API findings of region A, published",
    ),
    Case(
        "api:evaluation-finding-list",
        lambda w: f"{API}/regions/52.04/findings/",
        expect(404, anonymous=401, assessor=201, ministry_admin=400),
        method="post",
        data=lambda w: {"kind": "recommendation", "text": "Perluas layanan ke kecamatan."},
        content_type=JSON,
        setup=scoring,
        id="API POST finding while scoring",
    ),
    Case(
        "api:evaluation-finding-detail",
        lambda w: f"{API}/regions/52.04/findings/{w.own.uid}/",
        expect(404, anonymous=401, assessor=200, ministry_admin=400),
        method="patch",
        data=lambda w: {"text": "Catatan asesor, diperbaiki.", "row_version": 1},
        content_type=JSON,
        setup=scoring,
        id="API PATCH the assessor's finding while scoring",
    ),
    Case(
        "api:evaluation-finding-detail",
        lambda w: f"{API}/regions/52.04/findings/{w.strength.uid}/",
        expect(404, anonymous=401, ministry_admin=204),
        method="delete",
        setup=panel,
        id="API DELETE a panel finding in the panel phase",
    ),
    Case(
        "api:evaluation-finding-response",
        lambda w: f"{API}/regions/52.04/findings/{w.recommendation.uid}/response/",
        expect(403, anonymous=401, coordinator_a=200, ministry_admin=200, assessor=404, coordinator_b=404),
        method="post",
        data=lambda w: {"response": "Rencana SDM disusun 2025.", "row_version": 1},
        content_type=JSON,
        setup=published,
        id="API POST follow-up of a recommendation after publication",
    ),
]
