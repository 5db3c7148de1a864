"""Permission matrix of the evaluation API (/api/v1/evaluation/...): methods and published rounds
with their results are public; an unpublished round answers 404 to all but the ministry;
computing the index is the ministry's (anonymous 401, the others 403, or 404 where they cannot
see the round)."""

from .cases import Case, expect

BASE = "/api/v1/evaluation/"
PUBLIC = expect(200)
MINISTRY_ONLY = expect(404, ministry_admin=200)


def _rounds(w):
    from .cases_evaluation import _rounds as build

    build(w)


def _case(name, path, expected, **kw):
    return Case(name, lambda w: BASE + path, expected, setup=_rounds, **kw)


CASES = [
    _case("api:evaluation-method-list", "methods/", PUBLIC),
    _case("api:evaluation-method-detail", "methods/uji/1/", PUBLIC),
    _case("api:evaluation-method-detail", "methods/uji/2/", expect(404), id="API evaluation: unknown method"),
    _case("api:evaluation-round-list", "rounds/", PUBLIC),
    _case("api:evaluation-round-detail", "rounds/2023-2/", PUBLIC),
    _case(
        "api:evaluation-round-detail", "rounds/2024-2/", MINISTRY_ONLY, id="API evaluation: unpublished round"
    ),
    _case("api:evaluation-result-list", "rounds/2023-2/results/?ranking=province&province=52", PUBLIC),
    _case(
        "api:evaluation-result-list",
        "rounds/2024-2/results/",
        MINISTRY_ONLY,
        id="API evaluation: unpublished results",
    ),
    _case("api:evaluation-result-detail", "rounds/2023-2/results/52.04/", PUBLIC),
    _case(
        "api:evaluation-result-detail",
        "rounds/2024-2/results/51.08/",
        MINISTRY_ONLY,
        id="API evaluation: unpublished region result",
    ),
    _case(
        "api:evaluation-round-compute",
        "rounds/2023-2/compute/",
        expect(403, ministry_admin=201, anonymous=401),
        method="post",
    ),
    _case(
        "api:evaluation-round-compute",
        "rounds/2024-2/compute/",
        expect(404, ministry_admin=201, anonymous=401),
        method="post",
        id="API evaluation: compute an unpublished round",
    ),
    _case(
        "api:evaluation-round-publish",
        "rounds/2024-2/publish/",
        expect(404, ministry_admin=200, anonymous=401),
        method="post",
        id="API evaluation: publish a round in its panel",
    ),
    _case(
        "api:evaluation-round-publish",
        "rounds/2023-2/publish/",
        expect(403, ministry_admin=400, anonymous=401),
        method="post",
        id="API evaluation: publish a published round",
    ),
]
