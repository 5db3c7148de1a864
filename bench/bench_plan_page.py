"""Plan page benchmark: the master-plan editor as a coordinator first opens it.

The page is requested through Django's test client (every middleware, the session, the
login, the template) for a Sumbawa-sized draft (74 programmes, 142 actions). The yardstick is
a trivial view requested the same way by the same logged-in user (it reads ``request.user``
and answers a line of text), so the ratio means the same on a fast and a slow machine.
Both are timed in CPU time of this process (the median of several runs, garbage collection
included), so other programs on a shared machine do not skew the ratio; the ratio of the
fastest runs is reported beside it. Target: at most 20 trivial views. An empty page in
the product's layout is reported beside it (``layout_ms``: what every page pays).
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path

from bench.registry import Options, Result, benchmark, result

TARGET_RATIO = 20.0


def trivial(request: HttpRequest) -> HttpResponse:
    """The yardstick: as little as a view can do behind the same middleware."""
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


def layout(request: HttpRequest) -> HttpResponse:
    """Reported beside it: an empty page in the product's layout (navigation, messages, footer)."""
    from django.template import engines

    template = engines["django"].from_string('{% extends "base.html" %}{% block content %}ok{% endblock %}')
    return HttpResponse(template.render({}, request))


# The project's URLs plus the trivial view (used with ``override_settings(ROOT_URLCONF=...)``).
urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/trivial/", trivial),
    path("bench/layout/", layout),
    path("", include("kotacerdas.urls")),
]


def _cpu_seconds(work: Any, repeat: int) -> tuple[float, float]:
    """The fastest and the median CPU time of ``repeat`` runs of ``work``."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return min(times), statistics.median(times)


def _coordinator(region: Any) -> Any:
    from kotacerdas.accounts.models import Membership, User

    user = User.objects.filter(username="bench-coordinator").first()
    if user is None:
        user = User.objects.create_user(username="bench-coordinator", password=None)
        Membership.objects.create(user=user, role="coordinator", region=region)
    return user


def bench_plan_page(*, quick: bool = False, repeat: int = 15) -> dict[str, Any]:
    """The raw figures: seconds of the plan page, of the trivial view, their ratio, queries.

    Needs a configured Django and a database it may write to; everything is rolled back.
    """
    from django.db import connection, transaction
    from django.test import Client, override_settings

    from bench.bench_documents import _setup
    from kotacerdas.masterplans.models import ActionPlan

    repeat = 2 if quick else repeat
    with transaction.atomic(), override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"]):
        version = _setup(quick)
        region = version.plan.region
        client = Client()
        client.force_login(_coordinator(region))
        url = f"/rencana-induk/{region.code}/"

        def page() -> None:
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"plan page answered {response.status_code}")

        def yardstick() -> None:
            response = client.get("/bench/trivial/")
            if response.status_code != 200:
                raise RuntimeError(f"trivial view answered {response.status_code}")

        def empty_page() -> None:
            client.get("/bench/layout/")

        page()  # warm up templates, translations, URL resolvers
        yardstick()
        empty_page()
        queries = 0

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            page()
        page_seconds, page_median = _cpu_seconds(page, repeat)
        trivial_seconds, trivial_median = _cpu_seconds(yardstick, max(repeat, 41))
        _layout_fastest, layout_seconds = _cpu_seconds(empty_page, max(repeat, 21))
        size = len(client.get(url).content)
        actions = ActionPlan.objects.filter(version=version).count()
        transaction.set_rollback(True)  # leave the database as it was
    return {
        "actions": actions,
        "page_seconds": page_median,
        "trivial_seconds": trivial_median,
        "ratio": page_median / trivial_median,
        "fastest_ratio": page_seconds / trivial_seconds,
        "layout_seconds": layout_seconds,
        "queries": queries,
        "bytes": size,
    }


@benchmark("masterplans.plan_page")
def plan_page(options: Options) -> list[Result]:
    """The plan page as a coordinator first opens it, against a trivial view (target ≤ 20)."""
    figures = bench_plan_page(quick=options.quick)
    details = {
        "actions": figures["actions"],
        "page_ms": round(figures["page_seconds"] * 1000, 2),
        "trivial_ms": round(figures["trivial_seconds"] * 1000, 3),
        "layout_ms": round(figures["layout_seconds"] * 1000, 2),
        "fastest_ratio": round(figures["fastest_ratio"], 2),
        "queries": figures["queries"],
        "bytes": figures["bytes"],
    }
    return [
        result(
            "masterplans.plan_page.ratio",
            figures["ratio"],
            "× trivial view",
            TARGET_RATIO,
            details=details,
        )
    ]
