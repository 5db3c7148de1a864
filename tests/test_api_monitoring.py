"""The monitoring API: years and their configuration, the agencies' idempotent upsert, conflicts,
refusals by lock and state, moderation in bulk, who sees unapproved reports, the stored progress,
lock exceptions, evidence, and bounded query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.core.models import AuditEvent
from kotacerdas.masterplans.models import MasterPlan, PlanVersion
from kotacerdas.monitoring import services
from kotacerdas.monitoring.models import (
    Evidence,
    LockException,
    ProgressReport,
    RegionProgress,
    ReportingPeriod,
    ReportingYear,
)

from .factories import RegionFactory
from .matrix.cases_monitoring_api import BASE, JSON, approved, body, draft, setup, submitted

REPORTS = f"{BASE}reports/"


@pytest.fixture
def m(world):
    return setup(world)


def _put(client, data):
    return client.put(REPORTS, data, content_type=JSON)


def _post(client, path, data=None):
    return client.post(path, data or {}, content_type=JSON)


def _error(response):
    return response.json()["error"]


def _lock_q1() -> None:
    ReportingPeriod.objects.filter(reporting_year__year=2024, number=1).update(deadline=dt.date(2024, 4, 15))


# ---------------------------------------------------------------- years


def test_years_are_public_with_periods_statuses_and_thresholds(world, m):
    response = world.client_for("anonymous").get(f"{BASE}years/")
    assert response.status_code == 200
    (year,) = response.json()["results"]
    assert year["year"] == 2024 and year["scheme"] == "quarterly"
    assert (year["amber_gap"], year["red_gap"]) == ("10.00", "25.00")
    assert [p["code"] for p in year["periods"]] == ["2024-1", "2024-2", "2024-3", "2024-4"]
    assert all(p["open"] and p["lock_message"] == "" for p in year["periods"])
    statuses = {s["code"]: (s["percent"], s["excluded"]) for s in year["statuses"]}
    assert statuses["pilot"] == (75, False) and statuses["cancelled"] == (None, True)
    assert world.client_for("anonymous").get(f"{BASE}years/2030/").status_code == 404


def test_a_locked_period_says_why_and_opens_for_the_region_or_agency_excepted(world, m):
    _lock_q1()
    coordinator = world.client_for("coordinator_a")
    period = coordinator.get(f"{BASE}years/2024/", HTTP_ACCEPT_LANGUAGE="en").json()["periods"][0]
    assert (
        period["open"] is False
        and "locked" in period["lock_message"]
        and "ministry" in period["lock_message"]
    )
    services.lock_exception_grant(
        actor=world.users["ministry_admin"],
        period=ReportingPeriod.objects.get(reporting_year__year=2024, number=1),
        region_id=world.region_a.pk,
        agency_id=world.agency_a.pk,
        until=dt.date.today() + dt.timedelta(days=3),
        reason="Server daerah mati",
    )
    q1 = lambda query: coordinator.get(f"{BASE}years/2024/{query}").json()["periods"][0]["open"]  # noqa: E731
    assert q1("") is False
    assert q1("?region=52.04") is False  # the exception is the agency's, not the region's
    assert q1("?region=52.04&agency=disdukcapil") is True
    assert q1("?region=52.04&agency=diskominfo") is False
    assert coordinator.get(f"{BASE}years/2024/?region=52.04&agency=nope").status_code == 400
    assert coordinator.get(f"{BASE}years/2024/?agency=disdukcapil").status_code == 400
    for role in ("coordinator_b", "assessor", "anonymous"):
        assert world.client_for(role).get(f"{BASE}years/2024/?region=52.04").status_code == 404, role


def test_the_ministry_sets_up_a_year(world):
    admin = world.client_for("ministry_admin")
    response = _post(admin, f"{BASE}years/", {"year": 2025, "scheme": "semester"})
    assert response.status_code == 201, response.content
    assert response["Location"] == f"{BASE}years/2025/"
    assert [p["label"] for p in response.json()["periods"]] == ["Semester I 2025", "Semester II 2025"]
    again = _post(admin, f"{BASE}years/", {"year": 2025})
    assert again.status_code == 400 and "year" in _error(again)["fields"]
    assert _post(admin, f"{BASE}years/", {"year": 2026, "scheme": "monthly"}).status_code == 400
    assert _post(world.client_for("coordinator_a"), f"{BASE}years/", {"year": 2026}).status_code == 403
    assert _post(world.client_for("anonymous"), f"{BASE}years/", {"year": 2026}).status_code == 401
    assert list(ReportingYear.objects.values_list("year", flat=True)) == [2025]


def test_thresholds_with_row_version(world, m):
    admin = world.client_for("ministry_admin")
    path = f"{BASE}years/2024/"
    changed = admin.patch(path, {"amber_gap": "5", "red_gap": "20", "row_version": 1}, content_type=JSON)
    assert changed.status_code == 200, changed.content
    assert (changed.json()["amber_gap"], changed.json()["row_version"]) == ("5.00", 2)
    stale = admin.patch(path, {"amber_gap": "7", "red_gap": "20", "row_version": 1}, content_type=JSON)
    assert stale.status_code == 409
    assert _error(stale)["current"] == {"amber_gap": "5.00", "red_gap": "20.00", "row_version": 2}
    crossed = admin.patch(path, {"amber_gap": "30", "red_gap": "20", "row_version": 2}, content_type=JSON)
    assert crossed.status_code == 400 and "red_gap" in _error(crossed)["fields"]
    missing = admin.patch(path, {"amber_gap": "7", "red_gap": "20"}, content_type=JSON)
    assert missing.status_code == 400 and "row_version" in _error(missing)["fields"]
    coordinator = world.client_for("coordinator_a")
    assert (
        coordinator.patch(path, {"amber_gap": "1", "red_gap": "2", "row_version": 2}, JSON).status_code == 403
    )
    assert ReportingYear.objects.get().amber_gap == Decimal(5)


def test_periods_and_statuses_are_configured_by_the_ministry(world, m):
    admin = world.client_for("ministry_admin")
    period = admin.patch(f"{BASE}years/2024/periods/2/", {"deadline": "2100-07-31"}, content_type=JSON)
    assert period.status_code == 200 and period.json()["deadline"] == "2100-07-31"
    backwards = admin.patch(f"{BASE}years/2024/periods/2/", {"deadline": "2023-01-01"}, content_type=JSON)
    assert backwards.status_code == 400 and "deadline" in _error(backwards)["fields"]
    assert admin.patch(f"{BASE}years/2024/periods/4/", {}, content_type=JSON).status_code == 200
    assert admin.patch(f"{BASE}years/2030/periods/1/", {}, content_type=JSON).status_code == 404

    statuses = f"{BASE}years/2024/statuses/"
    added = _post(admin, statuses, {"code": "trial", "label": "Uji terbatas", "percent": 60, "position": 3})
    assert added.status_code == 201 and added.json()["percent"] == 60
    changed = _post(admin, statuses, {"code": "trial", "label": "Uji terbatas", "percent": 65})
    assert changed.status_code == 200 and changed.json()["percent"] == 65
    excluded = admin.patch(f"{statuses}trial/", {"percent": None}, content_type=JSON)
    assert excluded.status_code == 200 and excluded.json()["excluded"] is True
    assert excluded.json()["label"] == "Uji terbatas"
    over = admin.patch(f"{statuses}trial/", {"percent": 120}, content_type=JSON)
    assert over.status_code == 400 and "percent" in _error(over)["fields"]
    assert admin.patch(f"{statuses}nope/", {"percent": 1}, content_type=JSON).status_code == 404
    coordinator = world.client_for("coordinator_a")
    assert coordinator.patch(f"{statuses}trial/", {"percent": 1}, content_type=JSON).status_code == 403
    assert _post(coordinator, statuses, {"code": "x", "label": "X", "percent": 1}).status_code == 403


# ---------------------------------------------------------------- the upsert


def test_upsert_creates_then_the_same_body_changes_nothing(world, m):
    officer = world.client_for("officer_a")
    data = body(
        status="pilot",
        manual_percent="80",
        manual_reason="Uji coba di 4 dari 5 kecamatan",
        budget_realised="125000000",
        indicator_actual="1",
        links=["https://silamo.sumbawakab.go.id"],
    )
    created = _put(officer, data)
    assert created.status_code == 201, created.content
    report = created.json()
    assert created["Location"] == f"{REPORTS}{report['uid']}/"
    assert (report["item_code"], report["agency"], report["state"], report["status"]) == (
        "GOV-01.02",
        "disdukcapil",
        "draft",
        "pilot",
    )
    assert (report["percent"], report["manual_percent"], report["budget_realised"]) == (
        "80.00",
        "80.00",
        "125000000.00",
    )
    assert (report["budget_planned"], report["indicator_target"]) == ("250000000.00", "1.00")
    assert report["lineage"] == str(m.plan.own_action.lineage) and report["row_version"] == 1
    events = AuditEvent.objects.count()

    again = _put(officer, data)
    assert again.status_code == 200
    assert again.json() == report
    assert AuditEvent.objects.count() == events

    # the same values by lineage, with a row_version: still nothing to do
    by_lineage = {k: v for k, v in data.items() if k != "item_code"} | {
        "lineage": str(m.plan.own_action.lineage),
        "row_version": 1,
    }
    assert _put(officer, by_lineage).json()["row_version"] == 1
    changed = _put(officer, {**by_lineage, "narrative": "Sudah di lima kecamatan."})
    assert changed.status_code == 200 and changed.json()["row_version"] == 2
    # what is not sent is emptied (the body is the whole report)
    assert changed.json()["links"] == ["https://silamo.sumbawakab.go.id"]
    emptied = _put(officer, body(status="pilot"))
    assert emptied.json()["links"] == [] and emptied.json()["manual_percent"] is None
    assert ProgressReport.objects.count() == 1
    assert AuditEvent.objects.count() == events + 2


def test_the_same_body_sent_again_after_a_newer_save_is_not_a_conflict(world, m):
    officer = world.client_for("officer_a")
    _put(officer, body(status="preparation"))
    mine = body(status="pilot", row_version=1)
    assert _put(officer, mine).json()["row_version"] == 2
    resent = _put(officer, mine)  # a retry after a dropped connection: row_version 1 is stale now
    assert resent.status_code == 200 and resent.json()["row_version"] == 2


def test_a_stale_row_version_is_a_conflict_with_the_current_values(world, m):
    officer, coordinator = world.client_for("officer_a"), world.client_for("coordinator_a")
    _put(officer, body(status="preparation"))
    assert _put(coordinator, body(status="pilot", row_version=1)).status_code == 200
    events = AuditEvent.objects.count()
    stale = _put(officer, body(status="operational", row_version=1))
    assert stale.status_code == 409
    current = _error(stale)["current"]
    assert current["row_version"] == 2 and current["status"] == str(ProgressReport.objects.get().status)
    assert ProgressReport.objects.get().status.code == "pilot"
    assert AuditEvent.objects.count() == events


def test_a_client_key_is_applied_once(world, m):
    officer = world.client_for("officer_a")
    _put(officer, body(status="preparation"))
    first = _put(officer, body(status="pilot", client_key="draft-7"))
    assert first.json()["row_version"] == 2
    # the same key again, even with other values (a resent offline draft): not applied twice
    again = _put(officer, body(status="operational", client_key="draft-7"))
    assert again.status_code == 200 and again.json()["status"] == "pilot"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"region": "99.99"}, "region"),
        ({"period": "2031-1"}, "period"),
        ({"period": "2024-7"}, "period"),
        ({"item_code": "NOPE-1"}, "item_code"),
        ({"item_code": ""}, "item_code"),
        ({"lineage": "6f9619ff-8b86-d011-b42d-00c04fc964ff"}, "lineage"),
        ({"status": "nope"}, "status"),
        ({"manual_percent": "80"}, "manual_reason"),
        ({"manual_percent": "120", "manual_reason": "x"}, "manual_percent"),
        ({"budget_realised": "-1"}, "budget_realised"),
        ({"links": ["javascript:alert(1)"]}, "links"),
        ({"links": "https://a.example"}, "links"),
    ],
)
def test_bad_input_answers_400_with_the_field_and_writes_nothing(world, m, change, field):
    data = {**body(), **change}
    if "lineage" in change:
        del data["item_code"]
    events = AuditEvent.objects.count()
    response = _put(world.client_for("officer_a"), data)
    assert response.status_code == 400, response.content
    assert field in _error(response)["fields"]
    assert not ProgressReport.objects.exists() and AuditEvent.objects.count() == events


def test_item_codes_are_found_in_any_case_and_quick_wins_too(world, m):
    coordinator = world.client_for("coordinator_a")
    assert _put(coordinator, body("gov-01.01")).json()["item_code"] == "GOV-01.01"
    quick_win = _put(coordinator, body("QW-GOV", status="operational", indicator_actual="4"))
    assert quick_win.status_code == 201
    assert quick_win.json()["kind"] == "quick_win" and quick_win.json()["indicator_actual"] is None


def test_who_may_upsert(world, m):
    assert _put(world.client_for("officer_a"), body("GOV-01.01")).status_code == 403  # diskominfo's item
    for role in ("pendamping", "assessor", "coordinator_b"):
        response = _put(world.client_for(role), body())
        assert response.status_code == 403, role
        assert "fields" not in _error(response)  # no hint about region A's items
    assert _put(world.client_for("coordinator_b"), body("NOPE")).status_code == 403
    assert _put(world.client_for("anonymous"), body()).status_code == 401
    assert not ProgressReport.objects.exists()


def test_a_locked_period_refuses_with_the_lock_message(world, m):
    _lock_q1()
    events = AuditEvent.objects.count()
    response = world.client_for("officer_a").put(
        REPORTS, body(), content_type=JSON, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    error = _error(response)
    assert error["code"] == "locked"
    assert "is locked" in error["message"] and "ministry" in error["message"]
    assert not ProgressReport.objects.exists() and AuditEvent.objects.count() == events
    grant = {
        "period": "2024-1",
        "region": "52.04",
        "agency": "disdukcapil",
        "until": (dt.date.today() + dt.timedelta(days=2)).isoformat(),
        "reason": "Listrik padam",
    }
    assert _post(world.client_for("ministry_admin"), f"{BASE}lock-exceptions/", grant).status_code == 201
    assert _put(world.client_for("officer_a"), body()).status_code == 201
    # exactly that agency: the region's other agency stays locked out, even for the coordinator
    other = _put(world.client_for("coordinator_a"), body("GOV-01.01"))
    assert other.status_code == 400 and _error(other)["code"] == "locked"


def test_a_submitted_report_is_not_changed_but_the_same_values_are_no_error(world, m):
    report = submitted(world)
    officer = world.client_for("officer_a")
    same = _put(officer, {**body(), "narrative": "Berjalan."})
    assert same.status_code == 200 and same.json()["state"] == "submitted"
    assert same.json()["row_version"] == report.row_version
    changed = officer.put(REPORTS, body(status="operational"), content_type=JSON, HTTP_ACCEPT_LANGUAGE="en")
    assert changed.status_code == 400
    assert _error(changed)["code"] == "state" and "submitted" in _error(changed)["message"]


# ---------------------------------------------------------------- reading reports


def _codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(r["item_code"] for r in response.json()["results"])


def test_unapproved_reports_reach_only_their_writers_and_approvers(world, m):
    draft(world, "GOV-01.02")  # officer A's agency
    draft(world, "GOV-01.01")  # diskominfo's
    approved(world, "ECO-01.01")
    visible = {role: _codes(world.client_for(role).get(REPORTS)) for role in world.users}
    assert visible["ministry_admin"] == ["ECO-01.01", "GOV-01.01", "GOV-01.02"]
    assert visible["coordinator_a"] == ["ECO-01.01", "GOV-01.01", "GOV-01.02"]
    assert visible["officer_a"] == ["ECO-01.01", "GOV-01.02"]
    assert visible["pendamping"] == ["ECO-01.01"]
    for role in ("assessor", "coordinator_b", "anonymous"):
        assert visible[role] == [], role
    draft_uid = ProgressReport.objects.get(item_code="GOV-01.01").uid
    for role in ("pendamping", "officer_a", "coordinator_b", "assessor", "anonymous"):
        assert world.client_for(role).get(f"{REPORTS}{draft_uid}/").status_code == 404, role
    assert world.client_for("coordinator_a").get(f"{REPORTS}{draft_uid}/").status_code == 200


def test_report_filters(world, m):
    draft(world, "GOV-01.02")
    submitted(world, "GOV-01.01")
    draft(world, "QW-GOV", status="operational")
    client = world.client_for("coordinator_a")
    assert _codes(client.get(REPORTS, {"state": "submitted"})) == ["GOV-01.01"]
    assert _codes(client.get(REPORTS, {"agency": "disdukcapil"})) == ["GOV-01.02", "QW-GOV"]
    assert _codes(client.get(REPORTS, {"kind": "quick_win"})) == ["QW-GOV"]
    assert _codes(client.get(REPORTS, {"item": "gov-01.02"})) == ["GOV-01.02"]
    assert _codes(client.get(REPORTS, {"region": "52.04", "period": "2024-1"})) == [
        "GOV-01.01",
        "GOV-01.02",
        "QW-GOV",
    ]
    assert _codes(client.get(REPORTS, {"period": "2024-2"})) == []
    assert _codes(client.get(REPORTS, {"region": "51.08"})) == []
    for bad in ({"state": "nope"}, {"period": "2024-9"}, {"region": "x"}, {"kind": "programme"}):
        response = client.get(REPORTS, bad)
        assert response.status_code == 400 and set(bad) <= set(_error(response)["fields"]), bad


def test_reports_page_by_cursor(world, m):
    for code in ("GOV-01.01", "GOV-01.02", "QW-GOV"):
        draft(world, code)
    client = world.client_for("coordinator_a")
    first = client.get(REPORTS, {"page_size": 2}).json()
    assert len(first["results"]) == 2 and first["previous"] is None and "count" not in first
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    seen = [r["uid"] for r in first["results"] + second["results"]]
    assert len(set(seen)) == 3
    assert client.get(REPORTS, {"cursor": "nonsense"}).status_code == 400


def test_the_report_list_does_not_grow_with_the_reports(world, m, django_assert_num_queries):
    client = world.client_for("coordinator_a")
    draft(world, "GOV-01.01")
    with django_assert_num_queries(4):  # session, user, memberships, the page
        assert len(client.get(REPORTS).json()["results"]) == 1
    for code in ("GOV-01.02", "QW-GOV", "ECO-01.01", "QW-ECO", "ENV-01.01"):
        draft(world, code)
    with django_assert_num_queries(4):
        assert len(client.get(REPORTS).json()["results"]) == 6


# ---------------------------------------------------------------- moderation


def test_submit_decide_and_reopen(world, m):
    officer, coordinator = world.client_for("officer_a"), world.client_for("coordinator_a")
    uid = _put(officer, body()).json()["uid"]
    stale = _post(officer, f"{REPORTS}{uid}/submit/", {"row_version": 9})
    assert stale.status_code == 409
    sent = _post(officer, f"{REPORTS}{uid}/submit/", {"row_version": 1})
    assert sent.status_code == 200 and sent.json()["state"] == "submitted"
    twice = _post(officer, f"{REPORTS}{uid}/submit/")
    assert twice.status_code == 400 and _error(twice)["code"] == "state"

    no_comment = _post(coordinator, f"{REPORTS}decide/", {"reports": [uid], "approve": False})
    assert no_comment.status_code == 400 and "comment" in _error(no_comment)["fields"]
    returned = _post(
        coordinator, f"{REPORTS}decide/", {"reports": [uid], "approve": False, "comment": "Foto?"}
    )
    assert returned.status_code == 200
    assert [(r["state"], r["return_comment"]) for r in returned.json()] == [("returned", "Foto?")]
    _post(officer, f"{REPORTS}{uid}/submit/")
    assert _post(officer, f"{REPORTS}decide/", {"reports": [uid], "approve": True}).status_code == 403
    approved_ = _post(coordinator, f"{REPORTS}decide/", {"reports": [uid], "approve": True})
    assert approved_.status_code == 200 and approved_.json()[0]["state"] == "approved"

    assert _post(officer, f"{REPORTS}{uid}/reopen/", {"comment": "x"}).status_code == 403
    assert (
        _post(world.client_for("pendamping"), f"{REPORTS}{uid}/reopen/", {"comment": "x"}).status_code == 403
    )
    empty = _post(coordinator, f"{REPORTS}{uid}/reopen/", {"comment": " "})
    assert empty.status_code == 400 and "comment" in _error(empty)["fields"]
    reopened = _post(coordinator, f"{REPORTS}{uid}/reopen/", {"comment": "Angka anggaran salah"})
    assert reopened.status_code == 200 and reopened.json()["state"] == "returned"
    again = _post(coordinator, f"{REPORTS}{uid}/reopen/", {"comment": "x"})
    assert again.status_code == 400 and _error(again)["code"] == "state"


def test_a_bulk_decision_is_all_or_nothing(world, m):
    one, two = submitted(world, "GOV-01.01"), submitted(world, "GOV-01.02")
    still_draft = draft(world, "QW-GOV")
    coordinator = world.client_for("coordinator_a")
    uids = [str(one.uid), str(two.uid), str(still_draft.uid)]
    refused = _post(coordinator, f"{REPORTS}decide/", {"reports": uids, "approve": True})
    assert refused.status_code == 400 and _error(refused)["code"] == "state"
    assert set(ProgressReport.objects.values_list("state", flat=True)) == {"submitted", "draft"}
    assert not RegionProgress.objects.exists()
    unknown = _post(
        coordinator,
        f"{REPORTS}decide/",
        {"reports": [str(one.uid), "6f9619ff-8b86-d011-b42d-00c04fc964ff"], "approve": True},
    )
    assert unknown.status_code == 400 and "reports" in _error(unknown)["fields"]
    # coordinator B approves in its own region only: region A's reports are unknown to it
    other = _post(
        world.client_for("coordinator_b"), f"{REPORTS}decide/", {"reports": uids[:2], "approve": True}
    )
    assert other.status_code == 400 and "reports" in _error(other)["fields"]
    done = _post(coordinator, f"{REPORTS}decide/", {"reports": uids[:2], "approve": True})
    assert done.status_code == 200 and [r["state"] for r in done.json()] == ["approved", "approved"]
    assert RegionProgress.objects.get().items_approved == 2


# ---------------------------------------------------------------- progress


def test_region_progress_is_the_stored_rollup_of_approved_reports(world, m):
    path = f"{BASE}regions/52.04/progress/?period=2024-1"
    empty = world.client_for("pendamping").get(path).json()
    assert empty["plan_percent"] is None and empty["computed_at"] is None and empty["dimensions"] == []
    approved(world, "GOV-01.02", status="operational", budget_realised="50000000")
    submitted(world, "GOV-01.01", status="operational")  # not approved: counts nowhere
    response = world.client_for("pendamping").get(path)
    assert response.status_code == 200
    data = response.json()
    assert data["region"] == "52.04" and data["period"] == "2024-1" and data["weighting"] == "equal"
    assert data["plan_percent"] == 100.0
    assert (data["items_approved"], data["items_expected"]) == (
        1,
        RegionProgress.objects.get().items_expected,
    )
    assert data["reporting_rate"] == pytest.approx(100 / data["items_expected"])
    gov = next(d for d in data["dimensions"] if d["dimension"] == "GOV")
    assert gov["percent"] == 100.0 and gov["programmes_running"] == 1 and gov["no_data"] == 0
    programme = next(p for p in data["programmes"] if p["code"] == "GOV-01")
    assert programme["percent"] == 100.0 and programme["no_data"] == 1  # GOV-01.01 is only submitted
    assert "GOV-01.01" in [i["code"] for i in data["no_data"]]
    agency = next(a for a in data["agencies"] if a["agency"] == "disdukcapil")
    assert agency["budget_realised"] == "50000000.00" and agency["absorption"] == 20.0
    assert data["computed_at"] is not None
    for role in ("assessor", "coordinator_b", "anonymous"):
        assert world.client_for(role).get(path).status_code == 404, role
    client = world.client_for("coordinator_a")
    assert client.get(f"{BASE}regions/99.99/progress/").status_code == 404
    bad = client.get(f"{BASE}regions/52.04/progress/?period=2031-1")
    assert bad.status_code == 400 and "period" in _error(bad)["fields"]
    assert client.get(f"{BASE}regions/52.04/progress/").status_code == 200  # the current period


def test_national_progress_counts_approved_reports_only(world, m, django_assert_num_queries):
    path = f"{BASE}progress/?period=2024-1"
    before = world.client_for("ministry_admin").get(path).json()
    assert before["count"] == 1
    (region,) = before["results"]
    assert region["region"] == "52.04" and region["plan_percent"] is None and region["items_approved"] == 0
    submitted(world, "GOV-01.02", status="operational")
    draft(world, "GOV-01.01", status="operational")
    assert world.client_for("ministry_admin").get(path).json() == before  # not approved: not there
    approved(world, "ECO-01.01", status="pilot")
    admin = world.client_for("ministry_admin")
    # session, user, memberships, the period, the count, the page, the page's stored roll-ups
    with django_assert_num_queries(7):
        (region,) = admin.get(path).json()["results"]
    assert region["plan_percent"] == 75.0 and region["items_approved"] == 1
    assert region["reporting_rate"] == pytest.approx(100 / region["items_expected"])
    assert _codes_of(world.client_for("pendamping").get(path)) == ["52.04"]
    assert _codes_of(world.client_for("officer_a").get(path)) == ["52.04"]
    for role in ("assessor", "coordinator_b", "anonymous"):
        assert _codes_of(world.client_for(role).get(path)) == [], role
    assert _codes_of(admin.get(path + "&province=99")) == []
    assert admin.get(f"{BASE}progress/?period=2024-5").status_code == 400


def test_the_national_list_does_not_grow_with_the_regions(world, m, django_assert_num_queries):
    approved(world, "ECO-01.01", status="pilot")
    admin, path = world.client_for("ministry_admin"), f"{BASE}progress/?period=2024-1"
    with django_assert_num_queries(7):
        assert len(admin.get(path).json()["results"]) == 1
    row = RegionProgress.objects.get()
    for n in range(1, 6):
        region = RegionFactory(code=f"51.{n:02d}", name=f"Kabupaten {n}")
        plan = MasterPlan.objects.create(region=region, title="Masterplan", start_year=2024, end_year=2028)
        PlanVersion.objects.create(plan=plan, number=1, status="ratified")
        RegionProgress.objects.create(
            region=region, period=row.period, items_expected=10, items_approved=n, computed_at=row.computed_at
        )
    with django_assert_num_queries(7):
        results = admin.get(path).json()["results"]
    assert [(r["region"], r["items_approved"]) for r in results][:2] == [("51.01", 1), ("51.02", 2)]
    assert results[0]["reporting_rate"] == 10.0 and results[0]["plan_percent"] is None
    assert len(results) == 6


def _codes_of(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [r["region"] for r in response.json()["results"]]


# ---------------------------------------------------------------- lock exceptions


def test_lock_exceptions_are_the_ministrys(world, m):
    _lock_q1()
    admin = world.client_for("ministry_admin")
    path = f"{BASE}lock-exceptions/"
    until = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    grant = {"period": "2024-1", "region": "52.04", "until": until, "reason": "Banjir"}
    created = _post(admin, path, grant)
    assert created.status_code == 201, created.content
    assert created.json() | {"created_at": None} == {
        "period": "2024-1",
        "region": "52.04",
        "agency": None,
        "until": until,
        "reason": "Banjir",
        "granted_by": "admin",
        "created_at": None,
    }
    assert _post(admin, path, {**grant, "agency": "disdukcapil"}).status_code == 201
    for change, field in (
        ({"agency": "nope"}, "agency"),
        ({"region": "99.99"}, "region"),
        ({"period": "2031-1"}, "period"),
        ({"until": "2020-01-01"}, "until"),
        ({"period": "2024-2"}, "until"),  # open until its deadline anyway
        ({"reason": " "}, "reason"),
    ):
        refused = _post(admin, path, {**grant, **change})
        assert refused.status_code == 400 and field in _error(refused)["fields"], change
    listed = admin.get(path, {"period": "2024-1", "region": "52.04"}).json()
    assert sorted(str(e["agency"]) for e in listed["results"]) == ["None", "disdukcapil"]
    assert admin.get(path, {"region": "51.08"}).json()["results"] == []
    for role in ("coordinator_a", "pendamping", "officer_a"):
        assert world.client_for(role).get(path).status_code == 403, role
        assert _post(world.client_for(role), path, grant).status_code == 403, role
    assert world.client_for("anonymous").get(path).status_code == 401

    assert world.client_for("coordinator_a").delete(f"{path}2024-1/52.04/").status_code == 403
    assert admin.delete(f"{path}2024-1/52.04/?agency=disdukcapil").status_code == 204
    assert list(LockException.objects.values_list("agency", flat=True)) == [None]
    assert admin.delete(f"{path}2024-1/52.04/").status_code == 204
    assert admin.delete(f"{path}2024-1/52.04/").status_code == 404
    assert admin.delete(f"{path}2024-1/99.99/").status_code == 404
    assert not LockException.objects.exists()
    deleted = AuditEvent.objects.filter(object_type="monitoring.lockexception", action="delete")
    assert deleted.count() == 2


# ---------------------------------------------------------------- evidence


def test_evidence_is_listed_to_those_who_read_the_report(world, m):
    report = draft(world)
    evidence = Evidence.objects.create(
        report=report,
        file=SimpleUploadedFile("foto.pdf", b"%PDF-1.4\n"),
        name="Foto kegiatan.pdf",
        kind="pdf",
        size=9,
        uploaded_by=world.users["officer_a"],
    )
    path = f"{REPORTS}{report.uid}/evidence/"
    response = world.client_for("officer_a").get(path)
    assert response.status_code == 200
    (item,) = response.json()["results"]
    assert item["uid"] == str(evidence.uid) and item["name"] == "Foto kegiatan.pdf"
    assert item["url"].endswith(f"/pemantauan/bukti/{evidence.uid}/") and item["thumbnail_url"] is None
    for role in ("pendamping", "coordinator_b", "anonymous"):
        assert world.client_for(role).get(path).status_code == 404, role
