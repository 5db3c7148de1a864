"""Setting up a live round: its scope (cohort, kawasan, province, a list), each region's group
(from its kawasan membership, then changed by hand), adding and removing regions in preparation,
the phase table (dates, moving on in order with a confirmation, never to published here, locks
with a note that ``phase_require_open`` shows). Each refusal writes nothing; each write leaves
its audit event. The pages and the API call the same services."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import translation

from kotacerdas.core.models import AuditEvent
from kotacerdas.evaluation import round_setup as services
from kotacerdas.evaluation.models import Assignment, Round, RoundPhase, RoundRegion
from kotacerdas.evaluation.phases import phase_require_open
from kotacerdas.programme.models import Kawasan

from .evaluation_assessors_data import assessor_make, province
from .evaluation_data import method_make
from .factories import CohortFactory, ParticipationFactory, RegionFactory, UserFactory, membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(world):
    return world.users["ministry_admin"]


@pytest.fixture
def programme(world):
    """Cohort 2017: A (52.04, regular) and 52.71 (kawasan Mandalika); cohort 2018: B (51.08)."""
    method = method_make()
    c2017 = CohortFactory(year=2017)
    c2018 = CohortFactory(year=2018)
    mandalika = Kawasan.objects.create(code="mandalika", name="KSPN Mandalika")
    kota = RegionFactory(code="52.71", name="Kota Mataram")
    ParticipationFactory(region=world.region_a, cohort=c2017)
    ParticipationFactory(region=kota, cohort=c2017, track="kawasan", kawasan=mandalika)
    ParticipationFactory(region=world.region_b, cohort=c2018)
    RegionFactory(code="52.03", name="Kabupaten Lombok Timur")  # not enrolled
    return method, c2017, c2018, mandalika, kota


def _state():
    return (
        Round.objects.count(),
        RoundRegion.objects.count(),
        list(
            RoundPhase.objects.order_by("pk").values_list("phase", "opens_on", "closes_on", "locked", "note")
        ),
        list(Round.objects.order_by("pk").values_list("phase", "row_version")),
        AuditEvent.objects.count(),
    )


def _create(admin, method, scope, code="2025-2", **extra):
    return services.round_setup_create(
        actor=admin, code=code, year=2025, stage="2", method=method, scope=scope, **extra
    )


def _groups(round_):
    return dict(RoundRegion.objects.filter(round=round_).values_list("region__code", "group__code"))


# ---------------------------------------------------------------- scope


def test_create_by_cohort_with_groups_from_the_kawasan_and_the_phase_table(programme, admin):
    method, c2017, *_ = programme
    round_ = _create(admin, method, services.Scope(cohort=c2017))
    assert round_.phase == "draft"
    assert _groups(round_) == {"52.04": "regular", "52.71": "kawasan"}
    assert list(RoundPhase.objects.filter(round=round_).values_list("phase", flat=True).order_by("pk")) == [
        "draft",
        "self_assessment",
        "document_review",
        "interview",
        "panel",
        "published",
    ]
    events = AuditEvent.objects.filter(object_id=str(round_.pk)).order_by("pk")
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].changes["scope"]["cohort"] == 2017 and events[1].changes["regions"] == [0, 2]


@pytest.mark.parametrize(
    ("scope", "codes"),
    [
        (lambda p, w: services.Scope(kawasan=p[3]), {"52.71"}),
        (lambda p, w: services.Scope(province=w.region_a.province), {"52.04", "52.71"}),
        (lambda p, w: services.Scope(cohort=p[1], province=w.region_a.province), {"52.04", "52.71"}),
        (lambda p, w: services.Scope(regions=[w.region_b, p[4]]), {"51.08", "52.71"}),
        (lambda p, w: services.Scope(cohort=p[2], regions=[w.region_a]), {"51.08", "52.04"}),
    ],
)
def test_scope_kinds(programme, admin, world, scope, codes):
    round_ = _create(admin, programme[0], scope(programme, world))
    assert set(_groups(round_)) == codes


def test_create_refusals_show_every_message_and_write_nothing(programme, admin, world):
    method, c2017, *_ = programme
    _create(admin, method, services.Scope(cohort=c2017))
    before = _state()
    empty_province = province("91")
    with translation.override("en"):
        with pytest.raises(ValidationError) as both:
            _create(admin, method, services.Scope())
        assert set(both.value.message_dict) == {"code", "scope"}
        with pytest.raises(ValidationError) as nothing:
            _create(admin, method, services.Scope(province=empty_province), code="2025-3")
        assert "No enrolled kabupaten/kota" in nothing.value.message_dict["scope"][0]
        with pytest.raises(ValidationError) as year:
            services.round_setup_create(
                actor=admin,
                code="2025-4",
                year=1999,
                stage="2",
                method=method,
                scope=services.Scope(cohort=c2017),
            )
        assert set(year.value.message_dict) == {"year"}
    with pytest.raises(PermissionDenied):
        _create(world.users["coordinator_a"], method, services.Scope(cohort=c2017), code="2025-5")
    assert _state() == before


def test_add_and_remove_regions_in_preparation(programme, admin, world):
    method, c2017, c2018, *_ = programme
    round_ = _create(admin, method, services.Scope(cohort=c2017))
    result = services.round_regions_add(
        actor=admin, round_=round_, scope=services.Scope(cohort=c2018, regions=[world.region_a])
    )
    assert (result.added, result.already) == (["51.08"], ["52.04"])
    entry = RoundRegion.objects.get(round=round_, region=world.region_b)
    services.round_region_set_group(actor=admin, entry=entry, group="kawasan")
    assert _groups(round_)["51.08"] == "kawasan"
    before = _state()
    with translation.override("en"):
        with pytest.raises(ValidationError, match="no group"):
            services.round_region_set_group(actor=admin, entry=entry, group="ibukota")
        assessor = assessor_make(admin, "asesor", home_province=province("11"))
        Assignment.objects.create(entry=entry, assessor=assessor)
        before = _state()
        with pytest.raises(ValidationError, match="remove them first"):
            services.round_region_remove(actor=admin, entry=entry)
    assert _state() == before
    services.round_region_remove(
        actor=admin, entry=RoundRegion.objects.get(round=round_, region=world.region_a)
    )
    assert set(_groups(round_)) == {"51.08", "52.71"}
    assert AuditEvent.objects.filter(changes__removed="52.04").exists()


def test_regions_fixed_after_preparation(programme, admin, world):
    method, c2017, c2018, *_ = programme
    round_ = _create(admin, method, services.Scope(cohort=c2017))
    services.round_phase_advance(actor=admin, round_=round_, current="draft")
    entry = RoundRegion.objects.get(round=round_, region=world.region_a)
    before = _state()
    with translation.override("en"):
        for call in (
            lambda: services.round_regions_add(
                actor=admin, round_=round_, scope=services.Scope(cohort=c2018)
            ),
            lambda: services.round_region_remove(actor=admin, entry=entry),
            lambda: services.round_region_set_group(actor=admin, entry=entry, group="kawasan"),
        ):
            with pytest.raises(ValidationError, match="Self-assessment phase"):
                call()
    assert _state() == before


# ---------------------------------------------------------------- phases


def test_advance_in_order_never_to_published(programme, admin):
    method, c2017, *_ = programme
    round_ = _create(admin, method, services.Scope(cohort=c2017))
    for current in ("draft", "self_assessment", "document_review", "interview"):
        services.round_phase_advance(actor=admin, round_=round_, current=current)
    assert Round.objects.get(pk=round_.pk).phase == "panel"
    event = AuditEvent.objects.filter(object_id=str(round_.pk), action="transition").latest("pk")
    assert event.changes == {"phase": ["interview", "panel"]}
    before = _state()
    with translation.override("en"):
        with pytest.raises(ValidationError, match="published from its page"):
            services.round_phase_advance(actor=admin, round_=round_, current="panel")
        with pytest.raises(ValidationError, match="someone moved it"):
            services.round_phase_advance(actor=admin, round_=round_, current="interview")
    assert _state() == before


def test_advance_refusals(programme, admin):
    method = programme[0]
    empty = Round.objects.create(code="kosong", year=2025, name="Kosong", method=method)
    historical = Round.objects.create(code="lama", year=2022, name="Lama", method=method, historical=True)
    before = _state()
    with translation.override("en"):
        with pytest.raises(ValidationError, match="no regions"):
            services.round_phase_advance(actor=admin, round_=empty, current="draft")
        with pytest.raises(ValidationError, match="historical"):
            services.round_phase_advance(actor=admin, round_=historical, current="draft")
    assert _state() == before


def test_dates(programme, admin):
    method, c2017, *_ = programme
    round_ = _create(admin, method, services.Scope(cohort=c2017))
    d = dt.date(2025, 3, 1)
    rows = services.round_phase_dates(
        actor=admin,
        round_=round_,
        dates={
            "self_assessment": (d, d + dt.timedelta(days=30)),
            "interview": (d + dt.timedelta(days=60), None),
        },
    )
    assert [(r.phase, r.opens_on) for r in rows][1] == ("self_assessment", d)
    event = AuditEvent.objects.filter(object_id=str(round_.pk)).latest("pk")
    assert event.changes["phase_dates"]["self_assessment"] == [[None, None], ["2025-03-01", "2025-03-31"]]
    before = _state()
    with translation.override("en"):
        with pytest.raises(ValidationError) as bad:
            services.round_phase_dates(
                actor=admin,
                round_=round_,
                dates={"document_review": (d, d - dt.timedelta(days=1)), "panel": (d, None)},
            )
        assert set(bad.value.message_dict) == {"document_review", "panel"}
        assert "closes before it opens" in bad.value.message_dict["document_review"][0]
        assert "opens before" in bad.value.message_dict["panel"][0]
        with pytest.raises(ValidationError, match="Unknown phase"):
            services.round_phase_dates(actor=admin, round_=round_, dates={"holiday": (d, d)})
    assert _state() == before


def test_lock_and_unlock_with_a_note(programme, admin):
    method, c2017, *_ = programme
    round_ = _create(admin, method, services.Scope(cohort=c2017))
    services.round_phase_advance(actor=admin, round_=round_, current="draft")
    round_.refresh_from_db()
    before = _state()
    with translation.override("en"):
        with pytest.raises(ValidationError) as bad:
            services.round_phase_lock(actor=admin, round_=round_, phase="published", locked=True, note=" ")
        assert set(bad.value.message_dict) == {"phase", "note"}
        with pytest.raises(ValidationError, match="not locked"):
            services.round_phase_lock(actor=admin, round_=round_, phase="interview", locked=False, note="x")
    assert _state() == before
    services.round_phase_lock(
        actor=admin, round_=round_, phase="self_assessment", locked=True, note="Server  maintenance"
    )
    with translation.override("en"), pytest.raises(ValidationError, match=r"locked \(Server maintenance\)"):
        phase_require_open(round_, "self_assessment")
    services.round_phase_lock(actor=admin, round_=round_, phase="self_assessment", locked=False, note="Done")
    phase_require_open(round_, "self_assessment")
    changes = list(
        AuditEvent.objects.filter(object_id=str(round_.pk)).order_by("pk").values_list("changes", flat=True)
    )
    locks = [c["locked"] for c in changes if c.get("phase") == "self_assessment" and "locked" in c]
    assert locks == [[False, True], [True, False]]


@pytest.mark.django_db(transaction=True)
def test_two_admins_moving_on_at_once_move_once(programme, admin):
    """Both confirm "move on" from preparation at once: the round's lock makes one wait, and it is
    then refused (the round moved), so the round moves one phase, not two."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database")
    method, c2017, *_ = programme
    round_ = _create(admin, method, services.Scope(cohort=c2017))
    other = UserFactory(username="admin2")
    membership(other, "ministry_admin")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def advance(actor) -> None:
        try:
            barrier.wait()
            services.round_phase_advance(actor=actor, round_=Round.objects.get(pk=round_.pk), current="draft")
            outcomes.append("done")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=advance, args=(u,)) for u in (admin, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done", "refused"]
    assert Round.objects.get(pk=round_.pk).phase == "self_assessment"


# ---------------------------------------------------------------- pages


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def test_pages(programme, admin, world):
    method, c2017, _c2018, _mandalika, _kota = programme
    client = _english(world.client_for("ministry_admin"))
    assert client.get("/evaluasi/putaran-baru/").status_code == 200
    data = {"code": "2025-2", "year": 2025, "stage": "2", "method": method.pk, "cohort": c2017.pk}
    bad = client.post("/evaluasi/putaran-baru/", {**data, "cohort": "", "regions": "Atlantis"})
    assert bad.status_code == 400 and "Unknown kabupaten/kota: Atlantis" in bad.content.decode()
    none = client.post("/evaluasi/putaran-baru/", {**data, "cohort": ""})
    assert none.status_code == 400 and "Choose the round" in none.content.decode()
    made = client.post("/evaluasi/putaran-baru/", data)
    assert made.status_code == 302 and made["Location"] == "/evaluasi/2025-2/pengaturan/"
    page = client.get("/evaluasi/2025-2/pengaturan/")
    assert page.status_code == 200 and page.context["page"].paginator.count == 2
    assert client.post("/evaluasi/2025-2/pengaturan/daerah/", {"regions": "51.08"}).status_code == 302
    assert client.post("/evaluasi/2025-2/pengaturan/daerah/51.08/", {"group": "kawasan"}).status_code == 302
    assert client.post("/evaluasi/2025-2/pengaturan/daerah/51.08/", {"group": "x"}).status_code == 400
    assert client.post("/evaluasi/2025-2/pengaturan/daerah/51.08/hapus/").status_code == 302
    assert client.post("/evaluasi/2025-2/pengaturan/daerah/51.08/hapus/").status_code == 404
    dates = client.post(
        "/evaluasi/2025-2/pengaturan/tanggal/",
        {"self_assessment_opens": "2025-03-01", "self_assessment_closes": "2025-02-01"},
    )
    assert dates.status_code == 400 and "closes before it opens" in dates.content.decode()
    assert (
        client.post(
            "/evaluasi/2025-2/pengaturan/tanggal/", {"self_assessment_opens": "2025-03-01"}
        ).status_code
        == 302
    )
    confirm = client.get("/evaluasi/2025-2/pengaturan/fase-berikut/")
    assert confirm.status_code == 200 and "Self-assessment" in confirm.content.decode()
    assert '<a href="/evaluasi/2025-2/pengaturan/">' in confirm.content.decode()  # back to the set-up
    unconfirmed = client.post("/evaluasi/2025-2/pengaturan/fase-berikut/", {"current": "draft"})
    assert unconfirmed.status_code == 400 and Round.objects.get(code="2025-2").phase == "draft"
    moved = client.post("/evaluasi/2025-2/pengaturan/fase-berikut/", {"current": "draft", "confirm": "on"})
    assert moved.status_code == 302 and Round.objects.get(code="2025-2").phase == "self_assessment"
    stale = client.post("/evaluasi/2025-2/pengaturan/fase-berikut/", {"current": "draft", "confirm": "on"})
    assert stale.status_code == 400 and "someone moved it" in stale.content.decode()
    locked = client.post(
        "/evaluasi/2025-2/pengaturan/kunci/", {"phase": "self_assessment", "locked": "1", "note": "Audit"}
    )
    assert locked.status_code == 302
    assert RoundPhase.objects.get(round__code="2025-2", phase="self_assessment").locked
    no_note = client.post("/evaluasi/2025-2/pengaturan/kunci/", {"phase": "self_assessment", "locked": "0"})
    assert no_note.status_code == 400
    assert "Audit" in client.get("/evaluasi/2025-2/pengaturan/").content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_setup_page_queries_do_not_grow(programme, admin, world, django_assert_num_queries, size):
    method, c2017, *_ = programme
    regions = [RegionFactory(code=f"61.{i + 1:02d}", name=f"Kabupaten {i}") for i in range(size)]
    for r in regions:
        ParticipationFactory(region=r, cohort=c2017)
    _create(admin, method, services.Scope(cohort=c2017))
    client = world.client_for("ministry_admin")
    client.get("/evaluasi/2025-2/pengaturan/")
    with django_assert_num_queries(12):
        assert client.get("/evaluasi/2025-2/pengaturan/").status_code == 200


# ---------------------------------------------------------------- API


def test_api(programme, admin, world):
    _method, _c2017, _c2018, _mandalika, _kota = programme
    client = world.client_for("ministry_admin")
    base = "/api/v1/evaluation/rounds/"
    body = {"code": "2025-2", "year": 2025, "stage": "2", "method": "uji", "kawasan": "mandalika"}
    with translation.override("en"):
        bad = client.post(base, {**body, "kawasan": "nowhere"}, content_type="application/json")
    assert bad.status_code == 400 and "kawasan" in bad.json()["error"]["fields"]
    made = client.post(base, body, content_type="application/json")
    assert made.status_code == 201, made.json()
    assert made.json()["regions"] == 1 and made["Location"] == f"{base}2025-2/phases/"
    phases = client.get(f"{base}2025-2/phases/").json()
    assert [p["phase"] for p in phases][:2] == ["draft", "self_assessment"] and phases[0]["current"]
    dated = client.patch(
        f"{base}2025-2/phases/",
        {"dates": {"interview": {"opens_on": "2025-06-01", "closes_on": "2025-06-30"}}},
        content_type="application/json",
    )
    assert dated.status_code == 200 and dated.json()[3]["opens_on"] == "2025-06-01"
    added = client.post(f"{base}2025-2/regions/", {"cohort": 2017}, content_type="application/json")
    assert added.json() == {"added": ["52.04"], "already": ["52.71"]}
    listed = client.get(f"{base}2025-2/regions/").json()
    assert [(r["region"], r["group"]) for r in listed["results"]] == [
        ("52.04", "regular"),
        ("52.71", "kawasan"),
    ]
    regrouped = client.patch(
        f"{base}2025-2/regions/52.04/", {"group": "kawasan"}, content_type="application/json"
    )
    assert regrouped.json()["group"] == "kawasan"
    assert client.delete(f"{base}2025-2/regions/52.04/").status_code == 204
    moved = client.post(
        f"{base}2025-2/phases/advance/", {"current": "draft"}, content_type="application/json"
    )
    assert moved.status_code == 200 and moved.json()[1]["current"]
    again = client.post(
        f"{base}2025-2/phases/advance/", {"current": "draft"}, content_type="application/json"
    )
    assert again.status_code == 400
    lock = client.post(
        f"{base}2025-2/phases/self_assessment/lock/",
        {"locked": True, "note": "Audit"},
        content_type="application/json",
    )
    assert lock.status_code == 200 and lock.json()["locked"]
    assert (
        client.post(f"{base}2025-2/phases/holiday/lock/", {}, content_type="application/json").status_code
        == 404
    )
