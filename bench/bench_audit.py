"""Audit-trail benchmark: the audit page and API at national size stay as fast as on a small trail.

The trail is filled with 5,000 events (``bulk_create``, times spread over two years, 200 people,
40 regions, every object type), each page is timed, then the trail is grown to 460,000 events and
the same pages are timed again. Target: each page at 460,000 events takes at most 1.3 times as
long as at 5,000, with exactly the same number of queries (keyset pages, indexed filters, object
types from the model registry, no count).

Pages: the ministry admin's audit page, with the actor search (a name), with an object type, a
later page (by cursor), a coordinator's page (one region) and the API list; ``query_only`` is
the page's query alone (selector and keyset page, no request), which separates the database's
share from the rest of the request. Each is the best of
several requests (the least disturbed by other work on the machine); the median is in the details.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from typing import Any

from bench.registry import Options, Result, benchmark, result

TARGET_RATIO = 1.3
SMALL, LARGE = 5_000, 460_000
QUICK_SMALL, QUICK_LARGE = 1_500, 15_000
PEOPLE, REGIONS = 200, 40
BATCH = 5_000
PROVINCE = "94"  # a code of its own, so that other benchmarks' regions are not touched


def _world() -> dict[str, Any]:
    from kotacerdas.accounts.models import Membership, User
    from kotacerdas.regions.models import Region

    province, _ = Region.objects.get_or_create(
        code=PROVINCE, defaults={"name": "Provinsi Bench", "level": "province"}
    )
    regions = [
        Region.objects.get_or_create(
            code=f"{PROVINCE}.{i + 1:02d}",
            defaults={"name": f"Kabupaten Bench {i + 1}", "level": "kabupaten", "province": province},
        )[0]
        for i in range(REGIONS)
    ]
    admin, _ = User.objects.get_or_create(username="bench_admin", defaults={"full_name": "Admin Bench"})
    Membership.objects.get_or_create(user=admin, role="ministry_admin")
    coordinator, _ = User.objects.get_or_create(username="bench_koord", defaults={"full_name": "Koordinator"})
    Membership.objects.get_or_create(user=coordinator, role="coordinator", region=regions[0])
    existing = set(User.objects.filter(username__startswith="bench_p").values_list("username", flat=True))
    User.objects.bulk_create(
        [
            User(username=f"bench_p{i:03d}", full_name=f"Pegawai Daerah {i:03d}")
            for i in range(PEOPLE)
            if f"bench_p{i:03d}" not in existing
        ]
    )
    people = list(User.objects.filter(username__startswith="bench_p").order_by("username"))
    return {"admin": admin, "coordinator": coordinator, "regions": regions, "people": people}


def _event_rows(world: dict[str, Any], count: int, seed: int) -> list[Any]:
    """``count`` events with realistic spread: times over two years, 200 actors, 40 regions."""
    from kotacerdas.core.models import AuditEvent
    from kotacerdas.core.selectors import audit_object_types

    rng = random.Random(seed)
    types = [t for t, _label in audit_object_types()]
    now = dt.datetime.now(dt.UTC)
    # The person searched for, the coordinator's region and the object type filtered on are
    # busy ones (a tenth of the events each), so that even the small trail fills their first page.
    busy_person, busy_region = world["people"][7], world["regions"][0]
    rows = []
    for _ in range(count):
        person = busy_person if rng.random() < 0.1 else rng.choice(world["people"])
        region = busy_region if rng.random() < 0.1 else rng.choice(world["regions"])
        object_type = "organisation.agency" if rng.random() < 0.1 else rng.choice(types)
        rows.append(
            AuditEvent(
                created_at=now - dt.timedelta(seconds=rng.randrange(2 * 365 * 86400)),
                actor=person,
                actor_label=person.full_name,
                action=rng.choice(["create", "update", "update", "update", "delete"]),
                object_type=object_type,
                object_id=str(rng.randrange(1, 50_000)),
                object_repr=f"{object_type} {rng.randrange(1, 50_000)}",
                region=region,
                changes={"name": ["lama", "baru"], "budget": [rng.randrange(10**6), rng.randrange(10**6)]},
            )
        )
    return rows


def _fill(world: dict[str, Any], count: int, seed: int) -> float:
    """Insert ``count`` events with their own times (``auto_now_add`` set aside meanwhile)."""
    from kotacerdas.core.models import AuditEvent

    field = AuditEvent._meta.get_field("created_at")
    started = time.perf_counter()
    field.auto_now_add = False  # type: ignore[attr-defined]
    try:
        for start in range(0, count, BATCH):
            AuditEvent.objects.bulk_create(_event_rows(world, min(BATCH, count - start), seed + start))
    finally:
        field.auto_now_add = True  # type: ignore[attr-defined]
    return time.perf_counter() - started


def _pages(world: dict[str, Any]) -> dict[str, tuple[Any, str]]:
    """name: (user, URL); the later page's cursor is the first page's next cursor."""
    from kotacerdas.core.models import AuditEvent
    from kotacerdas.core.selectors import AUDIT_KEYSET

    actor = world["people"][7]
    first = AUDIT_KEYSET.page(AuditEvent.objects.all(), size=50)
    return {
        "page": (world["admin"], "/jejak-audit/"),
        "actor_search": (world["admin"], f"/jejak-audit/?actor={actor.full_name.replace(' ', '+')}"),
        "object_type": (world["admin"], "/jejak-audit/?object_type=organisation.agency"),
        "later_page": (world["admin"], f"/jejak-audit/?cursor={first.next_cursor}"),
        "coordinator": (world["coordinator"], "/jejak-audit/"),
        "api": (world["admin"], "/api/v1/audit-events/"),
    }


def _measure_one(user: Any, url: str, repeats: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(user)
    response = client.get(url)  # warm: templates, statements
    assert response.status_code == 200, (url, response.status_code)
    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - t0)
        assert response.status_code == 200
    return {"best": min(times), "median": statistics.median(times), "queries": len(queries)}


def _measure_query(world: dict[str, Any], repeats: int) -> dict[str, Any]:
    """The page's own query alone (the selector and one keyset page), without the request."""
    from kotacerdas.core import selectors

    times = []
    for _ in range(repeats * 2):
        t0 = time.perf_counter()
        page = selectors.AUDIT_KEYSET.page(selectors.audit_event_list(actor=world["admin"]), size=50)
        times.append(time.perf_counter() - t0)
        assert len(page) == 50
    return {"best": min(times), "median": statistics.median(times), "queries": 1}


def _measure(world: dict[str, Any], repeats: int) -> dict[str, dict[str, Any]]:
    from django.test.utils import override_settings

    with override_settings(ALLOWED_HOSTS=["testserver"]):
        out = {name: _measure_one(user, url, repeats) for name, (user, url) in _pages(world).items()}
    out["query_only"] = _measure_query(world, repeats)
    return out


@benchmark("audit.page_at_scale")
def audit_page_at_scale(options: Options) -> list[Result]:
    """Audit page and API at 460,000 events / at 5,000: target ≤ 1.3, same query count."""
    from kotacerdas.core.models import AuditEvent

    small, large = (QUICK_SMALL, QUICK_LARGE) if options.quick else (SMALL, LARGE)
    repeats = 5 if options.quick else 15
    world = _world()
    first_id = (AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    try:
        fill_small = _fill(world, small, seed=1)
        at_small = _measure(world, repeats)
        fill_large = _fill(world, large - small, seed=small + 1)
        at_large = _measure(world, repeats)
    finally:
        AuditEvent.objects.filter(pk__gte=first_id).delete()
    results = []
    for name in at_small:
        s, big = at_small[name], at_large[name]
        results.append(
            result(
                f"audit.page_at_scale.{name}",
                big["best"] / s["best"],
                f"× ({large:,} ÷ {small:,} events)",
                TARGET_RATIO,
                details={
                    "ms_small": round(s["best"] * 1000, 2),
                    "ms_large": round(big["best"] * 1000, 2),
                    "ms_median_small": round(s["median"] * 1000, 2),
                    "ms_median_large": round(big["median"] * 1000, 2),
                    "queries_small": s["queries"],
                    "queries_large": big["queries"],
                },
            )
        )
    added = sum(at_large[n]["queries"] - at_small[n]["queries"] for n in at_small)
    results.append(
        result(
            "audit.page_at_scale.queries_added",
            float(added),
            "queries",
            0.0,
            details={
                "events_small": small,
                "events_large": large,
                "insert_seconds": round(fill_small + fill_large, 1),
            },
        )
    )
    return results
