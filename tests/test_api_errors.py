"""One error shape for every API error, token authentication, and pages outside the API untouched."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from kotacerdas.core.api_errors import not_found
from kotacerdas.programme import services
from kotacerdas.programme.models import MoU, Participation

from .factories import CohortFactory

API = "/api/v1"
PASSWORD = "secret-pass-123"  # the factories' password


@pytest.fixture
def enrolled(world):
    CohortFactory(year=2022)
    return services.participation_enrol(
        actor=None, region_code="52.04", cohort_year=2022, selected_on=dt.date(2022, 1, 10)
    )


def _shape(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert list(body) == ["error"]
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


def test_400_invalid_lists_fields(world):
    error = _shape(
        world.client_for("ministry_admin").post(
            f"{API}/cohorts/", {"year": "x"}, content_type="application/json"
        ),
        400,
        "invalid",
    )
    assert set(error["fields"]) == {"year", "name"}
    assert all(isinstance(m, str) for msgs in error["fields"].values() for m in msgs)


def test_400_on_malformed_json(world):
    response = world.client_for("ministry_admin").post(
        f"{API}/cohorts/", '{"year": 20', content_type="application/json"
    )
    _shape(response, 400, "parse_error")


def test_415_on_unsupported_media_type(world):
    response = world.client_for("ministry_admin").post(
        f"{API}/cohorts/", "year=2030", content_type="text/plain"
    )
    _shape(response, 415, "unsupported_media_type")


def test_401_for_anonymous_says_how_to_authenticate(world):
    response = Client().post(f"{API}/cohorts/", {"year": 2030, "name": "x"}, content_type="application/json")
    _shape(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Token")


def test_401_for_a_bad_token(world):
    response = Client().get(f"{API}/participations/", headers={"authorization": "Token not-a-real-token"})
    _shape(response, 401, "authentication_failed")
    assert response["WWW-Authenticate"].startswith("Token")


def test_403(world):
    response = world.client_for("coordinator_a").post(
        f"{API}/cohorts/", {"year": 2030, "name": "x"}, content_type="application/json"
    )
    _shape(response, 403, "permission_denied")


def test_403_for_a_session_write_without_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["ministry_admin"])
    response = client.post(f"{API}/cohorts/", {"year": 2030, "name": "x"}, content_type="application/json")
    _shape(response, 403, "permission_denied")


def test_404(world):
    _shape(world.client_for("ministry_admin").get(f"{API}/participations/52.04/"), 404, "not_found")
    _shape(world.client_for("ministry_admin").get(f"{API}/regions/99.99/"), 404, "not_found")


def test_405(world):
    _shape(world.client_for("ministry_admin").delete(f"{API}/cohorts/"), 405, "method_not_allowed")


def test_409_carries_current(world, enrolled):
    services.participation_update(
        actor=None, participation=enrolled, data={"notes": "new"}, expected_version=1
    )
    error = _shape(
        world.client_for("ministry_admin").patch(
            f"{API}/participations/52.04/",
            {"notes": "mine", "row_version": 1},
            content_type="application/json",
        ),
        409,
        "conflict",
    )
    assert error["current"] == {"notes": "new", "row_version": 2}


def test_429_with_retry_after():
    class Refuse(BaseThrottle):
        def allow_request(self, request, view):
            return False

        def wait(self):
            return 42

    class Throttled(APIView):
        permission_classes = [AllowAny]
        throttle_classes = [Refuse]

        def get(self, request):
            return Response({})

    response = Throttled.as_view()(APIRequestFactory().get(f"{API}/anything/"))
    response.render()
    _shape(response, 429, "throttled")
    assert response["Retry-After"] == "42"


def test_unknown_api_path_view_answers_in_the_error_shape(rf):
    _shape(not_found(rf.get(f"{API}/no-such-thing/")), 404, "not_found")


def test_pages_outside_the_api_keep_their_html_errors(world, enrolled):
    client = world.client_for("ministry_admin")
    missing = client.get("/program/peserta/99.99/")
    assert missing.status_code == 404 and missing["Content-Type"].startswith("text/html")
    refused = client.post(
        "/program/peserta/52.04/",
        {"form": "advance", "stage": "ratified", "date": "2022-03-01", "row_version": 1},
    )
    assert refused.status_code == 400 and refused["Content-Type"].startswith("text/html")
    forbidden = world.client_for("coordinator_a").get("/program/angkatan/")
    assert forbidden.status_code == 403 and not forbidden["Content-Type"].startswith("application/json")


def test_token_auth_reads_and_writes_without_csrf(world, enrolled):
    anonymous = Client(enforce_csrf_checks=True)
    obtained = anonymous.post(f"{API}/auth/token/", {"username": "pendamping", "password": PASSWORD})
    assert obtained.status_code == 200, obtained.content
    token = obtained.json()["token"]
    assert token == Token.objects.get(user=world.users["pendamping"]).key
    client = Client(enforce_csrf_checks=True, headers={"authorization": f"Token {token}"})

    listed = client.get(f"{API}/participations/")
    assert [p["region"] for p in listed.json()["results"]] == ["52.04"]
    assert client.get(f"{API}/people/me/").json()["username"] == "pendamping"

    recorded = client.post(
        f"{API}/participations/52.04/mou/",
        {"number": "MOU/T/2022", "date": "2022-02-01", "signatories": "Bupati"},
        content_type="application/json",
    )
    assert recorded.status_code == 201, recorded.content
    advanced = client.post(
        f"{API}/participations/52.04/advance/",
        {"stage": "mou_signed", "date": "2022-02-01", "row_version": 1},
        content_type="application/json",
    )
    assert advanced.status_code == 200, advanced.content
    assert Participation.objects.get(pk=enrolled.pk).stage == "mou_signed"
    assert MoU.objects.get().participation_id == enrolled.pk
    # The token carries the user's own permissions, no more.
    _shape(client.get(f"{API}/people/"), 403, "permission_denied")


def test_bad_credentials_for_a_token_are_400_in_the_error_shape(world):
    error = _shape(
        Client().post(f"{API}/auth/token/", {"username": "pendamping", "password": "wrong"}), 400, "invalid"
    )
    assert error["fields"]["non_field_errors"]


# ---------------------------------------------------------------- every answer under /api/v1/ is JSON

METHODS = ["get", "post", "put", "patch", "delete"]
UID = "5c72cc63-ddc5-46a0-8ca1-24fcc8138630"
# Unknown paths, and known endpoints whose path parameter holds a newline (%0A).
UNKNOWN_PATHS = [
    f"{API}/no-such-thing/",
    f"{API}/participations/52.04/no-such-action/",
    f"{API}/participations/52%0A04/",
    f"{API}/participations/52.04%0A/",
    f"{API}/participations/52.04/%0A",
    f"{API}/participations/%0A52.04/mou/",
    f"{API}/masterplans/52.04%0A/",
    f"{API}/masterplans/52.04/versions/1%0A/",
    f"{API}/masterplans/52.04/worksheet/export%0A/",
    f"{API}/agencies/{UID}%0A/",
    f"{API}/people/koord%0A/",
    f"{API}/regions/52%0A/",
    f"{API}/cohorts/2022%0A/",
    f"{API}/%0A",
]


def _is_error_shape(response) -> dict:
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json", response["Content-Type"]
    body = json.loads(response.content)
    assert list(body) == ["error"]
    assert isinstance(body["error"]["code"], str) and body["error"]["code"]
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert set(body["error"]) <= {"code", "message", "fields", "current", "rows"}
    return body["error"]


@pytest.fixture
def callers(world):
    """Every way to call: a token (no CSRF token needed), a session without a CSRF token, nobody."""
    token = Token.objects.create(user=world.users["ministry_admin"]).key
    session = Client(enforce_csrf_checks=True, raise_request_exception=False)
    session.force_login(world.users["ministry_admin"])
    return {
        "token": Client(
            enforce_csrf_checks=True,
            raise_request_exception=False,
            headers={"authorization": f"Token {token}"},
        ),
        "session": session,
        "anonymous": Client(enforce_csrf_checks=True, raise_request_exception=False),
    }


@pytest.mark.parametrize("path", UNKNOWN_PATHS)
def test_unknown_paths_answer_json_in_the_error_shape_for_every_method_and_caller(callers, enrolled, path):
    for caller, client in callers.items():
        for method in METHODS:
            body = {} if method == "get" else "{}"
            response = getattr(client, method)(path, body, content_type="application/json")
            error = _is_error_shape(response)
            if caller == "token":  # signed in: whatever the method, the path names nothing
                assert response.status_code in {404, 405}, (method, response.status_code)
                assert error["code"] in {"not_found", "method_not_allowed"}


def test_unknown_path_with_a_token_is_404_not_a_csrf_page(callers):
    for method in METHODS:
        response = getattr(callers["token"], method)(f"{API}/no-such-thing/")
        assert _is_error_shape(response)["code"] == "not_found"
        assert response.status_code == 404


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
LISTS = [
    "/audit-events/",
    "/masterplans/",
    "/participations/",
    "/people/",
    "/cohorts/",
    "/regions/",
    "/agencies/",
    "/decrees/",
    "/masterplans/52.04/versions/1/programmes/",
    "/masterplans/52.04/versions/1/actions/",
    "/masterplans/52.04/versions/1/quick-wins/",
]


@pytest.fixture
def planned(world, enrolled):
    from .matrix.cases_api_masterplans import with_items

    with_items(world)


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("accept", ["text/html", BROWSER, "image/png"])
def test_lists_answer_json_to_a_browser(world, planned, path, accept):
    client = world.client_for("ministry_admin")
    response = client.get(f"{API}{path}", headers={"accept": accept})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert "results" in response.json()


def test_errors_answer_json_to_a_browser(world):
    response = Client().get(f"{API}/people/", headers={"accept": "text/html"})
    _shape(response, 401, "not_authenticated")
    _shape(Client().get(f"{API}/regions/99.99/", headers={"accept": "text/html"}), 404, "not_found")


def _schema_paths() -> list[tuple[str, str]]:
    document = Client().get("/api/v1/schema/?format=json").json()
    return [
        (path, method)
        for path, item in document["paths"].items()
        for method in item
        if method != "parameters"
    ]


def _concrete(path: str) -> str:
    values = {
        "code": "52.04",
        "number": "1",
        "uid": UID,
        "year": "2022",
        "username": "nobody",
        "id": "1",
        "membership_id": "1",
        "element": "nature",
        "kind": "S",
        "position": "1",
        "dimension": "GOV",
        "n": "1",
        "period": "2024-1",
        "round_code": "2024-2",
        "version": "2",
        "key": "BASELINE-1-1.1.1",
        "region": "52.04",
        "phase": "interview",
    }
    return "/".join(values[p[1:-1]] if p.startswith("{") else p for p in path.split("/"))


def test_options_answers_json_on_every_endpoint(world, planned):
    clients = {
        "token": Client(
            headers={
                "authorization": f"Token {Token.objects.create(user=world.users['ministry_admin']).key}"
            },
            raise_request_exception=False,
        ),
        "anonymous": Client(raise_request_exception=False),
    }
    paths = {path for path, _method in _schema_paths()}
    assert "/api/v1/participations/{code}/mou/" in paths and len(paths) > 40
    for path in sorted(paths):
        for caller, client in clients.items():
            response = client.options(_concrete(path))
            assert response.status_code in {200, 401, 404}, (caller, path, response.status_code)
            assert response["Content-Type"] == "application/json", (caller, path)
            if response.status_code == 200:
                body = response.json()
                assert body["renders"] and "name" in body, (caller, path)
            else:
                _is_error_shape(response)


def test_every_get_endpoint_answers_json_to_a_browser(world, planned):
    client = world.client_for("ministry_admin")
    client.raise_request_exception = False
    gets = [path for path, method in _schema_paths() if method == "get"]
    assert len(gets) > 30
    for path in gets:
        response = client.get(_concrete(path), headers={"accept": BROWSER})
        assert response.status_code < 500, (path, response.status_code)
        if "/worksheet/" in path and response.status_code == 200:
            assert response["Content-Type"].startswith("application/vnd.openxmlformats")  # a download
        elif response.status_code >= 400:
            _is_error_shape(response)
        else:
            assert response["Content-Type"] == "application/json", (path, response["Content-Type"])


def test_options_on_the_mou_endpoint(world, enrolled):
    response = world.client_for("coordinator_a").options(f"{API}/participations/52.04/mou/")
    assert response.status_code == 200
    assert response.json()["renders"] == ["application/json"]
    assert set(response["Allow"].replace(" ", "").split(",")) >= {"POST", "PUT", "OPTIONS"}


def test_a_server_error_under_the_api_is_json(world, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("kotacerdas.regions.selectors.region_list", broken)
    client = Client(raise_request_exception=False)
    response = client.get(f"{API}/regions/", headers={"accept": "text/html"})
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "server_error"
    assert "boom" not in response.content.decode()  # no detail for the client; it is in the log
    assert any("boom" in str(r.exc_info) for r in caplog.records if r.exc_info)


def test_django_error_pages_under_the_api_become_the_shape(rf):
    from django.http import HttpResponseForbidden, HttpResponseNotAllowed

    from kotacerdas.api.middleware import ApiErrorMiddleware

    def answer(response):
        return ApiErrorMiddleware(lambda request: response)

    csrf_page = answer(HttpResponseForbidden("<h1>CSRF verification failed</h1>"))(rf.post(f"{API}/cohorts/"))
    _shape(csrf_page, 403, "permission_denied")
    not_allowed = answer(HttpResponseNotAllowed(["GET"]))(rf.post(f"{API}/x/"))
    assert _shape(not_allowed, 405, "method_not_allowed") and not_allowed["Allow"] == "GET"
    outside = answer(HttpResponseForbidden("<h1>CSRF verification failed</h1>"))(rf.post("/program/"))
    assert outside["Content-Type"].startswith("text/html")


def test_a_csrf_failure_outside_the_api_stays_the_site_page(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["ministry_admin"])
    response = client.post("/program/angkatan/", {"year": 2030})
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")


# ---------------------------------------------------------------- filters refuse bad values

REFUSED_FILTERS = [
    ("/participations/", "page_size=abc", "page_size"),
    ("/participations/", "page_size=0", "page_size"),
    ("/participations/", "page_size=-5", "page_size"),
    ("/participations/", "page_size=501", "page_size"),
    ("/audit-events/", "page_size=1.5", "page_size"),
    ("/regions/", "page_size=%0A", "page_size"),
    ("/participations/", "stage=bogus", "stage"),
    ("/participations/", "cohort=abc", "cohort"),
    ("/audit-events/", "to=bogus", "to"),
    ("/audit-events/", "from=2024-13-01", "from"),
    ("/audit-events/", "action=bogus", "action"),
    ("/masterplans/52.04/diff/", "from=1&to=abc", "to"),
    ("/masterplans/52.04/diff/", "from=1&to=0", "to"),
    ("/regions/", "all=maybe", "all"),
    ("/regions/", "level=bogus", "level"),
    ("/agencies/", "active=maybe", "active"),
    ("/agencies/", "region=zz", "region"),
    ("/decrees/", "region=5204", "region"),
    ("/body-members/", "body=bogus", "body"),
    ("/people/", "role=bogus", "role"),
    ("/masterplans/52.04/worksheet/export/", "version=abc", "version"),
]


@pytest.mark.parametrize(("path", "query", "field"), REFUSED_FILTERS)
def test_bad_filter_values_are_refused_with_400(world, planned, path, query, field):
    response = world.client_for("ministry_admin").get(f"{API}{path}?{query}")
    error = _shape(response, 400, "invalid")
    assert list(error["fields"]) == [field]


@pytest.mark.parametrize(
    ("path", "query", "count"),
    [
        ("/participations/", "page_size=1", 1),
        ("/participations/", "page_size=500&stage=", 1),
        ("/regions/", "all=true&level=kabupaten", 2),
        ("/regions/", "all=&level=", 4),
        ("/agencies/", "active=false", 0),
        ("/agencies/", "active=true&region=52.04", 2),
        ("/body-members/", "body=dewan", 0),
    ],
)
def test_good_filter_values_still_filter(world, planned, path, query, count):
    response = world.client_for("ministry_admin").get(f"{API}{path}?{query}")
    assert response.status_code == 200, response.content
    assert response.json()["count"] == count


def test_delete_refuses_a_bad_row_version_and_deletes_nothing(world):
    from kotacerdas.organisation import services as organisation_services
    from kotacerdas.organisation.models import Decree

    decree = organisation_services.decree_create(
        actor=world.users["ministry_admin"],
        region=world.region_a,
        kind="dewan",
        number="SK 9/2024",
        date=dt.date(2024, 1, 5),
        title="SK Dewan",
    )
    client = world.client_for("coordinator_a")
    for bad in ("abc", "0", "-1", "1e3"):
        response = client.delete(f"{API}/decrees/{decree.uid}/?row_version={bad}")
        assert list(_shape(response, 400, "invalid")["fields"]) == ["row_version"]
    assert Decree.objects.filter(pk=decree.pk).exists()
    stale = client.delete(f"{API}/decrees/{decree.uid}/?row_version=7")
    assert _shape(stale, 409, "conflict")["current"]["row_version"] == 1
    assert client.delete(f"{API}/decrees/{decree.uid}/?row_version=1").status_code == 204
    assert not Decree.objects.filter(pk=decree.pk).exists()


# ---------------------------------------------------------------- a conflict says how to retry


def test_409_carries_the_current_row_version_and_the_retry_succeeds(world, enrolled):
    services.participation_update(
        actor=None, participation=enrolled, data={"notes": "theirs"}, expected_version=1
    )
    client = world.client_for("pendamping")
    url = f"{API}/participations/52.04/"
    stale = client.patch(url, {"notes": "mine", "row_version": 1}, content_type="application/json")
    current = _shape(stale, 409, "conflict")["current"]
    assert current == {"notes": "theirs", "row_version": 2}
    assert Participation.objects.get(pk=enrolled.pk).notes == "theirs"  # nothing written
    retried = client.patch(
        url, {"notes": "mine", "row_version": current["row_version"]}, content_type="application/json"
    )
    assert retried.status_code == 200, retried.content
    assert retried.json()["notes"] == "mine" and retried.json()["row_version"] == 3


def test_409_on_a_stage_change_carries_the_row_version(world, enrolled):
    client = world.client_for("pendamping")
    services.participation_update(actor=None, participation=enrolled, data={"notes": "x"}, expected_version=1)
    url = f"{API}/participations/52.04/advance/"
    body = {"stage": "mou_signed", "date": "2022-02-01", "row_version": 1}
    current = _shape(client.post(url, body, content_type="application/json"), 409, "conflict")["current"]
    assert current["row_version"] == 2 and current["stage"] == "selected"


def test_409_on_a_master_plan_item_carries_the_row_version(world, planned):
    from kotacerdas.masterplans.models import Programme

    programme = Programme.objects.get(code="GOV-01")
    client = world.client_for("coordinator_a")
    url = f"{API}/masterplans/52.04/versions/1/programmes/{programme.uid}/"
    first = client.patch(
        url, {"name": "Baru", "row_version": programme.row_version}, content_type="application/json"
    )
    assert first.status_code == 200, first.content
    stale = client.patch(
        url, {"name": "Lain", "row_version": programme.row_version}, content_type="application/json"
    )
    current = _shape(stale, 409, "conflict")["current"]
    assert current["row_version"] == first.json()["row_version"]
    retried = client.patch(
        url, {"name": "Lain", "row_version": current["row_version"]}, content_type="application/json"
    )
    assert retried.status_code == 200 and retried.json()["name"] == "Lain"
