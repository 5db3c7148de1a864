"""Result letters: what a letter says (figures the Indonesian way, ranks, weights, findings, the
computation it comes from), the PDF read back with pdftotext, who may download it and when, the
zip of every letter of a round made by a background job, and the API."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage

from kotacerdas.core.jobs import job_temp_files
from kotacerdas.core.models import Job, JobStatus
from kotacerdas.evaluation import tasks
from kotacerdas.evaluation.letters import context as letter_context_module
from kotacerdas.evaluation.letters.archive import letters_zip_write
from kotacerdas.evaluation.letters.context import (
    LetterFacts,
    RoundFacts,
    SnapshotFacts,
    figure,
    letter_context,
    letter_filename,
    rank_of,
    signed,
)
from kotacerdas.evaluation.letters.data import letter_facts, letter_facts_batches, round_facts
from kotacerdas.evaluation.models import Finding, Round

from .evaluation_letters_data import (
    JAMBI_2024,
    add_findings,
    assign_assessor,
    computed_round,
    entry_of,
    scored_round,
)
from .test_documents import pdf_text

LETTER_A = "/evaluasi/2024-2/52.04/surat.pdf"


# ---------------------------------------------------------------- pure: how figures are written


def test_figures_are_written_the_indonesian_way():
    assert figure(Decimal("3.48"), 2) == "3,48"
    assert figure("3.315", 2) == "3,32"  # half up, never 3,31 by accident
    assert figure(Decimal("3.4"), 2) == "3,40"
    assert figure(None, 2) == ""
    assert signed(Decimal("0.25"), 2) == "+0,25"
    assert signed(Decimal("-0.1"), 2) == "-0,10"
    assert signed(Decimal("0"), 2) == "0,00"
    assert signed(Decimal("-0.001"), 2) == "0,00"  # rounds to zero: no sign
    assert signed(None, 2) == ""
    assert rank_of(13, 191) == "13 dari 191"


def test_letter_file_names_are_plain_ascii():
    assert letter_filename("2024-2", "52.04", "Kabupaten Sumbawa") == "surat-2024-2-52.04-sumbawa.pdf"
    assert letter_filename("2024-2", "15.71", "Kota Jambi") == "surat-2024-2-15.71-jambi.pdf"
    assert letter_filename("2024-2", "91.01", "Kabupaten Pegunungan Arfak") == (
        "surat-2024-2-91.01-pegunungan-arfak.pdf"
    )
    assert letter_filename("2024-2", "12.34", "Kota Ü") == "surat-2024-2-12.34.pdf"


def _facts(**extra):
    round_ = RoundFacts(
        code="2024-2",
        name="Evaluasi 2024",
        year=2024,
        stage="2",
        published=True,
        published_on=dt.date(2024, 11, 7),
        decimals=2,
        snapshot=SnapshotFacts(
            number=3,
            digest="f" * 64,
            computed_at=dt.datetime(2024, 11, 1, 14, 5),
            engine="1",
            method="uji v1",
        ),
        weights={
            "regular": {"BASELINE": Decimal(10), "OUTPUT": Decimal(20)},
            "kawasan": {"BASELINE": Decimal(10), "KOLABORASI": Decimal("10.5")},
        },
        dimension_names={"BASELINE": "Baseline", "OUTPUT": "Output", "KOLABORASI": "Program Kolaborasi"},
        smart_names={"GOV": "Smart Governance", "ECO": "Smart Economy"},
        national_total=191,
        province_totals={7: 11},
    )
    letter = LetterFacts(
        region_code="15.71",
        region_name="Kota Jambi",
        region_level="kota",
        region_capital="Jambi",
        province_id=7,
        province_name="Provinsi Jambi",
        group="regular",
        index=Decimal("3.48"),
        improvement=Decimal("0.25"),
        predicate="Sangat Baik",
        rank_national=13,
        rank_province=2,
        dimensions={"BASELINE": "3.84", "OUTPUT": "3.18"},
        smart={"ECO": {"score": "3.1", "rank": 4}},
        findings=[("recommendation", "R1"), ("strength", "S1"), ("recommendation", "R2")],
    )
    for key, value in extra.items():
        object.__setattr__(letter, key, value)
    return round_, letter


def test_letter_context_holds_every_figure_of_the_letter():
    round_, letter = _facts()
    ctx = letter_context(round_, letter, today=dt.date(2030, 1, 1))
    assert ctx["index"] == "3,48" and ctx["improvement"] == "+0,25"
    assert ctx["rank_national"] == "13 dari 191" and ctx["rank_province"] == "2 dari 11"
    assert ctx["region"]["head"] == "Wali Kota Jambi" and ctx["region"]["province"] == "Jambi"
    assert ctx["date"] == "7 November 2024"  # the publication's date, not today
    assert [(d["name"], d["weight"], d["score"]) for d in ctx["dimensions"]] == [
        ("Baseline", "10 %", "3,84"),
        ("Output", "20 %", "3,18"),
    ]
    assert ctx["smart"] == [{"code": "ECO", "name": "Smart Economy", "score": "3,10", "rank": "4"}]
    assert [(g["kind"], g["items"]) for g in ctx["findings"]] == [
        ("strength", ["S1"]),
        ("weakness", []),
        ("recommendation", ["R1", "R2"]),
    ]
    assert ctx["snapshot"]["computed"] == "1 November 2024 pukul 14.05 WIB"
    assert ctx["preview"] is False


def test_a_kawasan_region_gets_its_groups_weights():
    round_, letter = _facts(group="kawasan", dimensions={"BASELINE": "3.00", "KOLABORASI": "2.5"})
    ctx = letter_context(round_, letter, today=dt.date(2030, 1, 1))
    assert [(d["name"], d["weight"], d["score"]) for d in ctx["dimensions"]] == [
        ("Baseline", "10 %", "3,00"),
        ("Program Kolaborasi", "10,5 %", "2,50"),
    ]


def test_an_unpublished_letter_is_a_preview_dated_today():
    round_, letter = _facts(improvement=None)
    round_ = RoundFacts(**{**round_.__dict__, "published": False, "published_on": None})
    ctx = letter_context(round_, letter, today=dt.date(2025, 3, 2))
    assert ctx["preview"] is True and ctx["date"] == "2 Maret 2025"
    assert ctx["improvement"] == ""


# ---------------------------------------------------------------- the PDF


@pytest.mark.django_db
def test_the_letter_pdf_shows_the_index_ranks_dimensions_and_findings(world, tmp_path):
    round_ = computed_round(world)
    add_findings(entry_of(round_, world.region_a))
    response = world.client_for("coordinator_a").get(LETTER_A)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="surat-2024-2-52.04-sumbawa.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content, tmp_path)
    assert "Indeks Pencapaian 3,48" in text  # Kota Jambi 2024's parts: 3.48
    assert "Peringkat nasional 1 dari 2" in text
    assert "Peringkat di Provinsi 52 1 dari 1" in text
    assert "Outcome 30 % 3,53" in text and "Quick_Win 20 % 3,35" in text
    assert "Kolaborasi" not in text  # a regular region: no Kolaborasi weight
    assert "tidak tersedia" in text  # a historical round has no smart-dimension scores
    assert "Anggaran quick win belum tercantum di APBD." in text
    assert "Susun rencana pengembangan SDM digital." in text
    snapshot = round_.snapshot
    assert snapshot.digest in text.replace(" ", "")
    assert "perhitungan ke-1" in text
    assert "Bupati Sumbawa" in text and "PRATINJAU" not in text
    # region B's letter: Kota Kediri's 2022 parts give 3.315, published 3,32, second of two
    text_b = pdf_text(
        world.client_for("coordinator_b").get("/evaluasi/2024-2/51.08/surat.pdf").content, tmp_path
    )
    assert "Indeks Pencapaian 3,32" in text_b and "Peringkat nasional 2 dari 2" in text_b


@pytest.mark.django_db
def test_the_letter_prints_the_improvement_over_the_previous_round(world, tmp_path):
    from .evaluation_data import method_make

    method = method_make()
    first = computed_round(world, code="2023-2", year=2023, method=method)
    computed_round(world, method=method, previous=first)
    # region A: the same parts in both rounds, so +0,00; the letter says so rather than nothing
    text = pdf_text(world.client_for("coordinator_a").get(LETTER_A).content, tmp_path)
    assert "Indeks Peningkatan 0,00" in text


@pytest.mark.django_db
def test_improvement_sign_and_no_previous_round(world, tmp_path):
    from kotacerdas.evaluation.models import DimensionInput

    from .evaluation_data import method_make

    method = method_make()
    first = computed_round(world, code="2023-2", year=2023, method=method)
    DimensionInput.objects.filter(
        entry__round=first, entry__region=world.region_a, dimension__code="OUTCOME"
    ).update(score=Decimal("3.00"))
    from kotacerdas.evaluation.services import index_compute

    index_compute(actor=world.users["ministry_admin"], round_=first)
    computed_round(world, method=method, previous=first)
    text = pdf_text(world.client_for("coordinator_a").get(LETTER_A).content, tmp_path)
    assert "Indeks Peningkatan +0,16" in text  # 30 % × (3.53 - 3.00) = 0.159
    first_text = pdf_text(
        world.client_for("coordinator_a").get("/evaluasi/2023-2/52.04/surat.pdf").content, tmp_path
    )
    assert "tidak ada putaran sebelumnya" in first_text


@pytest.mark.django_db
def test_findings_print_as_written_whatever_their_characters(world, tmp_path):
    round_ = computed_round(world)
    tricky = 'Pakai #let x = 1, $a^2$, *tebal*, _miring_, <label> @ref \\ [kurung] "kutip" // bukan komentar'
    Finding.objects.create(entry=entry_of(round_, world.region_a), kind="weakness", text=tricky)
    text = pdf_text(world.client_for("coordinator_a").get(LETTER_A).content, tmp_path)
    assert tricky in text


@pytest.mark.django_db
def test_only_submitted_reviews_and_the_panel_are_printed(world, tmp_path):
    round_ = computed_round(world)
    entry = entry_of(round_, world.region_a)
    draft = assign_assessor(world, round_, submitted=False)
    Finding.objects.create(entry=entry, assignment=draft, kind="strength", text="Belum dikirim asesor.")
    Finding.objects.create(entry=entry, kind="strength", text="Temuan panel.")
    text = pdf_text(world.client_for("coordinator_a").get(LETTER_A).content, tmp_path)
    assert "Temuan panel." in text and "Belum dikirim asesor." not in text


@pytest.mark.django_db
def test_before_publication_only_the_ministry_previews(world, tmp_path):
    computed_round(world, phase="panel")
    for role in ("coordinator_a", "pendamping", "officer_a", "assessor", "coordinator_b"):
        assert world.client_for(role).get(LETTER_A).status_code == 404, role
    response = world.client_for("ministry_admin").get(LETTER_A)
    assert response.status_code == 200
    assert "PRATINJAU" in pdf_text(response.content, tmp_path)
    Round.objects.filter(code="2024-2").update(phase="published")
    assert world.client_for("coordinator_a").get(LETTER_A).status_code == 200
    assert world.client_for("coordinator_b").get(LETTER_A).status_code == 404
    assert world.client_for("anonymous").get(LETTER_A).status_code == 302


@pytest.mark.django_db
def test_no_letter_until_the_index_is_computed(world):
    from .evaluation_data import historical_round, method_make

    historical_round(method_make(), {world.region_a: JAMBI_2024}, code="2024-2")
    assert world.client_for("ministry_admin").get(LETTER_A).status_code == 404
    assert world.client_for("coordinator_a").get(LETTER_A).status_code == 404


@pytest.mark.django_db
def test_letter_reads_do_not_grow_with_the_round(world, django_assert_max_num_queries):
    round_ = computed_round(world)
    add_findings(entry_of(round_, world.region_a))
    facts = round_facts(round_)
    assert facts.national_total == 2
    with django_assert_max_num_queries(2):
        letter = letter_facts(round_, world.region_a.pk)
    assert letter is not None and [k for k, _t in letter.findings] == [
        "strength",
        "weakness",
        "recommendation",
    ]


# ---------------------------------------------------------------- every letter in one zip


@pytest.mark.django_db
def test_batches_cover_every_region_once_in_code_order(world):
    round_ = computed_round(world)
    codes = [f.region_code for f in letter_facts_batches(round_, batch=1)]
    assert codes == ["51.08", "52.04"]


@pytest.mark.django_db
def test_letters_zip_holds_one_pdf_per_region(world, tmp_path):
    round_ = computed_round(world)
    seen = []
    target = io.BytesIO()
    count = letters_zip_write(
        round_, target, today=dt.date(2024, 11, 7), progress=lambda done, total: seen.append((done, total))
    )
    assert count == 2 and seen == [(1, 2), (2, 2)]
    with zipfile.ZipFile(io.BytesIO(target.getvalue())) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names == ["surat-2024-2-51.08-buleleng.pdf", "surat-2024-2-52.04-sumbawa.pdf"]
        assert "Indeks Pencapaian 3,32" in pdf_text(archive.read(names[0]), tmp_path)
        assert "Indeks Pencapaian 3,48" in pdf_text(archive.read(names[1]), tmp_path)


def test_the_zip_stream_writes_what_zipfile_reads(tmp_path):
    from kotacerdas.evaluation.letters.zipstream import ZipLimitError, ZipStream

    path = tmp_path / "letters.zip"
    payloads = {f"surat-{n:03d}-é.pdf": bytes([n % 256]) * (n * 37) for n in range(300)}
    with open(path, "wb") as handle, ZipStream(handle, dt.datetime(2024, 11, 7, 14, 5, 30)) as archive:
        for name, data in payloads.items():
            archive.add(name, data)
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == list(payloads)  # names kept as UTF-8, in order
        assert all(archive.read(name) == data for name, data in payloads.items())
        info = archive.getinfo("surat-001-é.pdf")
        assert info.date_time == (2024, 11, 7, 14, 5, 30) and info.external_attr >> 16 == 0o100644
    empty = io.BytesIO()
    with ZipStream(empty, dt.datetime(2024, 1, 1)):
        pass
    with zipfile.ZipFile(empty) as archive:
        assert archive.namelist() == []
    with pytest.raises(ZipLimitError), ZipStream(io.BytesIO(), dt.datetime(2024, 1, 1)) as stream:
        stream._entries = 0xFFFF  # as if 65,535 letters were written
        stream.add("one-too-many.pdf", b"x")


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.mark.django_db
def test_the_zip_job_runs_end_to_end_and_ends_in_a_download(
    world, immediate_tasks, tmp_path, django_capture_on_commit_callbacks
):
    computed_round(world)
    client = world.client_for("ministry_admin")
    page = client.get("/evaluasi/2024-2/surat/")
    assert page.status_code == 200 and b"/evaluasi/2024-2/surat/" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/evaluasi/2024-2/surat/")
    job = Job.objects.get(kind=tasks.LETTERS_JOB_KIND)
    assert response.status_code == 302 and response["Location"] == f"/tugas/{job.code}/"
    assert job.status == JobStatus.SUCCEEDED and job.progress == 100, job.detail
    assert job.result["letters"] == 2 and job.params == {"round": "2024-2"}
    download = f"/evaluasi/2024-2/surat/{job.code}/"
    assert download in client.get(response["Location"]).content.decode()
    assert download in client.get("/evaluasi/2024-2/surat/").content.decode()  # listed on the page
    file = client.get(download)
    assert file.status_code == 200 and file["Content-Type"] == "application/zip"
    assert file["Content-Disposition"] == 'attachment; filename="surat-2024-2.zip"'
    content = b"".join(file.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert len(archive.namelist()) == 2
        assert all(archive.read(n).startswith(b"%PDF") for n in archive.namelist())
    # the zip is the job's file: jobs_cleanup removes it with the job
    assert default_storage.exists(tasks.letters_job_path(job))
    assert job_temp_files(job) == [tasks.letters_job_path(job)]
    # the ministry only: a coordinator may not start it nor download it
    coordinator = world.client_for("coordinator_a")
    assert coordinator.post("/evaluasi/2024-2/surat/").status_code == 403
    assert coordinator.get(download).status_code == 403


@pytest.mark.django_db
def test_asking_twice_while_the_job_waits_gives_the_same_job(world, django_capture_on_commit_callbacks):
    computed_round(world)
    client = world.client_for("ministry_admin")
    with django_capture_on_commit_callbacks(execute=False):
        first = client.post("/evaluasi/2024-2/surat/")
        second = client.post("/evaluasi/2024-2/surat/")
    assert first["Location"] == second["Location"]
    assert Job.objects.filter(kind=tasks.LETTERS_JOB_KIND).count() == 1


@pytest.mark.django_db
def test_no_zip_before_the_index_is_computed(world, django_capture_on_commit_callbacks):
    from .evaluation_data import historical_round, method_make

    historical_round(method_make(), {world.region_a: JAMBI_2024}, code="2024-2")
    client = world.client_for("ministry_admin")
    assert b"data-letters" not in client.get("/evaluasi/2024-2/").content  # nothing to print yet
    page = client.get("/evaluasi/2024-2/surat/")
    assert page.status_code == 200 and b'action="/evaluasi/2024-2/surat/"' not in page.content
    response = client.post("/evaluasi/2024-2/surat/", follow=True)
    assert response.status_code == 200
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_a_job_whose_round_lost_its_computation_fails_with_a_message(world, immediate_tasks):
    from django.utils import translation

    from kotacerdas.core.jobs import job_run

    job = Job.objects.create(kind=tasks.LETTERS_JOB_KIND, params={"round": "1999-1"})
    with translation.override("en"):
        job_run(str(job.code), tasks.letters_work)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "computed" in job.message


@pytest.mark.django_db
def test_a_download_of_another_rounds_or_an_unfinished_job_is_404(world):
    round_ = computed_round(world)
    client = world.client_for("ministry_admin")
    running = Job.objects.create(
        kind=tasks.LETTERS_JOB_KIND,
        created_by=world.users["ministry_admin"],
        params={"round": round_.code},
        status=JobStatus.RUNNING,
    )
    assert client.get(f"/evaluasi/2024-2/surat/{running.code}/").status_code == 404
    other = Job.objects.create(
        kind=tasks.LETTERS_JOB_KIND,
        created_by=world.users["ministry_admin"],
        params={"round": "2023-2"},
        status=JobStatus.SUCCEEDED,
    )
    assert client.get(f"/evaluasi/2024-2/surat/{other.code}/").status_code == 404
    done = Job.objects.create(
        kind=tasks.LETTERS_JOB_KIND,
        created_by=world.users["ministry_admin"],
        params={"round": round_.code},
        status=JobStatus.SUCCEEDED,
    )
    assert client.get(f"/evaluasi/2024-2/surat/{done.code}/").status_code == 404  # its file is gone


# ---------------------------------------------------------------- API


@pytest.mark.django_db
def test_api_letter_says_what_the_pdf_says(world):
    round_ = computed_round(world)
    add_findings(entry_of(round_, world.region_a))
    body = (
        world.client_for("coordinator_a").get("/api/v1/evaluation/rounds/2024-2/regions/52.04/letter/").json()
    )
    assert body["index"] == "3.48" and body["improvement"] is None
    assert (body["rank_national"], body["national_total"]) == (1, 2)
    assert (body["rank_province"], body["province_total"]) == (1, 1)
    assert [(d["code"], d["weight"], d["score"]) for d in body["dimensions"]][2] == (
        "OUTCOME",
        "30.00",
        "3.53",
    )
    assert [f["kind"] for f in body["findings"]] == ["strength", "weakness", "recommendation"]
    assert body["computation"]["digest"] == round_.snapshot.digest
    assert body["published"] is True
    assert body["pdf"] == "/api/v1/evaluation/rounds/2024-2/regions/52.04/letter.pdf"
    pdf = world.client_for("coordinator_a").get(body["pdf"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_api_starts_the_zip_job(world, django_capture_on_commit_callbacks):
    computed_round(world)
    with django_capture_on_commit_callbacks(execute=False):
        response = world.client_for("ministry_admin").post("/api/v1/evaluation/rounds/2024-2/letters/")
    assert response.status_code == 202
    job = Job.objects.get(kind=tasks.LETTERS_JOB_KIND)
    assert response.json()["job"] == str(job.code)
    assert response["Location"] == f"/api/v1/jobs/{job.code}/"


@pytest.mark.django_db
def test_api_refuses_the_zip_before_the_index_is_computed(world):
    from .evaluation_data import historical_round, method_make

    historical_round(method_make(), {world.region_a: JAMBI_2024}, code="2024-2")
    response = world.client_for("ministry_admin").post("/api/v1/evaluation/rounds/2024-2/letters/")
    assert response.status_code == 400
    assert "round" in response.json()["error"]["fields"]


@pytest.mark.django_db
def test_a_scored_round_prints_its_smart_dimension_scores_and_ranks(world, tmp_path):
    scored_round(world)
    text = pdf_text(world.client_for("coordinator_a").get(LETTER_A).content, tmp_path)
    assert "Indeks Pencapaian 3,00" in text
    assert "Smart Governance 3,00 1" in text and "Smart Economy 3,00 1" in text
    text_b = pdf_text(
        world.client_for("coordinator_b").get("/evaluasi/2024-2/51.08/surat.pdf").content, tmp_path
    )
    assert "Indeks Pencapaian 2,00" in text_b and "Smart Governance 2,00 2" in text_b


def test_context_module_is_pure():
    source = letter_context_module.__file__
    with open(source, encoding="utf-8") as handle:
        assert "from django" not in handle.read()


@pytest.mark.django_db
def test_the_report_card_links_its_letter_and_findings_for_those_who_may_read_them(world):
    computed_round(world, phase="published")
    card = LETTER_A.removesuffix("surat.pdf")
    responses = {
        role: world.client_for(role).get(card)
        for role in ("ministry_admin", "coordinator_a", "coordinator_b", "anonymous")
    }
    assert {r.status_code for r in responses.values()} == {200}
    links = {role: r.content.decode() for role, r in responses.items()}
    assert f'href="{LETTER_A}" data-letter' in links["ministry_admin"]
    round_page = world.client_for("ministry_admin").get("/evaluasi/2024-2/").content.decode()
    assert 'href="/evaluasi/2024-2/surat/" data-letters' in round_page  # every letter of the round
    assert (
        f'href="{card}temuan/"' in links["coordinator_a"] and f'href="{LETTER_A}"' in links["coordinator_a"]
    )
    assert f'href="{card}panel/"' in links["ministry_admin"] and "panel/" not in links["coordinator_a"]
    for role in ("coordinator_b", "anonymous"):  # the card is public, the letter is not
        assert "data-result-links" not in links[role] and "data-not-computed" not in links[role], role
