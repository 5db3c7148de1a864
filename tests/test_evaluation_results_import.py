"""Historical results from the published letters: an .xlsx or CSV file loaded into a round (all or
nothing, every problem by row and column), the index computed from it, and the commands."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import Workbook

from kotacerdas.core.models import AuditAction, AuditEvent
from kotacerdas.core.permissions import can
from kotacerdas.evaluation.models import DimensionInput, IndexSnapshot, RegionResult, RoundRegion
from kotacerdas.evaluation.results_import import ResultsRefused, results_import
from kotacerdas.evaluation.rounds import round_create, round_publish
from kotacerdas.evaluation.services import index_compute

from .evaluation_data import method_make
from .factories import RegionFactory

pytestmark = pytest.mark.django_db

DIMS = ["BASELINE", "OUTPUT", "OUTCOME", "IMPACT", "QUICK_WIN", "KOLABORASI"]
HEADER = ["Wilayah", "Kelompok", *DIMS]
# As printed in the letters (decimal commas).
JAMBI_2024 = ["3,84", "3,18", "3,53", "3,63", "3,35"]
KEDIRI_2022 = ["3,60", "3,21", "3,23", "3,07", "3,65"]


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (their msgids), whatever the catalogue says."""
    with translation.override("en"):
        yield


def csv_bytes(rows, header=HEADER, delimiter=";", encoding="utf-8"):
    out = io.StringIO()
    for line in [header, *rows]:
        cells = []
        for cell in line:
            text = "" if cell is None else str(cell)
            cells.append(f'"{text}"' if delimiter in text else text)
        out.write(delimiter.join(cells) + "\r\n")
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, header=HEADER, title="Hasil"):
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def letters(world):
    """The regions of the letters' checks, a method (regular 10/20/30/20/20; kawasan
    10/20/20/20/20 + Kolaborasi 10) and a historical round in preparation."""
    for code, name in [
        ("15.71", "Kota Jambi"),
        ("35.71", "Kota Kediri"),
        ("35.06", "Kabupaten Kediri"),
        ("63.03", "Kabupaten Banjar"),
        ("32.79", "Kota Banjar"),
    ]:
        RegionFactory(code=code, name=name)
    method = method_make()
    admin = world.users["ministry_admin"]
    round_ = round_create(actor=admin, code="2024-2", year=2024, stage="2", method=method, historical=True)
    return round_


def admin_of(world):
    return world.users["ministry_admin"]


def stored(round_):
    """The round's regions and scores as stored: {region code: (group, {dimension: score})}."""
    out = {}
    for entry in RoundRegion.objects.filter(round=round_).select_related("region", "group"):
        out[entry.region.code] = (
            entry.group.code,
            {i.dimension.code: i.score for i in entry.dimension_inputs.select_related("dimension")},
        )
    return out


def counts():
    return RoundRegion.objects.count(), DimensionInput.objects.count(), IndexSnapshot.objects.count()


# ---------------------------------------------------------------- the letters' checks


def test_kota_jambi_2024_gives_3_48_through_the_command(world, letters, tmp_path):
    path = tmp_path / "hasil-2024.csv"
    path.write_bytes(csv_bytes([["KOTA JAMBI", "", *JAMBI_2024, ""]]))
    out = io.StringIO()
    call_command("import_results", str(path), "--round", "2024-2", stdout=out)
    assert "Imported 1 regions and 5 dimension scores into 2024-2" in out.getvalue()
    letters.refresh_from_db()
    region = letters.snapshot.result["regions"]["15.71"]
    assert region["index"] == "3.475"
    assert region["index_published"] == "3.48"
    assert RegionResult.objects.get(snapshot=letters.snapshot, region__code="15.71").index == Decimal("3.48")


def test_kota_kediri_2022_gives_exactly_3_315_and_publishes_3_32(world, letters):
    file = xlsx_bytes([[35.71, "regular", 3.60, 3.21, 3.23, 3.07, 3.65, None]])  # the code typed as a number
    summary = results_import(actor=admin_of(world), round_=letters, file=file, filename="kediri.xlsx")
    assert (summary.regions, summary.inputs) == (1, 5)
    snapshot = index_compute(actor=admin_of(world), round_=letters)
    region = snapshot.result["regions"]["35.71"]
    assert region["index"] == "3.315"
    assert region["index_published"] == "3.32"
    assert {code: d["contribution"] for code, d in region["dimensions"].items()} == {
        "BASELINE": "0.36",
        "OUTPUT": "0.642",
        "OUTCOME": "0.969",
        "IMPACT": "0.614",
        "QUICK_WIN": "0.73",
    }
    assert RegionResult.objects.get(snapshot=snapshot).index == Decimal("3.32")


def test_a_kawasan_region_gets_the_kolaborasi_weight_and_a_regular_one_does_not(world, letters):
    file = csv_bytes(
        [
            ["KOTA KEDIRI", "regular", *KEDIRI_2022, "-"],
            ["KOTA JAMBI", "Kawasan", *JAMBI_2024, "3,00"],
        ]
    )
    results_import(actor=admin_of(world), round_=letters, file=file, filename="hasil.csv")
    snapshot = index_compute(actor=admin_of(world), round_=letters)
    regular = snapshot.result["regions"]["35.71"]["dimensions"]
    kawasan = snapshot.result["regions"]["15.71"]["dimensions"]
    assert "KOLABORASI" not in regular
    assert (regular["OUTCOME"]["weight"], kawasan["OUTCOME"]["weight"]) == ("30", "20")
    assert kawasan["KOLABORASI"] == {
        "weight": "10",
        "score": "3",
        "published": "3.00",
        "contribution": "0.3",
    }
    assert snapshot.result["regions"]["15.71"]["index"] == "3.422"
    assert stored(letters)["15.71"][0] == "kawasan"


def test_names_as_printed_resolve_to_kemendagri_codes(world, letters):
    file = csv_bytes(
        [
            ["KAB. BANJAR", "", *JAMBI_2024, ""],
            ["KOTA KEDIRI", "", *KEDIRI_2022, ""],
            ["Kabupaten  Kediri", "", *KEDIRI_2022, ""],
        ]
    )
    results_import(actor=admin_of(world), round_=letters, file=file, filename="hasil.csv")
    assert sorted(stored(letters)) == ["35.06", "35.71", "63.03"]
    assert stored(letters)["63.03"][1]["BASELINE"] == Decimal("3.84")


# ---------------------------------------------------------------- bad input: all or nothing


@pytest.fixture
def loaded(world, letters):
    """The round with a first, valid import: a refused file must leave it exactly so."""
    file = csv_bytes([["KOTA KEDIRI", "", *KEDIRI_2022, ""], ["KOTA JAMBI", "", *JAMBI_2024, ""]])
    results_import(actor=admin_of(world), round_=letters, file=file, filename="hasil.csv")
    index_compute(actor=admin_of(world), round_=letters)
    letters.refresh_from_db()
    return letters


def refused(world, round_, rows, header=HEADER):
    """Import ``rows``; it must be refused with nothing written. The errors by (row, column)."""
    before, values, snapshot = counts(), stored(round_), round_.snapshot_id
    events = AuditEvent.objects.count()
    with pytest.raises(ResultsRefused) as exc:
        results_import(actor=admin_of(world), round_=round_, file=csv_bytes(rows, header), filename="x.csv")
    round_.refresh_from_db()
    assert (counts(), stored(round_), round_.snapshot_id) == (before, values, snapshot)
    assert AuditEvent.objects.count() == events
    return exc.value.rows


def one(errors, row, column):
    found = [e for e in errors if (e.row, e.column) == (row, column)]
    assert len(found) == 1, errors
    return found[0].message


def test_every_unresolved_name_is_listed_in_one_message(world, loaded):
    errors = refused(
        world,
        loaded,
        [
            ["KAB. ATLANTIS", "", *KEDIRI_2022, ""],
            ["KOTA KEDIRI", "", *KEDIRI_2022, ""],
            ["KOTA NARNIA", "", *JAMBI_2024, ""],
            ["KOTA NARNIA", "", *JAMBI_2024, ""],
            ["Kota Adm. Jakarta Pusat", "", *JAMBI_2024, ""],
        ],
    )
    assert len(errors) == 1
    message = one(errors, None, "Wilayah")
    assert "3 " in message
    assert "“KAB. ATLANTIS” (" in message and "2)" in message
    assert "“KOTA NARNIA” (" in message and "4, 5)" in message
    assert "“Kota Adm. Jakarta Pusat” (" in message and "DKI Jakarta" in message
    assert "35.71" in message  # how to write it instead


def test_a_name_of_both_a_kabupaten_and_a_kota_is_refused_naming_both(world, loaded):
    errors = refused(world, loaded, [["BANJAR", "", *JAMBI_2024, ""]])
    message = one(errors, 2, "Wilayah")
    assert "Kabupaten Banjar (63.03)" in message and "Kota Banjar (32.79)" in message


def test_a_region_twice_is_refused_naming_the_first_row(world, loaded):
    errors = refused(
        world,
        loaded,
        [
            ["KOTA KEDIRI", "", *KEDIRI_2022, ""],
            ["KOTA JAMBI", "", *JAMBI_2024, ""],
            ["35.71", "", *KEDIRI_2022, ""],
        ],
    )
    message = one(errors, 4, "Wilayah")
    assert "Kota Kediri (35.71)" in message and "row 2" in message


@pytest.mark.parametrize(
    ("cells", "column", "fragment"),
    [
        (["3,60", "3,21", "4,20", "3,07", "3,65", ""], "OUTCOME", "4.20"),  # outside 0-4
        (["3,60", "3,21", "-0,5", "3,07", "3,65", ""], "OUTCOME", "-0.5"),
        (["3,60", "3,21", "3,23", "", "3,65", ""], "IMPACT", "IMPACT"),  # missing for the group
        (["3,60", "3,21", "3,23", "-", "3,65", ""], "IMPACT", "IMPACT"),
        (["3,60", "tiga", "3,23", "3,07", "3,65", ""], "OUTPUT", "tiga"),  # not a number
        (["3,60", "3.21.5", "3,23", "3,07", "3,65", ""], "OUTPUT", "3.21.5"),
        (["3,60", "3,21", "3,23", "3,07", "3,65", "3,00"], "KOLABORASI", "regular"),  # not its group's
        (["3,60", "3,21", "3,23", "3,07", "3,12345", ""], "QUICK_WIN", "4"),  # more than four decimals
    ],
)
def test_a_bad_score_is_refused_naming_its_row_and_column(world, loaded, cells, column, fragment):
    errors = refused(world, loaded, [["KOTA JAMBI", "", *JAMBI_2024, ""], ["KOTA KEDIRI", "", *cells]])
    assert fragment in one(errors, 3, column)
    assert len(errors) == 1


def test_an_unknown_group_is_refused(world, loaded):
    errors = refused(world, loaded, [["KOTA KEDIRI", "istimewa", *KEDIRI_2022, ""]])
    message = one(errors, 2, "Kelompok")
    assert "istimewa" in message and "regular" in message and "kawasan" in message


def test_every_problem_is_found_in_one_pass(world, loaded):
    errors = refused(
        world,
        loaded,
        [
            ["KOTA KEDIRI", "istimewa", *KEDIRI_2022, ""],
            ["KOTA JAMBI", "", "9", *JAMBI_2024[1:], ""],
            ["KAB. ATLANTIS", "", *JAMBI_2024, ""],
            ["", "", *JAMBI_2024, ""],
        ],
    )
    assert {(e.row, e.column) for e in errors} == {
        (2, "Kelompok"),
        (3, "BASELINE"),
        (None, "Wilayah"),
        (5, "Wilayah"),
    }


def test_missing_columns_are_refused_at_the_header(world, loaded):
    errors = refused(world, loaded, [["Kota Kediri", "3,60"]], header=["Nama", "BASELINE"])
    assert "region column" in one(errors, 1, None)
    header = ["Wilayah", "BASELINE", "OUTPUT", "OUTCOME", "QUICK_WIN"]
    errors = refused(world, loaded, [["KOTA KEDIRI", "3,60", "3,21", "3,23", "3,65"]], header=header)
    assert "IMPACT" in one(errors, 1, "IMPACT")
    errors = refused(
        world, loaded, [["KOTA KEDIRI", *KEDIRI_2022, "3,60"]], header=[*HEADER[:1], *DIMS[:5], "Baseline"]
    )
    assert "Baseline" in one(errors, 1, "Baseline")


def test_a_file_without_rows_is_refused(world, loaded):
    errors = refused(world, loaded, [])
    assert "no rows" in errors[0].message


@pytest.mark.parametrize(
    ("content", "name", "fragment"),
    [
        (b"%PDF-1.7\n...", "hasil.csv", "neither"),
        (b"Wilayah;BASELINE\nKOTA KEDIRI;3\n", "hasil.txt", "neither"),
        (b"<html><body>Wilayah</body></html>", "hasil.csv", "neither"),
        (b"", "hasil.csv", "empty"),
        ("Wilayah;BASELINE\n\x00".encode("utf-16-le"), "hasil.csv", "text file"),
        (b"PK\x03\x04not really a zip", "hasil.xlsx", "hasil.xlsx"),
        (b"%PDF-1.7\n...", "hasil.xlsx", "hasil.xlsx"),
    ],
)
def test_files_that_are_not_results_are_refused(world, loaded, content, name, fragment):
    before = counts()
    with pytest.raises(ResultsRefused) as exc:
        results_import(actor=admin_of(world), round_=loaded, file=content, filename=name)
    assert fragment in str(exc.value)
    assert counts() == before


def test_formulas_are_refused(world, loaded):
    file = xlsx_bytes(
        [["KOTA KEDIRI", "", *[3.6, 3.21, 3.23, 3.07, 3.65], None, "=SUM(C2:G2)"]], [*HEADER, "Indeks"]
    )
    before = counts()
    with pytest.raises(ResultsRefused) as exc:
        results_import(actor=admin_of(world), round_=loaded, file=file, filename="hasil.xlsx")
    assert [(e.row, e.column) for e in exc.value.rows] == [(2, "Indeks")]
    assert counts() == before


# ---------------------------------------------------------------- accepted forms


def test_dimension_names_other_columns_and_a_comma_separated_file(world, letters):
    header = [
        "No",
        "Kabupaten/Kota",
        "Provinsi",
        "Baseline",
        "Output",
        "Outcome",
        "Impact",
        "Quick Win",
        "Indeks",
    ]
    rows = [[1, "Kota Kediri", "Jawa Timur", "3,60", "3,21", "3,23", "3,07", "3,65", "3,31"]]
    file = b"\xef\xbb\xbf" + csv_bytes(rows, header, delimiter=",")
    results_import(actor=admin_of(world), round_=letters, file=file, filename="hasil.csv")
    assert stored(letters) == {
        "35.71": (
            "regular",
            {
                "BASELINE": Decimal("3.6"),
                "OUTPUT": Decimal("3.21"),
                "OUTCOME": Decimal("3.23"),
                "IMPACT": Decimal("3.07"),
                "QUICK_WIN": Decimal("3.65"),
            },
        )
    }


def test_a_windows_csv_with_tabs_and_a_path(world, letters, tmp_path):
    path = tmp_path / "hasil.csv"
    path.write_bytes(csv_bytes([["KOTA KEDIRI", "", *KEDIRI_2022, ""]], delimiter="\t", encoding="cp1252"))
    summary = results_import(actor=admin_of(world), round_=letters, file=path)
    assert (summary.filename, summary.regions) == ("hasil.csv", 1)


def test_an_uploaded_workbook_goes_through_the_file_check(world, letters):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "hasil.xlsx", xlsx_bytes([["15.71", None, 3.84, 3.18, 3.53, 3.63, 3.35, None]])
    )
    summary = results_import(actor=admin_of(world), round_=letters, file=upload)
    assert (summary.filename, summary.regions) == ("hasil.xlsx", 1)
    renamed = SimpleUploadedFile(
        "hasil.docx", xlsx_bytes([["15.71", None, 3.84, 3.18, 3.53, 3.63, 3.35, None]])
    )
    with pytest.raises(ResultsRefused) as exc:
        results_import(actor=admin_of(world), round_=letters, file=renamed)
    assert "hasil.docx" in str(exc.value)


# ---------------------------------------------------------------- replacing, rounds, people


def test_an_import_replaces_the_rounds_results_wholesale_and_is_audited(world, loaded):
    assert loaded.snapshot_id is not None
    file = csv_bytes([["KOTA JAMBI", "kawasan", *JAMBI_2024, "3,10"]])
    summary = results_import(actor=admin_of(world), round_=loaded, file=file, filename="koreksi.csv")
    assert (summary.regions, summary.inputs, summary.replaced_regions, summary.replaced_inputs) == (
        1,
        6,
        2,
        10,
    )
    assert list(stored(loaded)) == ["15.71"]
    loaded.refresh_from_db()
    assert loaded.snapshot_id is None  # the old computation is kept, but no longer current
    assert IndexSnapshot.objects.filter(round=loaded).count() == 1
    event = AuditEvent.objects.filter(action=AuditAction.IMPORT).latest("pk")
    assert event.object_id == str(loaded.pk)
    assert event.changes["regions"] == [2, 1]
    assert event.changes["dimension_inputs"] == [10, 6]
    assert event.changes["file"] == "koreksi.csv"
    assert event.actor == admin_of(world)


def test_a_published_round_takes_no_results(world, loaded):
    round_publish(actor=admin_of(world), round_=loaded)
    errors = refused(world, loaded, [["KOTA JAMBI", "", *JAMBI_2024, ""]])
    assert "published" in errors[0].message


def test_a_live_round_takes_no_results_from_letters(world, letters):
    live = round_create(
        actor=admin_of(world), code="2025-1", year=2025, stage="1", method=letters.method, historical=False
    )
    errors = refused(world, live, [["KOTA JAMBI", "", *JAMBI_2024, ""]])
    assert "historical" in errors[0].message


@pytest.mark.parametrize(
    "role", ["pendamping", "coordinator_a", "officer_a", "assessor", "coordinator_b", "anonymous"]
)
def test_only_the_ministry_imports_results(world, letters, role):
    with pytest.raises(PermissionDenied):
        results_import(
            actor=world.users[role],
            round_=letters,
            file=csv_bytes([["KOTA JAMBI", "", *JAMBI_2024, ""]]),
            filename="hasil.csv",
        )
    assert counts() == (0, 0, 0)


def test_queries_do_not_grow_with_the_rows(world, letters):
    regions = [RegionFactory(code=f"36.{i:02d}", name=f"Kabupaten Uji {i}") for i in range(1, 21)]
    admin = admin_of(world)
    assert can(admin, "evaluation.manage")  # the actor's roles are read once, before counting

    def rows(n):
        # half by code, half by the name as printed
        return [
            [r.code if i % 2 else f"KAB. UJI {r.code[3:].lstrip('0')}", "", *JAMBI_2024, ""]
            for i, r in enumerate(regions[:n])
        ]

    used = []
    for n, code in ((2, "2023-2"), (20, "2022-2")):
        target = round_create(
            actor=admin, code=code, year=int(code[:4]), stage="2", method=letters.method, historical=True
        )
        with CaptureQueriesContext(connection) as queries:
            summary = results_import(actor=admin, round_=target, file=csv_bytes(rows(n)), filename="x.csv")
        assert summary.regions == n
        used.append(len(queries))
    assert used[0] == used[1], used


# ---------------------------------------------------------------- the commands


def test_the_commands_end_to_end(world, letters, tmp_path):
    out = io.StringIO()
    call_command(
        "round_create",
        "--code",
        "2022-2",
        "--year",
        "2022",
        "--stage",
        "II",
        "--method",
        "uji:1",
        "--historical",
        "--as",
        "admin",
        stdout=out,
    )
    assert "Created historical round 2022-2" in out.getvalue()
    path = tmp_path / "hasil-2022.xlsx"
    path.write_bytes(xlsx_bytes([["KOTA KEDIRI", None, 3.60, 3.21, 3.23, 3.07, 3.65, None]]))
    call_command("import_results", str(path), "--round", "2022-2", stdout=io.StringIO())
    call_command("compute_index", "--round", "2022-2", stdout=io.StringIO())  # a second computation

    out = io.StringIO()
    call_command("index_show", "--round", "2022-2", "--region", "35.71", "--format", "json", stdout=out)
    shown = json.loads(out.getvalue())
    snapshot = IndexSnapshot.objects.filter(round__code="2022-2").order_by("-number").first()
    assert shown["computation"]["number"] == 2
    assert shown["computation"]["digest"] == snapshot.digest
    assert shown["method"]["code"] == "uji" and shown["round"]["code"] == "2022-2"
    assert shown["region"]["code"] == "35.71"
    assert shown["result"] == snapshot.result["regions"]["35.71"]
    assert shown["result"]["index"] == "3.315"

    out = io.StringIO()
    call_command("index_show", "--round", "2022-2", "--region", "KOTA KEDIRI", stdout=out)
    text = out.getvalue()
    assert "BASELINE" in text and "3.60 ×" in text and "= 0.36" in text
    assert "= 3.315" in text and "Published: 3.32" in text
    assert "national 1 of 1" in text

    out = io.StringIO()
    call_command("round_publish", "--round", "2022-2", stdout=out)
    assert "Published 2022-2" in out.getvalue()


def test_index_show_explains_the_improvement_over_the_previous_round(world, letters, tmp_path):
    admin = admin_of(world)
    first = round_create(
        actor=admin, code="2021-2", year=2021, stage="2", method=letters.method, historical=True
    )
    results_import(
        actor=admin,
        round_=first,
        file=csv_bytes([["KOTA KEDIRI", "", "3,60", "3,21", "2,88", "3,07", "3,65", ""]]),
        filename="a.csv",
    )
    index_compute(actor=admin, round_=first)
    second = round_create(
        actor=admin,
        code="2022-2",
        year=2022,
        stage="2",
        method=letters.method,
        historical=True,
        previous=first,
    )
    path = tmp_path / "b.csv"
    path.write_bytes(csv_bytes([["KOTA KEDIRI", "", *KEDIRI_2022, ""]]))
    call_command("import_results", str(path), "--round", "2022-2", stdout=io.StringIO())
    out = io.StringIO()
    call_command("index_show", "--round", "2022-2", "--region", "35.71", stdout=out)
    assert "= 3.315 - 3.21 (previous round 2021-2, unrounded) = +0.105, published +0.11" in out.getvalue()
    second.refresh_from_db()
    assert second.snapshot.result["regions"]["35.71"]["improvement"] == "0.105"


def test_a_refused_file_makes_the_command_fail_and_writes_nothing(world, loaded, tmp_path):
    path = tmp_path / "hasil.csv"
    path.write_bytes(
        csv_bytes([["KOTA NARNIA", "", *JAMBI_2024, ""], ["KOTA KEDIRI", "", "5", *KEDIRI_2022[1:], ""]])
    )
    before, values = counts(), stored(loaded)
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_results", str(path), "--round", "2024-2", stdout=io.StringIO(), stderr=err)
    assert "KOTA NARNIA" in err.getvalue() and "row 3, BASELINE" in err.getvalue()
    assert (counts(), stored(loaded)) == (before, values)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--round", "1999-9"], "No round"),
        (["--round", "2024-2", "--as", "nobody"], "No active user"),
        (["--round", "2024-2", "--as", "koord_a"], "may not manage"),
    ],
)
def test_command_refusals(world, letters, tmp_path, args, message):
    path = tmp_path / "hasil.csv"
    path.write_bytes(csv_bytes([["KOTA KEDIRI", "", *KEDIRI_2022, ""]]))
    with pytest.raises(CommandError, match=message):
        call_command("import_results", str(path), *args, stdout=io.StringIO())
    assert counts() == (0, 0, 0)


def test_commands_need_a_ministry_admin(db, dimensions):
    method_make()
    with pytest.raises(CommandError, match="No ministry admin"):
        call_command(
            "round_create",
            "--code",
            "2023-2",
            "--year",
            "2023",
            "--stage",
            "2",
            "--method",
            "uji",
            stdout=io.StringIO(),
        )


def test_index_show_refusals(world, letters):
    with pytest.raises(CommandError, match="no computed index"):
        call_command("index_show", "--round", "2024-2", "--region", "15.71", stdout=io.StringIO())
    results_import(
        actor=admin_of(world),
        round_=letters,
        file=csv_bytes([["KOTA JAMBI", "", *JAMBI_2024, ""]]),
        filename="a.csv",
    )
    index_compute(actor=admin_of(world), round_=letters)
    with pytest.raises(CommandError, match="not in round"):
        call_command("index_show", "--round", "2024-2", "--region", "35.71", stdout=io.StringIO())
    with pytest.raises(CommandError, match="give the code"):
        call_command("index_show", "--round", "2024-2", "--region", "BANJAR", stdout=io.StringIO())
