"""Permission-matrix cases of the assessment board and the panel (pages and API).

The round is in its panel phase (not published): only the ministry sees it; everyone else is
answered 404, as for a missing round.
"""

from __future__ import annotations

from typing import Any

from kotacerdas.evaluation import panel
from kotacerdas.evaluation.panel_selectors import panel_data

from .evaluation_board_data import board_round
from .matrix.cases import LOGIN, Case, expect


def _setup(w: Any) -> None:
    w.board_round = board_round([w.region_a, w.region_b])
    entry = w.board_round.regions.get(region=w.region_a)
    lines = panel_data(entry).flagged
    w.flagged = lines[0].question.key
    panel.panel_decide(
        actor=w.users["ministry_admin"], entry=entry, question=lines[1].question, score="3", reason="Panel"
    )
    w.decided = lines[1].question.key


def page(w: Any, tail: str = "") -> str:
    return f"/evaluasi/{w.board_round.code}/{tail}"


def api(w: Any, tail: str = "") -> str:
    return f"/api/v1/evaluation/rounds/{w.board_round.code}/{tail}"


MINISTRY_PAGE = expect(404, ministry_admin=200, anonymous=LOGIN)
MINISTRY_WRITE = expect(404, ministry_admin=302, anonymous=LOGIN)


def _api(ok: int) -> dict[str, int]:
    return expect(404, ministry_admin=ok, anonymous=401)


CASES = [
    Case("evaluation:board", lambda w: page(w, "papan/"), MINISTRY_PAGE, setup=_setup),
    Case("evaluation:board_export", lambda w: page(w, "papan/unduh/"), MINISTRY_PAGE, setup=_setup),
    Case("evaluation:panel", lambda w: page(w, "52.04/panel/"), MINISTRY_PAGE, setup=_setup),
    Case(
        "evaluation:panel_decide",
        lambda w: page(w, f"52.04/panel/{w.flagged}/"),
        MINISTRY_WRITE,
        method="post",
        data=lambda w: {"score": "2", "reason": "Panel", "action": "score"},
        setup=_setup,
    ),
    Case(
        "evaluation:panel_withdraw",
        lambda w: page(w, f"52.04/panel/{w.decided}/tarik/"),
        MINISTRY_WRITE,
        method="post",
        setup=_setup,
    ),
    Case("api:evaluation-board", lambda w: api(w, "board/"), _api(200), setup=_setup),
    Case("api:evaluation-panel", lambda w: api(w, "regions/52.04/panel/"), _api(200), setup=_setup),
    Case(
        "api:evaluation-panel-decision",
        lambda w: api(w, f"regions/52.04/panel/{w.flagged}/"),
        _api(200),
        method="put",
        data=lambda w: {"score": "2", "reason": "Panel"},
        content_type="application/json",
        setup=_setup,
        id="PUT panel decision",
    ),
    Case(
        "api:evaluation-panel-decision",
        lambda w: api(w, f"regions/52.04/panel/{w.decided}/"),
        _api(204),
        method="delete",
        setup=_setup,
        id="DELETE panel decision",
    ),
]
