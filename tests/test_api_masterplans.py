"""The master-plan API: the whole tree, writes through the services, permissions, rules,
conflicts, the version life cycle, and bounded query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.core.models import AuditEvent
from kotacerdas.masterplans import selectors
from kotacerdas.masterplans.models import (
    ActionBudget,
    ActionPlan,
    PlanVersion,
    Programme,
    QuickWin,
    RoadmapItem,
    SwotItem,
)

from .matrix.cases_api_masterplans import (
    BASE,
    JSON,
    V1,
    complete,
    draft_of,
    make_action,
    make_plan,
    make_programme,
    make_quick_win,
    ratified,
    submitted,
    with_items,
)

LIST = "/api/v1/masterplans/"


@pytest.fixture
def draft(world):
    make_plan(world)
    return draft_of(world)


def _post(client, path, data=None):
    return client.post(path, data or {}, content_type=JSON)


def _patch(client, path, data):
    return client.patch(path, data, content_type=JSON)


def _fields(response):
    return response.json()["error"]["fields"]


def _action_body(**overrides):
    body = {
        "programme": "GOV-01",
        "code": "GOV-01.09",
        "name": "Aksi baru",
        "agency": "disdukcapil",
        "start_year": 2024,
        "end_year": 2025,
        "indicator": "Jumlah layanan",
        "unit": "layanan",
        "baseline": "1.00",
        "budgets": [
            {"year": 2024, "source": "APBD", "amount": "1000000.00"},
            {"year": 2025, "source": "NON_APBD", "amount": "250000.00"},
        ],
        "targets": [{"year": 2024, "value": "2.00"}, {"year": 2025, "value": "4.00"}],
    }
    body.update(overrides)
    return body


# ---------------------------------------------------------------- plans


def test_plan_list_is_scoped_to_the_reader(world, draft):
    for role in ("ministry_admin", "pendamping", "coordinator_a", "officer_a"):
        response = world.client_for(role).get(LIST)
        assert response.status_code == 200
        assert [p["region"] for p in response.json()["results"]] == ["52.04"], role
    for role in ("assessor", "coordinator_b", "anonymous"):
        response = world.client_for(role).get(LIST)
        assert response.status_code == 200
        assert response.json()["results"] == [], role
    plan = world.client_for("coordinator_a").get(LIST).json()["results"][0]
    assert "id" not in plan and plan["uid"]


def test_create_plan(world):
    client = world.client_for("coordinator_a")
    body = {"region": "52.04", "title": "Masterplan Sumbawa", "start_year": 2024, "end_year": 2028}
    response = _post(client, LIST, body)
    assert response.status_code == 201, response.content
    assert response["Location"] == BASE
    data = response.json()
    assert data["region"] == "52.04"
    assert [(v["number"], v["status"]) for v in data["versions"]] == [(1, "draft")]
    again = _post(client, LIST, body)
    assert again.status_code == 400 and "start_year" in _fields(again)
    reversed_years = _post(client, LIST, {**body, "start_year": 2030, "end_year": 2029})
    assert reversed_years.status_code == 400 and "end_year" in _fields(reversed_years)
    unknown = _post(client, LIST, {**body, "region": "99.99"})
    assert unknown.status_code == 400 and "region" in _fields(unknown)
    assert _post(world.client_for("coordinator_b"), LIST, {**body, "start_year": 2029}).status_code == 403
    assert _post(world.client_for("anonymous"), LIST, {**body, "start_year": 2029}).status_code == 401
    assert PlanVersion.objects.count() == 1


def test_plan_detail_lists_versions_newest_first(world):
    ratified(world)
    _post(world.client_for("coordinator_a"), f"{BASE}new-version/")
    response = world.client_for("pendamping").get(BASE)
    assert response.status_code == 200
    versions = response.json()["versions"]
    assert [(v["number"], v["status"], v["based_on"]) for v in versions] == [
        (2, "draft", 1),
        (1, "ratified", None),
    ]
    for role in ("assessor", "coordinator_b", "anonymous"):
        assert world.client_for(role).get(BASE).status_code == 404
    assert world.client_for("coordinator_a").get("/api/v1/masterplans/51.08/").status_code == 404


# ---------------------------------------------------------------- the whole tree


def _rich_tree(world, version):
    coordinator = world.client_for("coordinator_a")
    gov = make_programme(world, version, code="GOV-01")
    make_action(world, gov, "GOV-01.01")
    make_action(world, gov, "GOV-01.02", agency=world.agency_a2)
    eco = make_programme(world, version, code="ECO-01", sub="ECO-1")
    make_action(world, eco, "ECO-01.01")
    make_programme(world, version, code="GOV-02", sub="GOV-2")
    make_quick_win(world, version, "QW-GOV", "GOV", gov)
    _patch(coordinator, V1, {"vision": "Sumbawa Gemilang", "row_version": 1})
    assert coordinator.put(f"{V1}missions/", {"missions": ["Misi 1", "", "Misi 2"]}, JSON).status_code == 200
    coordinator.put(f"{V1}readiness/nature/", {"score": 4, "summary": "Pantai"}, JSON)
    _post(coordinator, f"{V1}swot/", {"element": "nature", "kind": "S", "text": "Laut"})
    _post(coordinator, f"{V1}swot/", {"element": "nature", "kind": "S", "text": "Hutan"})
    _post(coordinator, f"{V1}roadmap/", {"year": 2025, "dimension": "GOV", "milestone": "Layanan daring"})


def test_whole_tree_matches_the_selectors(world, draft):
    _rich_tree(world, draft)
    response = world.client_for("officer_a").get(V1)
    assert response.status_code == 200
    tree = response.json()
    assert tree["plan"]["region"] == "52.04"
    assert tree["version"]["number"] == 1 and tree["version"]["vision"] == "Sumbawa Gemilang"
    assert tree["missions"] == ["Misi 1", "Misi 2"]
    nature = next(r for r in tree["readiness"] if r["element"] == "nature")
    assert nature["score"] == 4 and [s["uid"] for s in nature["swot"]] == [
        str(uid) for uid in SwotItem.objects.order_by("position").values_list("uid", flat=True)
    ]
    assert [r["element"] for r in tree["readiness"]] == [
        "nature",
        "structure",
        "infrastructure",
        "suprastructure",
        "culture",
    ]
    assert tree["roadmap"] == [
        {
            "year": 2025,
            "dimension": "GOV",
            "milestone": "Layanan daring",
            "uid": str(RoadmapItem.objects.get().uid),
        }
    ]
    counts = {c["dimension"].code: c for c in selectors.counts_per_dimension(version=draft)}
    assert [c["dimension"] for c in tree["counts"]] == list(counts)
    for node in tree["dimensions"]:
        expected = counts[node["code"]]
        assert node["programme_count"] == len(node["programmes"]) == expected["programmes"]
        assert (
            node["action_count"] == sum(len(p["actions"]) for p in node["programmes"]) == expected["actions"]
        )
        assert len(node["quick_wins"]) == expected["quick_wins"]
    gov = next(n for n in tree["dimensions"] if n["code"] == "GOV")
    assert [p["code"] for p in gov["programmes"]] == ["GOV-01", "GOV-02"]
    action = gov["programmes"][0]["actions"][0]
    assert action["code"] == "GOV-01.01" and action["agency"] == "disdukcapil"
    assert action["programme"] == "GOV-01" and action["programme_uid"] == gov["programmes"][0]["uid"]
    assert action["budgets"] == [
        {"year": 2024, "source": "APBD", "amount": "1500000.00"},
        {"year": 2025, "source": "APBN", "amount": "500000.00"},
    ]
    assert action["targets"] == [{"year": 2024, "value": "2.00"}, {"year": 2025, "value": "4.00"}]
    assert "id" not in action
    assert gov["programmes"][0]["dimension"] == "GOV" and gov["programmes"][0]["subdimension"] == "GOV-1"
    assert gov["quick_wins"][0]["programme"] == "GOV-01"
    summary = selectors.budget_summary(version=draft)
    assert Decimal(tree["budget_summary"]["total"]) == summary["total"] == Decimal("6000000")
    gov_row = next(r for r in tree["budget_summary"]["rows"] if r["dimension"] == "GOV")
    assert Decimal(gov_row["by_source"]["APBD"]) == Decimal("3000000")


def test_current_is_the_draft_else_the_newest(world):
    ratified(world)
    assert world.client_for("coordinator_a").get(f"{BASE}versions/current/").json()["version"]["number"] == 1
    _post(world.client_for("coordinator_a"), f"{BASE}new-version/")
    current = world.client_for("coordinator_a").get(f"{BASE}versions/current/").json()
    assert current["version"]["number"] == 2 and current["version"]["status"] == "draft"
    assert world.client_for("coordinator_a").get(f"{BASE}versions/9/").status_code == 404


@pytest.mark.parametrize(
    "role,status",
    [
        ("ministry_admin", 200),
        ("pendamping", 200),
        ("coordinator_a", 200),
        ("officer_a", 200),
        ("assessor", 404),
        ("coordinator_b", 404),
        ("anonymous", 404),
    ],
)
def test_private_reads(world, draft, role, status):
    client = world.client_for(role)
    for path in (BASE, V1, f"{V1}checklist/", f"{V1}programmes/", f"{V1}actions/", f"{V1}quick-wins/"):
        response = client.get(path)
        assert response.status_code == status, path
        if status == 404:
            assert response.json()["error"]["code"] == "not_found"


def _grow(world, version, programmes, actions_each):
    from kotacerdas.programme.models import Dimension

    dimensions = list(Dimension.objects.order_by("position"))
    for i in range(programmes):
        dimension = dimensions[i % len(dimensions)]
        programme = make_programme(world, version, code=f"P-{i:02}", sub=f"{dimension.code}-1")
        for j in range(actions_each):
            make_action(world, programme, f"P-{i:02}.{j:02}")
        make_quick_win(world, version, f"QW-{i:02}", dimension.code, programme)


def _small_tree(world, version):
    programme = make_programme(world, version, code="GOV-01")
    for j in range(3):
        make_action(world, programme, f"GOV-01.{j:02}")
    make_quick_win(world, version, "QW-GOV", "GOV", programme)


def test_tree_query_count_does_not_grow(world, draft, django_assert_max_num_queries):
    client = world.client_for("coordinator_a")
    _small_tree(world, draft)
    client.get(V1)  # the session and the actor are read once per request: warm nothing else
    with django_assert_max_num_queries(30) as small:
        assert client.get(V1).status_code == 200
    _grow(world, draft, programmes=9, actions_each=3)
    assert ActionPlan.objects.filter(version=draft).count() == 30
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(V1)
    assert sum(n["action_count"] for n in response.json()["dimensions"]) == 30


def test_item_lists_query_count_does_not_grow(world, draft, django_assert_max_num_queries):
    client = world.client_for("coordinator_a")
    _small_tree(world, draft)
    paths = (f"{V1}programmes/", f"{V1}actions/", f"{V1}quick-wins/", LIST, BASE)
    sizes = {}
    for path in paths:
        with django_assert_max_num_queries(20) as captured:
            assert client.get(path).status_code == 200, path
        sizes[path] = len(captured.captured_queries)
    _grow(world, draft, programmes=9, actions_each=3)
    for path in paths:
        with django_assert_max_num_queries(sizes[path]):
            assert client.get(path).status_code == 200, path


# ---------------------------------------------------------------- header, missions, readiness, SWOT, road map


def test_patch_version_needs_row_version(world, draft):
    client = world.client_for("coordinator_a")
    response = _patch(client, V1, {"vision": "Tanpa versi"})
    assert response.status_code == 400
    assert list(_fields(response)) == ["row_version"]
    english = client.patch(V1, {"vision": "x"}, content_type=JSON, HTTP_ACCEPT_LANGUAGE="en")
    assert _fields(english)["row_version"] == ["row_version is required."]
    draft.refresh_from_db()
    assert draft.vision == ""


def test_second_patch_with_the_same_row_version_is_a_conflict(world, draft):
    ani, admin = world.client_for("coordinator_a"), world.client_for("ministry_admin")
    first = _patch(ani, V1, {"vision": "Versi Ani", "row_version": 1})
    assert first.status_code == 200 and first.json()["row_version"] == 2
    second = _patch(admin, V1, {"vision": "Versi Budi", "row_version": 1})
    assert second.status_code == 409
    error = second.json()["error"]
    assert error["code"] == "conflict" and error["current"] == {"vision": "Versi Ani", "row_version": 2}
    draft.refresh_from_db()
    assert draft.vision == "Versi Ani"


def test_version_writes_need_masterplan_change(world, draft):
    body = {"vision": "x", "row_version": 1}
    assert _patch(world.client_for("pendamping"), V1, body).status_code == 403
    assert _patch(world.client_for("officer_a"), V1, body).status_code == 403
    assert _patch(world.client_for("coordinator_b"), V1, body).status_code == 404
    assert _patch(world.client_for("assessor"), V1, body).status_code == 404
    anonymous = _patch(world.client_for("anonymous"), V1, body)
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"]
    assert _patch(world.client_for("ministry_admin"), V1, body).status_code == 200


def test_missions_readiness_swot_roadmap(world, draft):
    client = world.client_for("coordinator_a")
    response = client.put(f"{V1}missions/", {"missions": ["Satu", "  ", "Dua"]}, JSON)
    assert response.json() == {"missions": ["Satu", "Dua"]}
    bad = client.put(f"{V1}readiness/nature/", {"score": 6}, JSON)
    assert bad.status_code == 400 and "score" in _fields(bad)
    assert client.put(f"{V1}readiness/weather/", {"score": 3}, JSON).status_code == 404
    good = client.put(f"{V1}readiness/culture/", {"score": 2, "summary": "Gotong royong"}, JSON)
    assert good.status_code == 200 and good.json()["score"] == 2
    swot = _post(client, f"{V1}swot/", {"element": "culture", "kind": "W", "text": "Literasi"})
    swot_uid = swot.json()["uid"]
    assert swot.status_code == 201 and swot_uid == str(SwotItem.objects.get().uid)
    assert _post(client, f"{V1}swot/", {"element": "culture", "kind": "X", "text": "?"}).status_code == 400
    assert client.delete(f"{V1}swot/{swot_uid}/").status_code == 204
    assert client.delete(f"{V1}swot/{swot_uid}/").status_code == 404
    outside = _post(client, f"{V1}roadmap/", {"year": 2031, "dimension": "GOV", "milestone": "x"})
    assert outside.status_code == 400 and "year" in _fields(outside)
    unknown = _post(client, f"{V1}roadmap/", {"year": 2025, "dimension": "XYZ", "milestone": "x"})
    assert unknown.status_code == 400 and "dimension" in _fields(unknown)
    added = [
        _post(client, f"{V1}roadmap/", {"year": 2025, "dimension": "GOV", "milestone": text}).json()["uid"]
        for text in ("Satu", "Dua")
    ]
    tree = client.get(V1).json()
    assert [(r["uid"], r["milestone"]) for r in tree["roadmap"]] == [(added[0], "Satu"), (added[1], "Dua")]
    assert client.delete(f"{V1}roadmap/{added[0]}/").status_code == 204
    assert list(RoadmapItem.objects.values_list("milestone", flat=True)) == ["Dua"]
    assert client.delete(f"{V1}roadmap/{added[0]}/").status_code == 404  # gone; its uid is not reused
    assert world.client_for("officer_a").delete(f"{V1}roadmap/{added[1]}/").status_code == 403
    assert SwotItem.objects.count() == 0


# ---------------------------------------------------------------- items


def test_coordinator_writes_programmes_actions_quick_wins(world, draft):
    client = world.client_for("coordinator_a")
    response = _post(
        client,
        f"{V1}programmes/",
        {
            "code": "GOV-01",
            "name": "Layanan terpadu",
            "subdimension": "gov-1",
            "agency": "diskominfo",
            "start_year": 2024,
            "end_year": 2026,
        },
    )
    assert response.status_code == 201, response.content
    programme = response.json()
    assert programme["agency"] == "diskominfo" and programme["horizon"] == "medium"
    assert response["Location"].endswith(f"/programmes/{programme['uid']}/")
    action = _post(client, f"{V1}actions/", _action_body(programme=programme["uid"]))
    assert action.status_code == 201, action.content
    action_data = action.json()
    assert action_data["programme"] == "GOV-01" and len(action_data["budgets"]) == 2
    quick_win = _post(
        client,
        f"{V1}quick-wins/",
        {"code": "QW-1", "name": "SIGAP", "dimension": "GOV", "agency": "disdukcapil", "target_year": 2024},
    )
    assert quick_win.status_code == 201, quick_win.content
    assert quick_win.json()["programme"] is None
    # edit: only what is sent changes; budgets sent replace the existing ones
    action_url = f"{V1}actions/{action_data['uid']}/"
    edited = _patch(
        client,
        action_url,
        {
            "name": "Aksi diubah",
            "budgets": [{"year": 2025, "source": "APBN", "amount": "7.50"}],
            "row_version": action_data["row_version"],
        },
    )
    assert edited.status_code == 200, edited.content
    assert edited.json()["budgets"] == [{"year": 2025, "source": "APBN", "amount": "7.50"}]
    assert edited.json()["targets"] == action_data["targets"]
    assert edited.json()["indicator"] == "Jumlah layanan"
    qw_url = f"{V1}quick-wins/{quick_win.json()['uid']}/"
    linked = _patch(client, qw_url, {"programme": "GOV-01", "row_version": 1})
    assert linked.status_code == 200 and linked.json()["programme"] == "GOV-01"
    programme_url = f"{V1}programmes/{programme['uid']}/"
    moved = _patch(client, programme_url, {"subdimension": "GOV-2", "row_version": 1})
    assert moved.status_code == 200 and moved.json()["subdimension"] == "GOV-2"
    detail = client.get(programme_url).json()
    assert [a["code"] for a in detail["actions"]] == ["GOV-01.09"]
    # the audit trail has every write
    events = AuditEvent.objects.filter(
        object_type="masterplans.actionplan", object_id=str(ActionPlan.objects.get().pk)
    )
    assert set(events.values_list("action", flat=True)) == {"create", "update"}
    assert client.delete(qw_url).status_code == 204
    assert client.delete(action_url).status_code == 204
    assert client.delete(programme_url).status_code == 204
    assert (
        not Programme.objects.exists() and not ActionPlan.objects.exists() and not QuickWin.objects.exists()
    )
    assert client.get(programme_url).status_code == 404


def test_officer_writes_only_items_of_its_agency(world, draft):
    with_items_programme = make_programme(world, draft)  # owned by diskominfo
    own = make_action(world, with_items_programme, "GOV-01.01", agency=world.agency_a)
    other = make_action(world, with_items_programme, "GOV-01.02", agency=world.agency_a2)
    officer = world.client_for("officer_a")
    created = _post(officer, f"{V1}actions/", _action_body())
    assert created.status_code == 201, created.content
    refused = _post(officer, f"{V1}actions/", _action_body(code="GOV-01.10", agency="diskominfo"))
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    assert (
        _patch(officer, f"{V1}actions/{own.uid}/", {"name": "Milik sendiri", "row_version": 1}).status_code
        == 200
    )
    assert _patch(officer, f"{V1}actions/{other.uid}/", {"name": "x", "row_version": 1}).status_code == 403
    # nor give its own item away
    give = _patch(officer, f"{V1}actions/{own.uid}/", {"agency": "diskominfo", "row_version": 2})
    assert give.status_code == 403
    assert officer.delete(f"{V1}actions/{other.uid}/").status_code == 403
    prog = f"{V1}programmes/{with_items_programme.uid}/"
    assert _patch(officer, prog, {"name": "x", "row_version": 1}).status_code == 403
    assert _post(officer, f"{prog}copy/").status_code == 403
    assert (
        _post(officer, f"{V1}programmes/reorder/", {"uids": [str(with_items_programme.uid)]}).status_code
        == 403
    )
    assert set(ActionPlan.objects.values_list("code", "name")) == {
        ("GOV-01.01", "Milik sendiri"),
        ("GOV-01.02", "Aksi GOV-01.02"),
        ("GOV-01.09", "Aksi baru"),
    }


def test_pendamping_reads_but_does_not_write(world, draft):
    make_programme(world, draft)
    pendamping = world.client_for("pendamping")
    assert pendamping.get(f"{V1}programmes/").status_code == 200
    assert _post(pendamping, f"{V1}actions/", _action_body()).status_code == 403
    assert pendamping.put(f"{V1}missions/", {"missions": ["x"]}, JSON).status_code == 403
    assert _post(pendamping, f"{V1}submit/").status_code == 403
    assert not ActionPlan.objects.exists()


def test_other_region_and_assessor_cannot_reach_items(world, draft):
    programme = make_programme(world, draft)
    for role in ("coordinator_b", "assessor"):
        client = world.client_for(role)
        assert client.get(f"{V1}programmes/{programme.uid}/").status_code == 404
        assert (
            _patch(client, f"{V1}programmes/{programme.uid}/", {"name": "x", "row_version": 1}).status_code
            == 404
        )
        assert client.delete(f"{V1}programmes/{programme.uid}/").status_code == 404
        assert _post(client, f"{V1}actions/", _action_body()).status_code == 404
    anonymous = world.client_for("anonymous")
    assert anonymous.delete(f"{V1}programmes/{programme.uid}/").status_code == 401
    assert Programme.objects.get().name == "Program GOV-01"


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"agency": "agency-of-b"}, "agency"),  # replaced by region B's agency uid below
        ({"agency": "dinas-tidak-ada"}, "agency"),
        ({"start_year": 2020}, "start_year"),
        ({"budgets": [{"year": 2024, "source": "APBD", "amount": "-5"}]}, "budgets"),
        ({"budgets": [{"year": 2027, "source": "APBD", "amount": "5"}]}, "budgets"),
        ({"targets": [{"year": 2024, "value": "1"}, {"year": 2024, "value": "2"}]}, "targets"),
        ({"code": "GOV-01.01"}, "code"),  # taken by an action
        ({"code": "gov-01"}, "code"),  # taken by the programme (codes ignore case)
        ({"programme": "GOV-77"}, "programme"),
    ],
)
def test_action_rules_answer_400_and_write_nothing(world, draft, overrides, field):
    programme = make_programme(world, draft)
    make_action(world, programme, "GOV-01.01")
    if overrides.get("agency") == "agency-of-b":
        overrides = {"agency": str(world.agency_b.uid)}
    before = (ActionPlan.objects.count(), ActionBudget.objects.count(), AuditEvent.objects.count())
    response = _post(world.client_for("coordinator_a"), f"{V1}actions/", _action_body(**overrides))
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "invalid"
    assert field in _fields(response), _fields(response)
    assert (ActionPlan.objects.count(), ActionBudget.objects.count(), AuditEvent.objects.count()) == before


def test_programme_and_quick_win_rules(world, draft):
    client = world.client_for("coordinator_a")
    body = {
        "code": "GOV-01",
        "name": "x",
        "subdimension": "GOV-1",
        "agency": str(world.agency_b.uid),
        "start_year": 2024,
        "end_year": 2025,
    }
    assert "agency" in _fields(_post(client, f"{V1}programmes/", body))
    assert "subdimension" in _fields(_post(client, f"{V1}programmes/", {**body, "subdimension": "GOV-9"}))
    assert "start_year" in _fields(  # the rule names the first field of the years
        _post(client, f"{V1}programmes/", {**body, "agency": "diskominfo", "end_year": 2035})
    )
    assert not Programme.objects.exists()
    qw = {"code": "QW-1", "name": "x", "dimension": "GOV", "agency": "disdukcapil", "target_year": 2030}
    assert "target_year" in _fields(_post(client, f"{V1}quick-wins/", qw))
    assert "dimension" in _fields(_post(client, f"{V1}quick-wins/", {**qw, "dimension": "XYZ"}))
    assert not QuickWin.objects.exists()
    make_quick_win(world, draft, "QW-1", "GOV")
    assert "code" in _fields(_post(client, f"{V1}quick-wins/", {**qw, "target_year": 2024}))
    # an update breaking a rule writes nothing either
    programme = make_programme(world, draft, code="GOV-02")
    response = _patch(client, f"{V1}programmes/{programme.uid}/", {"start_year": 2019, "row_version": 1})
    assert response.status_code == 400 and "start_year" in _fields(response)
    programme.refresh_from_db()
    assert programme.start_year == 2024 and programme.row_version == 1


def test_action_conflict_keeps_the_first_writer(world, draft):
    action = make_action(world, make_programme(world, draft), "GOV-01.01")
    url = f"{V1}actions/{action.uid}/"
    first = _patch(world.client_for("coordinator_a"), url, {"name": "Versi Ani", "row_version": 1})
    assert first.status_code == 200
    second = _patch(world.client_for("ministry_admin"), url, {"name": "Versi Budi", "row_version": 1})
    assert second.status_code == 409 and second.json()["error"]["current"]["name"] == "Versi Ani"
    # figures only: the row version still guards them
    figures = {"budgets": [{"year": 2024, "source": "APBD", "amount": "1"}], "row_version": 1}
    assert _patch(world.client_for("ministry_admin"), url, figures).status_code == 409
    action.refresh_from_db()
    assert action.name == "Versi Ani"
    assert list(action.budgets.values_list("amount", flat=True)) == [Decimal("1500000"), Decimal("500000")]


def test_copy_reorder_and_filters(world, draft):
    client = world.client_for("coordinator_a")
    first = make_programme(world, draft, code="GOV-01")
    a1 = make_action(world, first, "GOV-01.01")
    a2 = make_action(world, first, "GOV-01.02")
    second = make_programme(world, draft, code="GOV-02")
    copy = _post(client, f"{V1}programmes/{first.uid}/copy/")
    assert copy.status_code == 201
    assert copy.json()["code"] == "GOV-01-S"
    assert [a["code"] for a in copy.json()["actions"]] == ["GOV-01-S.01", "GOV-01-S.02"]
    order = [str(second.uid), copy.json()["uid"], str(first.uid)]
    assert _post(client, f"{V1}programmes/reorder/", {"uids": order}).status_code == 204
    listed = client.get(f"{V1}programmes/").json()["results"]
    assert [p["code"] for p in listed] == ["GOV-02", "GOV-01-S", "GOV-01"]
    stranger = _post(client, f"{V1}programmes/reorder/", {"uids": [str(a1.uid)]})
    assert stranger.status_code == 400
    reorder = {"programme": "GOV-01", "uids": [str(a2.uid), str(a1.uid)]}
    assert _post(client, f"{V1}actions/reorder/", reorder).status_code == 204
    actions = client.get(f"{V1}actions/?programme={first.uid}").json()["results"]
    assert [a["code"] for a in actions] == ["GOV-01.02", "GOV-01.01"]
    assert client.get(f"{V1}actions/?programme=GOV-77").status_code == 400
    assert client.get(f"{V1}actions/?page_size=2").json()["count"] == 4


# ---------------------------------------------------------------- life cycle


def test_submit_refuses_an_incomplete_plan_with_the_checklist_lines(world, draft):
    make_action(world, make_programme(world, draft), "GOV-01.01")
    client = world.client_for("coordinator_a")
    checklist = client.get(f"{V1}checklist/").json()
    assert checklist["ready"] is False and checklist["missing"]
    response = _post(client, f"{V1}submit/")
    assert response.status_code == 400
    assert _fields(response)["non_field_errors"] == checklist["errors"] + checklist["missing"]
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_submit_reopen_ratify_new_version_and_diff(world, draft):
    complete(world, draft)
    client = world.client_for("coordinator_a")
    checklist = client.get(f"{V1}checklist/").json()
    assert checklist["ready"] is True and all(c["ok"] for c in checklist["checks"])
    stale = _post(client, f"{V1}submit/", {"row_version": 1})
    assert stale.status_code == 409
    row_version = client.get(V1).json()["version"]["row_version"]
    submitted_version = _post(client, f"{V1}submit/", {"row_version": row_version})
    assert submitted_version.status_code == 200 and submitted_version.json()["status"] == "submitted"
    assert submitted_version.json()["submitted_by"] == "koord_a"
    frozen = _patch(client, V1, {"vision": "x", "row_version": submitted_version.json()["row_version"]})
    assert frozen.status_code == 400
    assert _post(client, f"{V1}reopen/").json()["status"] == "draft"
    _post(client, f"{V1}submit/")
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    bad = _post(client, f"{V1}ratify/", {"kind": "perbup", "number": "Perbup 12/2024", "date": future})
    assert bad.status_code == 400 and "date" in _fields(bad)
    assert "kind" in _fields(
        _post(client, f"{V1}ratify/", {"kind": "sk", "number": "1", "date": "2024-03-01"})
    )
    document = SimpleUploadedFile("perbup.pdf", b"%PDF-1.4 perbup", content_type="application/pdf")
    ratified_version = client.post(
        f"{V1}ratify/",
        {"kind": "perbup", "number": "Perbup 12/2024", "date": "2024-03-01", "document": document},
    )
    assert ratified_version.status_code == 200, ratified_version.content
    data = ratified_version.json()
    assert data["status"] == "ratified" and data["ratification_number"] == "Perbup 12/2024"
    assert data["ratification_document"].endswith(".pdf")
    assert _post(client, f"{V1}reopen/").status_code == 400
    new = _post(client, f"{BASE}new-version/")
    assert new.status_code == 201 and new.json()["number"] == 2 and new.json()["based_on"] == 1
    assert new["Location"] == f"{BASE}versions/2/"
    assert _post(client, f"{BASE}new-version/").status_code == 400  # one draft at a time
    v2 = f"{BASE}versions/2/"
    action = ActionPlan.objects.get(version__number=2, code="GOV-01.01")
    changed = _patch(
        client, f"{v2}actions/{action.uid}/", {"code": "GOV-01.A", "agency": "diskominfo", "row_version": 1}
    )
    assert changed.status_code == 200, changed.content
    diff = client.get(f"{BASE}diff/?from=1&to=2")
    assert diff.status_code == 200
    body = diff.json()
    assert body["from_version"] == 1 and body["to_version"] == 2 and body["total_changes"] == 1
    [change] = body["actions"]["changed"]
    assert change["item"]["code"] == "GOV-01.A" and change["item"]["agency"] == "diskominfo"
    assert change["changes"] == {"code": ["GOV-01.01", "GOV-01.A"], "agency": ["disdukcapil", "diskominfo"]}
    assert "agency_id" not in change["item"]
    assert change["item"]["budgets"][0] == {"year": 2024, "source": "APBD", "amount": "1500000.00"}
    assert client.get(f"{BASE}diff/?from=1").status_code == 400
    assert client.get(f"{BASE}diff/?from=1&to=7").status_code == 404
    assert world.client_for("coordinator_b").get(f"{BASE}diff/?from=1&to=2").status_code == 404


def test_lifecycle_permissions(world):
    submitted(world)
    for role, status in (("pendamping", 403), ("officer_a", 403), ("coordinator_b", 404), ("anonymous", 401)):
        client = world.client_for(role)
        assert _post(client, f"{V1}reopen/").status_code == status, role
        body = {"kind": "perbup", "number": "Perbup 1/2024", "date": "2024-03-01"}
        assert _post(client, f"{V1}ratify/", body).status_code == status, role
    assert PlanVersion.objects.get().status == "submitted"
    body = {"kind": "perbup", "number": "Perbup 1/2024", "date": "2024-03-01"}
    assert _post(world.client_for("ministry_admin"), f"{V1}ratify/", body).status_code == 200


def test_options_describe_every_route(world):
    with_items(world)
    client = world.client_for("coordinator_a")
    programme, action = Programme.objects.get(), ActionPlan.objects.first()
    paths = [
        LIST,
        BASE,
        f"{BASE}new-version/",
        f"{BASE}diff/",
        V1,
        f"{V1}missions/",
        f"{V1}readiness/nature/",
        f"{V1}swot/",
        f"{V1}swot/{SwotItem.objects.get().uid}/",
        f"{V1}roadmap/",
        f"{V1}roadmap/{RoadmapItem.objects.get().uid}/",
        f"{V1}submit/",
        f"{V1}reopen/",
        f"{V1}ratify/",
        f"{V1}checklist/",
        f"{V1}programmes/",
        f"{V1}programmes/reorder/",
        f"{V1}programmes/{programme.uid}/",
        f"{V1}programmes/{programme.uid}/copy/",
        f"{V1}actions/",
        f"{V1}actions/reorder/",
        f"{V1}actions/{action.uid}/",
        f"{V1}quick-wins/",
        f"{V1}quick-wins/{QuickWin.objects.get().uid}/",
    ]
    for path in paths:
        assert client.options(path).status_code == 200, path
    assert world.client_for("coordinator_b").options(f"{V1}missions/").status_code == 200


def test_item_endpoints_of_with_items_world(world):
    with_items(world)
    client = world.client_for("officer_a")
    assert client.get(f"{V1}quick-wins/").json()["count"] == 1
    tree = client.get(V1).json()
    assert [s["uid"] for s in tree["readiness"][0]["swot"]] == [str(SwotItem.objects.get().uid)]
