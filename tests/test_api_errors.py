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

from kotacerdas.api.errors import not_found
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
    assert error["current"] == {"notes": "new"}


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
