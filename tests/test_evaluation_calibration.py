"""Calibration (``evaluation/calibration.py``), pure: no database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from kotacerdas.evaluation import calibration
from kotacerdas.evaluation.calibration import Mark, calibrate

LOW, HIGH = Decimal(0), Decimal(4)
CLOSE = Decimal("1e-20")


def _marks(levels: dict[str, list[list[int]]]) -> list[Mark]:
    """assessor → per region the levels of its questions."""
    return [
        Mark(assessor=a, region=r, question=f"Q{q}", level=Decimal(v))
        for a, regions in levels.items()
        for r, values in enumerate(regions)
        for q, v in enumerate(values)
    ]


def test_mean_and_population_sd():
    mean, sd = calibration.mean_sd([Decimal(1), Decimal(3)])
    assert (mean, sd) == (Decimal(2), Decimal(1))


def test_an_assessor_with_fewer_than_ten_regions_stays_raw():
    marks = _marks({"A": [[1, 2, 3]] * 9, "B": [[2, 3, 4]] * 10})
    result = calibrate(marks, scale_min=LOW, scale_max=HIGH)
    assert result.assessors["A"].status == calibration.FEW_REGIONS and result.assessors["A"].regions == 9
    assert result.assessors["B"].calibrated and result.applied == 1
    assert [v for m, v in zip(marks, result.levels, strict=True) if m.assessor == "A"] == [
        m.level for m in marks if m.assessor == "A"
    ]


def test_no_spread_stays_raw_and_nobody_calibrated_changes_nothing():
    marks = _marks({"A": [[3, 3]] * 12})
    result = calibrate(marks, scale_min=LOW, scale_max=HIGH)
    assert result.assessors["A"].status == calibration.NO_SPREAD
    assert result.levels == [m.level for m in marks] and result.anchor_mean is None


def test_a_strict_and_a_generous_assessor_meet():
    strict = [[0, 1, 2]] * 10
    generous = [[2, 3, 4]] * 10
    result = calibrate(_marks({"S": strict, "G": generous}), scale_min=LOW, scale_max=HIGH)
    assert result.anchor_mean == Decimal(2)
    # Same pattern, one level apart on average: calibrated, the same values.
    s = [v for v in result.levels[:30]]
    g = [v for v in result.levels[30:]]
    assert all(abs(a - b) < CLOSE for a, b in zip(s, g, strict=True))


def test_calibrated_values_stay_within_the_scale():
    marks = _marks({"A": [[0, 0, 0, 4]] * 10, "B": [[1, 2]] * 10})
    result = calibrate(marks, scale_min=LOW, scale_max=HIGH, anchor_mean=Decimal(3), anchor_sd=Decimal(2))
    assert all(LOW <= v <= HIGH for v in result.levels)
    assert max(result.levels) == HIGH


levels = st.lists(st.integers(min_value=0, max_value=4), min_size=2, max_size=5)


@settings(max_examples=60, deadline=None)
@given(
    a=st.lists(levels, min_size=10, max_size=14),
    b=st.lists(levels, min_size=1, max_size=14),
    shift=st.integers(min_value=-3, max_value=3),
    anchor_mean=st.decimals(min_value=1, max_value=3, places=2),
    anchor_sd=st.decimals(min_value=Decimal("0.1"), max_value=2, places=2),
)
def test_shifting_one_assessor_leaves_the_calibrated_values_unchanged(a, b, shift, anchor_mean, anchor_sd):
    before = _marks({"A": a, "B": b})
    after = [
        Mark(m.assessor, m.region, m.question, m.level + shift if m.assessor == "A" else m.level)
        for m in before
    ]
    kwargs = {
        "scale_min": Decimal(-10),
        "scale_max": Decimal(10),
        "anchor_mean": anchor_mean,
        "anchor_sd": anchor_sd,
    }
    one, two = calibrate(before, **kwargs), calibrate(after, **kwargs)
    assert one.assessors["A"].status == two.assessors["A"].status
    raw = one.assessors["A"].status == calibration.NO_SPREAD  # left raw: moved with the shift
    for m, x, y in zip(before, one.levels, two.levels, strict=True):
        moved = shift if raw and m.assessor == "A" else 0
        assert abs(x + moved - y) < CLOSE


@settings(max_examples=60, deadline=None)
@given(a=st.lists(levels, min_size=1, max_size=9), b=st.lists(levels, min_size=1, max_size=9))
def test_fewer_than_ten_regions_is_always_raw(a, b):
    marks = _marks({"A": a, "B": b})
    result = calibrate(marks, scale_min=LOW, scale_max=HIGH)
    assert result.levels == [m.level for m in marks]
    assert all(s.status == calibration.FEW_REGIONS for s in result.assessors.values())


def test_no_marks():
    assert calibrate([], scale_min=LOW, scale_max=HIGH).levels == []
    with pytest.raises(ValueError):
        calibration.mean_sd([])


# ---------------------------------------------------------------- the method says (database)


@pytest.mark.django_db
def test_the_method_file_says_whether_the_official_index_is_calibrated(world):
    from kotacerdas.evaluation.method_yaml import method_digest
    from kotacerdas.evaluation.methods import method_export, method_import, method_validate

    from .evaluation_method_data import SMALL, small

    plain, _ = method_import(actor=None, data=small(), system=True)
    assert not plain.calibrated_official and "calibrated_official" not in method_export(plain)
    calibrated, created = method_import(actor=None, data=small(calibrated_official=True), system=True)
    assert created and calibrated.calibrated_official and calibrated.digest != plain.digest
    exported = method_export(calibrated)
    assert exported["calibrated_official"] is True and method_digest(exported) == calibrated.digest
    with translation.override("en"):
        assert [str(p) for p in method_validate(small(calibrated_official="ya"))] == [
            "calibrated_official: must be true or false"
        ]
    assert method_validate(SMALL) == []
    client = world.client_for("anonymous")
    client.cookies["django_language"] = "en"  # the page's language is the request's
    with translation.override("en"):
        page = client.get(f"/evaluasi/metode/{calibrated.code}/{calibrated.version}/").content.decode()
        assert "The official index is computed from calibrated scores" in page
        page = client.get(f"/evaluasi/metode/{plain.code}/{plain.version}/").content.decode()
        assert "only shown beside it on the assessment board" in page
    api = client.get(f"/api/v1/evaluation/methods/{calibrated.code}/{calibrated.version}/").json()
    assert api["calibrated_official"] is True


@pytest.mark.django_db
def test_a_calibrated_method_computes_the_official_index_from_calibrated_scores(world):
    from kotacerdas.evaluation import board
    from kotacerdas.evaluation.models import IndexSnapshot, MethodVersion
    from kotacerdas.evaluation.services import index_compute, snapshot_recompute

    from .evaluation_assessors_data import regions_bulk
    from .evaluation_board_data import board_round

    raw_round = board_round(regions_bulk(12, provinces=3), code="2024-r")
    regions = [e.region for e in raw_round.regions.select_related("region").order_by("region__code")]
    calibrated_round = board_round(regions, code="2024-c")
    MethodVersion.objects.filter(pk=calibrated_round.method_id).update(calibrated_official=True)
    calibrated_round.refresh_from_db()
    admin = world.users["ministry_admin"]
    raw = index_compute(actor=admin, round_=raw_round)
    cal = index_compute(actor=admin, round_=calibrated_round)
    assert cal.inputs["calibrated"] is True and "calibrated" not in raw.inputs
    rows = {r.code: r for r in board.board_for_round(round_=calibrated_round).rows}
    published = {code: Decimal(r["index_published"]) for code, r in cal.result["regions"].items()}
    assert published == {code: r.calibrated for code, r in rows.items()}
    assert published != {code: Decimal(r["index_published"]) for code, r in raw.result["regions"].items()}
    assert snapshot_recompute(IndexSnapshot.objects.get(pk=cal.pk))[1] == cal.digest
