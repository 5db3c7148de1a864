"""The assessment board: its rows (counts, flags, provisional index through the engine), filters,
sorting, the page, its .xlsx, and a fixed number of queries whatever the round's size."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from kotacerdas.evaluation import board, scoring
from kotacerdas.evaluation.models import Assignment, PanelDecision, Score, SelfAssessment
from kotacerdas.evaluation.selectors import method_spec, round_inputs

from .evaluation_assessors_data import regions_bulk
from .evaluation_board_data import board_round, group_questions

pytestmark = pytest.mark.django_db

# The session and the user, the round, the regions with their counts, the method (two), the
# scores, the panel decisions; and the page's own (messages, ...).
PAGE_QUERIES = 10


def _url(round_, tail=""):
    return f"/evaluasi/{round_.code}/papan/{tail}"


def _rows(round_, **filters):
    return {
        r.code: r for r in board.board_for_round(round_=round_, filters=board.BoardFilters(**filters)).rows
    }


def test_a_complete_region_has_the_engine_index_of_a_computation(world):
    round_ = board_round([world.region_a, world.region_b])
    rows = _rows(round_)
    computed = scoring.compute_round(method_spec(round_.method), round_inputs(round_))["regions"]
    for code in ("52.04", "51.08"):
        row = rows[code]
        assert (row.declared, row.submitted) == (3, 3)
        assert (row.scored, row.questions) == (10, 10)
        assert not row.partial and row.complete
        assert row.published == Decimal(computed[code]["index_published"])
        assert row.flags == len(computed[code]["disagreements"]) and row.flags > 0
        assert row.undecided == row.flags and row.decisions == 0
        assert row.status == board.NOT_STARTED


def test_unsubmitted_scores_do_not_count(world):
    round_ = board_round([world.region_a], submitted=1)
    row = _rows(round_)["52.04"]
    assert (row.declared, row.submitted) == (3, 1)
    assert row.flags == 0  # one assessor cannot disagree with anyone
    assert row.published is not None


def test_a_region_scored_in_part_has_a_partial_index_and_none_without_a_dimension(world):
    round_ = board_round([world.region_a, world.region_b])
    questions = group_questions(round_)
    # Region A: the second question of each dimension is not scored: a partial index.
    Score.objects.filter(assignment__entry__region=world.region_a, question__in=questions[1::2]).delete()
    # Region B: no Baseline score at all: no index.
    Score.objects.filter(
        assignment__entry__region=world.region_b, question__dimension__code="BASELINE"
    ).delete()
    rows = _rows(round_)
    assert rows["52.04"].partial and rows["52.04"].scored == 5 and rows["52.04"].published is not None
    assert rows["51.08"].published is None and not rows["51.08"].partial
    assert rows["51.08"].flags > 0  # flags come from the levels, index or not


def test_a_region_without_scores_has_no_index(world):
    round_ = board_round([world.region_a])
    Assignment.objects.all().delete()
    row = _rows(round_)["52.04"]
    assert (row.declared, row.submitted, row.scored, row.flags) == (0, 0, 0, 0)
    assert row.published is None and row.calibrated is None


def test_panel_decisions_count_and_override_the_index(world):
    round_ = board_round([world.region_a])
    before = _rows(round_)["52.04"]
    flagged = before.flagged_keys[0]
    question = next(q for q in group_questions(round_) if q.key == flagged)
    entry = round_.regions.get()
    PanelDecision.objects.create(entry=entry, question=question, score=Decimal(4), reason="Bukti lengkap")
    after = _rows(round_)["52.04"]
    assert after.decisions == 1 and after.undecided == before.flags - 1
    assert after.index != before.index


def test_filters_by_province_status_and_open_flags(world):
    round_ = board_round([world.region_a, world.region_b])
    SelfAssessment.objects.create(entry=round_.regions.get(region=world.region_a), status="submitted")
    province_a = world.region_a.province.code
    assert set(_rows(round_, province=province_a)) == {"52.04"}
    assert set(_rows(round_, status="submitted")) == {"52.04"}
    assert set(_rows(round_, status="not_started")) == {"51.08"}
    assert set(_rows(round_, status="draft")) == set()
    for entry in round_.regions.all():
        for key in _rows(round_)[entry.region.code].flagged_keys:
            PanelDecision.objects.create(
                entry=entry, question=round_.method.questions.get(key=key), score=None, reason="Sesuai"
            )
        break
    decided = round_.regions.first().region.code
    assert decided not in _rows(round_, flagged=True)


def test_sorting_puts_rows_without_a_figure_last(world):
    regions = regions_bulk(4, provinces=2)
    round_ = board_round(regions)
    Assignment.objects.filter(entry__region=regions[0]).delete()
    rows = board.board_for_round(round_=round_, filters=board.BoardFilters(sort="-index")).rows
    indices = [r.published for r in rows]
    assert indices[-1] is None
    assert indices[:-1] == sorted(indices[:-1], reverse=True)
    by_name = board.board_for_round(
        round_=round_, filters=board.BoardFilters.from_query({"urut": "wilayah"})
    ).rows
    assert [r.name for r in by_name] == sorted(r.name for r in by_name)


def test_filters_from_the_query_ignore_unknown_values():
    f = board.BoardFilters.from_query({"provinsi": "52", "status": "bogus", "urut": "-nothing", "beda": "1"})
    assert (f.province, f.status, f.sort, f.flagged) == ("52", "", "code", True)
    assert board.BoardFilters.from_query({"urut": "-indeks"}).sort == "-index"
    assert board.BoardFilters.from_query({"sort": "flags"}).sort == "flags"


# ---------------------------------------------------------------- the page and its .xlsx


def test_the_ministry_reads_the_board(world):
    round_ = board_round([world.region_a, world.region_b])
    response = world.client_for("ministry_admin").get(_url(round_))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-region="52.04"' in html and 'data-region="51.08"' in html
    assert "data-provisional" in html and "data-assessors>3/3" in html


def test_the_board_of_an_empty_round_says_so(world):
    round_ = board_round([])
    client = world.client_for("ministry_admin")
    client.cookies["django_language"] = "en"  # the page's language is the request's
    response = client.get(_url(round_))
    assert response.status_code == 200
    assert "This round has no regions yet." in response.content.decode()


def test_others_cannot_read_the_board(world):
    round_ = board_round([world.region_a])
    assert world.client_for("coordinator_a").get(_url(round_)).status_code == 404
    assert world.client_for("anonymous").get(_url(round_)).status_code == 302
    round_.phase = "published"
    round_.save()
    assert world.client_for("coordinator_a").get(_url(round_)).status_code == 403


def test_the_export_has_the_filtered_rows(world):
    round_ = board_round([world.region_a, world.region_b])
    response = world.client_for("ministry_admin").get(_url(round_, "unduh/") + "?urut=-kode")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('papan-2024-2.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["52.04", "51.08"]
    assert rows[1][5] == 3 and rows[1][6] == 3
    only_a = world.client_for("ministry_admin").get(
        _url(round_, "unduh/") + f"?provinsi={world.region_a.province.code}"
    )
    rows = list(openpyxl.load_workbook(io.BytesIO(only_a.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["52.04"]


@pytest.mark.parametrize("count", [2, 12])
def test_the_page_reads_a_fixed_number_of_queries(world, django_assert_num_queries, count):
    regions = regions_bulk(count, provinces=3)
    round_ = board_round(regions)
    SelfAssessment.objects.create(entry=round_.regions.first(), status="draft")
    entry = round_.regions.last()
    PanelDecision.objects.create(
        entry=entry, question=group_questions(round_)[0], score=Decimal(2), reason="Panel"
    )
    client = world.client_for("ministry_admin")
    client.get(_url(round_))
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(_url(round_))
    assert response.status_code == 200
    assert response.content.decode().count("<tr data-region=") == count


def test_the_calibrated_index_is_beside_the_provisional_one(world):
    few = board_round([world.region_a, world.region_b])
    data = board.board_for_round(round_=few)
    assert data.calibration.applied == 0  # two regions each: every assessor left raw
    assert all(r.calibrated == r.published for r in data.rows)
    many = board_round(regions_bulk(12, provinces=3), code="2024-3")
    data = board.board_for_round(round_=many)
    assert data.calibration.applied == 3 and not data.calibrated_official
    assert all(r.calibrated is not None for r in data.rows)
    assert any(r.calibrated != r.published for r in data.rows)
    client = world.client_for("ministry_admin")
    client.cookies["django_language"] = "en"
    html = client.get(_url(many)).content.decode()
    assert "3 of 3 assessors calibrated." in html and "the official index does not use it" in html


def test_the_round_page_links_the_ministry_to_its_board(world):
    round_ = board_round([world.region_a])
    html = world.client_for("ministry_admin").get(f"/evaluasi/{round_.code}/").content.decode()
    assert f'href="/evaluasi/{round_.code}/papan/" data-board' in html
