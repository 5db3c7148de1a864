"""Permission-matrix cases of the assessment board and the panel (pages and API).

The round is in its panel phase (not published): only the ministry sees it; everyone else is
answered 404, as for a missing round.
"""

from __future__ import annotations

from typing import Any

from .evaluation_board_data import board_round
from .matrix.cases import LOGIN, Case, expect


def _setup(w: Any) -> None:
    w.board_round = board_round([w.region_a, w.region_b])


def page(w: Any, tail: str = "") -> str:
    return f"/evaluasi/{w.board_round.code}/{tail}"


MINISTRY_PAGE = expect(404, ministry_admin=200, anonymous=LOGIN)

CASES = [
    Case("evaluation:board", lambda w: page(w, "papan/"), MINISTRY_PAGE, setup=_setup),
    Case("evaluation:board_export", lambda w: page(w, "papan/unduh/"), MINISTRY_PAGE, setup=_setup),
]
