"""The presentation schedule's services, pages and API: making the schedule (replacing the
round's slots, with an audit event), moving one presentation (refused when an assessor or the
room is taken then, naming them), the phase and lock checks, the printable pages, query counts
that do not grow with the regions. Each refusal writes nothing."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone, translation

from kotacerdas.core.models import AuditEvent
from kotacerdas.evaluation import schedule
from kotacerdas.evaluation import slots as services
from kotacerdas.evaluation.models import Assignment, RoundPhase, RoundRegion, Slot

from .evaluation_assessors_data import assessor_make, province, regions_bulk, round_make
from .evaluation_data import method_make
from .factories import UserFactory, membership

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2024, 9, 2)


@pytest.fixture
def admin(world):
    method_make()
    return world.users["ministry_admin"]


def _settings(days=2, rooms=2, start=(8, 0), end=(10, 0), slot=60, pause=0):
    return schedule.Settings(
        days=tuple(MONDAY + dt.timedelta(days=i) for i in range(days)),
        day_start=dt.time(*start),
        day_end=dt.time(*end),
        slot_minutes=slot,
        break_minutes=pause,
        rooms=rooms,
    )


def _assign(round_, region, *assessors):
    entry = RoundRegion.objects.get(round=round_, region=region)
    for a in assessors:
        Assignment.objects.create(entry=entry, assessor=a)


@pytest.fixture
def forum(world, admin):
    """Four regions; ASR-001 assesses A and C, ASR-002 assesses B and D."""
    extra = regions_bulk(2, provinces=2, first_province=61)
    regions = [world.region_a, world.region_b, *extra]
    round_ = round_make(regions)
    one = assessor_make(admin, "asesor", home_province=province("11"))
    two = assessor_make(admin, "dosen", home_province=province("12"))
    _assign(round_, regions[0], one)
    _assign(round_, regions[2], one)
    _assign(round_, regions[1], two)
    _assign(round_, regions[3], two)
    return round_, regions, one, two


def _state():
    return (
        list(Slot.objects.order_by("pk").values_list("entry_id", "starts_at", "ends_at", "mode", "place")),
        AuditEvent.objects.count(),
    )


def _local(slot):
    return timezone.localtime(slot.starts_at)


# ---------------------------------------------------------------- making the schedule


def test_generate_places_every_region_once_with_an_audit_event(forum, admin):
    round_, regions, _one, _two = forum
    result = services.slot_schedule_generate(
        actor=admin, round_=round_, settings=_settings(), mode="in_person", places=["Aula Garuda"]
    )
    assert (result.created, result.removed, result.days) == (4, 0, 2)
    assert result.per_day == {"2024-09-02": 2, "2024-09-03": 2}
    slots = list(Slot.objects.filter(round=round_).select_related("entry__region"))
    assert len(slots) == 4 and {s.mode for s in slots} == {"in_person"}
    assert {s.place for s in slots} <= {"Aula Garuda", services.default_place(2)}
    assert {_local(s).time() for s in slots} <= {dt.time(8, 0), dt.time(9, 0)}
    # ASR-001's two regions never at the same time
    a_times = {s.starts_at for s in slots if s.entry.region in (regions[0], regions[2])}
    assert len(a_times) == 2
    event = AuditEvent.objects.get(object_id=str(round_.pk), message__contains="4")
    assert event.changes["slots"] == [0, 4] and event.changes["rooms"] == 2
    again = services.slot_schedule_generate(actor=admin, round_=round_, settings=_settings(days=1))
    assert (again.created, again.removed, again.days) == (4, 4, 1)
    assert Slot.objects.filter(round=round_).count() == 4


def test_generate_refusals_write_nothing(forum, admin, world):
    round_, *_ = forum
    before = _state()
    with translation.override("en"):
        with pytest.raises(ValidationError) as bad:
            services.slot_schedule_generate(
                actor=admin,
                round_=round_,
                settings=_settings(rooms=0, start=(10, 0), end=(9, 0)),
                mode="hybrid",
            )
        assert set(bad.value.message_dict) == {"rooms", "day_end", "mode"}
        with pytest.raises(ValidationError) as many:
            services.slot_schedule_generate(
                actor=admin, round_=round_, settings=_settings(), places=["a", "b", "c"]
            )
        assert "3 places for 2 rooms" in many.value.message_dict["places"][0]
        with pytest.raises(ValidationError) as short:
            services.slot_schedule_generate(
                actor=admin, round_=round_, settings=_settings(days=1, rooms=1, end=(9, 0))
            )
        message = short.value.message_dict["__all__"][0]
        assert "3 presentations find no slot" in message and "1 slots for 4 regions" in message
        with pytest.raises(ValidationError) as busy:
            services.slot_schedule_generate(
                actor=admin, round_=round_, settings=_settings(days=1, rooms=4, end=(9, 0))
            )
        assert "Assessor ASR-00" in busy.value.message_dict["__all__"][0]
    with pytest.raises(PermissionDenied):
        services.slot_schedule_generate(
            actor=world.users["coordinator_a"], round_=round_, settings=_settings()
        )
    assert _state() == before


@pytest.mark.parametrize(
    ("phase", "locked", "allowed"),
    [
        ("self_assessment", False, True),
        ("interview", False, True),
        ("interview", True, False),
        ("document_review", True, False),
        ("panel", False, False),
        ("published", False, False),
    ],
)
def test_generate_before_or_during_an_unlocked_interview_phase(forum, admin, phase, locked, allowed):
    round_, *_ = forum
    round_.phase = phase
    round_.save()
    if locked:
        RoundPhase.objects.create(round=round_, phase="interview", locked=True, note="Menunggu DIPA")
    before = _state()
    if allowed:
        services.slot_schedule_generate(actor=admin, round_=round_, settings=_settings())
        assert Slot.objects.count() == 4
        return
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.slot_schedule_generate(actor=admin, round_=round_, settings=_settings())
    message = refused.value.messages[0]
    assert ("Menunggu DIPA" in message) if locked else ("after" in message)
    assert _state() == before


def test_a_historical_round_has_no_presentations(forum, admin):
    round_, *_ = forum
    round_.historical = True
    round_.save()
    with translation.override("en"), pytest.raises(ValidationError, match="historical"):
        services.slot_schedule_generate(actor=admin, round_=round_, settings=_settings())


# ---------------------------------------------------------------- one presentation


def _at(day, hour, minute=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def test_moving_a_presentation_checks_the_assessors_and_the_room(forum, admin):
    round_, regions, one, _two = forum
    services.slot_schedule_generate(
        actor=admin, round_=round_, settings=_settings(days=1), places=["R1", "R2"]
    )
    slot_a = Slot.objects.get(entry__region=regions[0])
    slot_c = Slot.objects.get(entry__region=regions[2])
    before = _state()
    with translation.override("en"):
        with pytest.raises(ValidationError) as clash:
            services.slot_update(
                actor=admin,
                slot=slot_a,
                starts_at=slot_c.starts_at + dt.timedelta(minutes=30),
                ends_at=slot_c.ends_at + dt.timedelta(minutes=30),
                mode="online",
                place="Zoom A",
            )
        message = clash.value.message_dict["starts_at"][0]
        assert "ASR-001" in message and one.user.display_name in message and regions[2].name in message
        taken = Slot.objects.exclude(pk=slot_a.pk).get(starts_at=slot_a.starts_at)
        with pytest.raises(ValidationError) as room:
            services.slot_update(
                actor=admin,
                slot=slot_a,
                starts_at=taken.starts_at,
                ends_at=taken.ends_at,
                mode="in_person",
                place=taken.place.lower(),
            )
        assert "already taken by the presentation of" in room.value.message_dict["starts_at"][0]
        with pytest.raises(ValidationError) as order:
            services.slot_update(
                actor=admin,
                slot=slot_a,
                starts_at=_at(MONDAY, 9),
                ends_at=_at(MONDAY, 8),
                mode="zoom",
                place="x" * 301,
            )
        assert set(order.value.message_dict) == {"ends_at", "mode", "place"}
    assert _state() == before
    moved = services.slot_update(
        actor=admin,
        slot=slot_a,
        starts_at=_at(MONDAY, 13),
        ends_at=_at(MONDAY, 14),
        mode="in_person",
        place=" Aula  1 ",
    )
    assert (moved.place, _local(moved).time()) == ("Aula 1", dt.time(13, 0))
    event = AuditEvent.objects.filter(object_id=str(slot_a.pk)).latest("pk")
    assert event.changes["place"] == [slot_a.place, "Aula 1"] and event.region_id == regions[0].pk


def test_moving_refused_after_the_interview_phase(forum, admin):
    round_, regions, *_ = forum
    services.slot_schedule_generate(actor=admin, round_=round_, settings=_settings())
    round_.phase = "panel"
    round_.save()
    slot = Slot.objects.get(entry__region=regions[0])
    before = _state()
    with pytest.raises(ValidationError):
        services.slot_update(
            actor=admin,
            slot=slot,
            starts_at=_at(MONDAY, 13),
            ends_at=_at(MONDAY, 14),
            mode="online",
            place="",
        )
    assert _state() == before


# ---------------------------------------------------------------- pages


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def test_pages(forum, admin, world):
    round_, regions, one, _two = forum
    client = _english(world.client_for("ministry_admin"))
    empty = client.get(f"/evaluasi/{round_.code}/jadwal/")
    assert empty.status_code == 200 and "No schedule yet" in empty.content.decode()
    assert f'<a href="/evaluasi/{round_.code}/">' in empty.content.decode()  # back to the round
    form = client.get(f"/evaluasi/{round_.code}/jadwal/buat/")
    assert form.status_code == 200 and f'<a href="/evaluasi/{round_.code}/jadwal/">' in form.content.decode()
    data = {
        "first_day": "2024-09-06",  # a Friday: the next day is Monday
        "days": 2,
        "day_start": "08:00",
        "day_end": "10:00",
        "slot_minutes": 60,
        "break_minutes": 0,
        "rooms": 2,
        "mode": "online",
        "places": "https://zoom.example/1\n",
    }
    made = client.post(f"/evaluasi/{round_.code}/jadwal/buat/", data)
    assert made.status_code == 302
    days = sorted({_local(s).date() for s in Slot.objects.all()})
    assert days == [dt.date(2024, 9, 6), dt.date(2024, 9, 9)]
    page = client.get(f"/evaluasi/{round_.code}/jadwal/?hari=2024-09-09")
    body = page.content.decode()
    assert page.status_code == 200 and page.context["day"] == dt.date(2024, 9, 9)
    assert len(page.context["page"].object_list) == 2 and "https://zoom.example/1" in body
    short = client.post(f"/evaluasi/{round_.code}/jadwal/buat/", {**data, "days": 1, "rooms": 1})
    assert short.status_code == 400 and "find no slot" in short.content.decode()
    printable = client.get(f"/evaluasi/{round_.code}/jadwal/cetak/2024-09-06/")
    assert printable.status_code == 200 and "@media print" in printable.content.decode()
    assert len(printable.context["rows"]) == 2
    mine = client.get(f"/evaluasi/{round_.code}/jadwal/asesor/{one.code}/")
    assert [r.slot.entry.region for r in mine.context["rows"]] == sorted(
        [regions[0], regions[2]], key=lambda r: Slot.objects.get(entry__region=r).starts_at
    )
    assert client.get(f"/evaluasi/{round_.code}/jadwal/asesor/ASR-999/").status_code == 404
    edit_url = f"/evaluasi/{round_.code}/jadwal/{regions[0].code}/"
    edit_page = client.get(edit_url)
    assert (
        edit_page.status_code == 200
        and f'<a href="/evaluasi/{round_.code}/jadwal/">' in edit_page.content.decode()
    )
    other = Slot.objects.get(entry__region=regions[2])
    local = _local(other)
    refused = client.post(
        edit_url,
        {
            "day": local.date().isoformat(),
            "starts": local.strftime("%H:%M"),
            "ends": "23:00",
            "mode": "online",
        },
    )
    assert refused.status_code == 400 and "ASR-001" in refused.content.decode()
    moved = client.post(edit_url, {"day": "2024-09-10", "starts": "13:00", "ends": "14:00", "mode": "online"})
    assert moved.status_code == 302 and moved["Location"].endswith("?hari=2024-09-10")
    assert client.get(f"/evaluasi/{round_.code}/jadwal/99.99/").status_code == 404


def test_an_assessor_prints_their_own_presentations(forum, admin, world):
    round_, regions, _one, _two = forum
    services.slot_schedule_generate(actor=admin, round_=round_, settings=_settings())
    client = _english(world.client_for("assessor"))  # the user "asesor" is ASR-001
    mine = client.get(f"/evaluasi/penilaian-saya/{round_.code}/jadwal/")
    assert mine.status_code == 200
    assert {r.slot.entry.region for r in mine.context["rows"]} == {regions[0], regions[2]}
    assert "/evaluasi/penilaian-saya/" in mine.content.decode()  # the way back
    assert (
        f"/evaluasi/penilaian-saya/{round_.code}/jadwal/"
        in client.get("/evaluasi/penilaian-saya/").content.decode()
    )
    other = round_make([world.region_a], code="2024-3")
    assert client.get(f"/evaluasi/penilaian-saya/{other.code}/jadwal/").status_code == 404


def test_page_shows_clashes_left_by_changed_assignments(forum, admin, world):
    round_, regions, one, _two = forum
    services.slot_schedule_generate(actor=admin, round_=round_, settings=_settings(days=1))
    together = Slot.objects.get(entry__region=regions[0]).starts_at
    partner = Slot.objects.exclude(entry__region=regions[0]).filter(starts_at=together).first()
    Assignment.objects.create(entry=partner.entry, assessor=one)
    page = _english(world.client_for("ministry_admin")).get(f"/evaluasi/{round_.code}/jadwal/")
    assert page.context["clashes"] and "share assessor ASR-001" in page.content.decode()


@pytest.mark.parametrize("size", [8, 40])
def test_page_queries_do_not_grow(world, admin, django_assert_num_queries, size):
    regions = regions_bulk(size, provinces=4)
    round_ = round_make(regions)
    people = [assessor_make(admin, f"a{i}", home_province=province(str(80 + i))) for i in range(8)]
    for i, region in enumerate(regions):
        _assign(round_, region, people[i % 8])
    services.slot_schedule_generate(
        actor=admin, round_=round_, settings=_settings(days=1, rooms=10, end=(17, 0))
    )
    client = world.client_for("ministry_admin")
    client.get(f"/evaluasi/{round_.code}/jadwal/")  # warm the session and the caches
    with django_assert_num_queries(11):
        assert client.get(f"/evaluasi/{round_.code}/jadwal/").status_code == 200
    with django_assert_num_queries(6):
        assert client.get(f"/evaluasi/{round_.code}/jadwal/cetak/2024-09-02/").status_code == 200


# ---------------------------------------------------------------- API


def test_api(forum, admin, world):
    round_, regions, one, _two = forum
    client = world.client_for("ministry_admin")
    url = f"/api/v1/evaluation/rounds/{round_.code}/schedule/"
    body = {
        "days": ["2024-09-02", "2024-09-03"],
        "day_start": "08:00",
        "day_end": "10:00",
        "slot_minutes": 60,
        "rooms": 2,
        "places": ["Aula"],
    }
    made = client.post(url, body, content_type="application/json")
    assert made.status_code == 200, made.json()
    assert made.json() == {
        "created": 4,
        "removed": 0,
        "days": 2,
        "per_day": {"2024-09-02": 2, "2024-09-03": 2},
    }
    listed = client.get(url).json()
    assert listed["count"] == 4 and set(listed["results"][0]) >= {"region", "starts_at", "assessors", "place"}
    day = client.get(f"{url}?day=2024-09-03").json()
    assert day["count"] == 2
    assert client.get(f"{url}?day=monday").status_code == 400
    with translation.override("en"):
        short = client.post(
            url, {**body, "days": ["2024-09-02"], "rooms": 1}, content_type="application/json"
        )
    assert short.status_code == 400 and short.json()["error"]["fields"]
    one_url = f"{url}{regions[0].code}/"
    assert client.get(one_url).json()["assessors"] == [one.code]
    clash_at = Slot.objects.get(entry__region=regions[2])
    refused = client.patch(
        one_url,
        {
            "starts_at": clash_at.starts_at.isoformat(),
            "ends_at": clash_at.ends_at.isoformat(),
            "place": "Zoom",
        },
        content_type="application/json",
    )
    assert refused.status_code == 400 and "ASR-001" in str(refused.json()["error"]["fields"])
    moved = client.patch(
        one_url, {"place": "Ruang Rapat 3", "mode": "in_person"}, content_type="application/json"
    )
    assert moved.status_code == 200 and (moved.json()["place"], moved.json()["mode"]) == (
        "Ruang Rapat 3",
        "in_person",
    )
    assert client.get(f"{url}99.99/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_admins_moving_two_presentations_into_one_clash(world, admin):
    """Two admins move ASR-001's two regions to the same new hour at once: the round's lock makes
    one wait and then see the other's move, so one is refused and nobody is double-booked."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database")
    extra = regions_bulk(2, provinces=2, first_province=61)
    regions = [world.region_a, world.region_b, *extra]
    round_ = round_make(regions)
    one = assessor_make(admin, "asesor", home_province=province("11"))
    _assign(round_, regions[0], one)
    _assign(round_, regions[2], one)
    services.slot_schedule_generate(actor=admin, round_=round_, settings=_settings())
    other = UserFactory(username="admin2")
    membership(other, "ministry_admin")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def move(actor, region) -> None:
        try:
            slot = Slot.objects.select_related("round").get(entry__region=region)
            barrier.wait()
            services.slot_update(
                actor=actor,
                slot=slot,
                starts_at=_at(MONDAY, 13),
                ends_at=_at(MONDAY, 14),
                mode="online",
                place="",
            )
            outcomes.append("done")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=move, args=(admin, regions[0])),
        threading.Thread(target=move, args=(other, regions[2])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done", "refused"]
    assert Slot.objects.filter(round=round_, starts_at=_at(MONDAY, 13)).count() == 1
