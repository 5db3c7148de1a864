"""Error pages in the product's layout (403, 404, 500, CSRF failure), the API's errors left in
its own shape, and the favicon."""

from __future__ import annotations

import pytest
from django.test import Client
from django.views.defaults import server_error

from kotacerdas.core.error_pages import csrf_failure

# Django's bare English pages say these; under Indonesian none may appear.
DJANGO_DEFAULTS = [
    "Not Found",
    "The requested resource was not found on this server",
    "403 Forbidden",
    "Server Error (500)",
    "CSRF verification failed",
    "Request aborted",
    "More information is available with DEBUG=True",
]


def _in_layout(response) -> str:
    content = response.content.decode()
    assert '<header class="topbar"' in content and 'class="footer' in content
    assert "kotacerdas/app.css" in content and "kotacerdas/favicon.svg" in content
    assert 'lang="id"' in content
    for text in DJANGO_DEFAULTS:
        assert text not in content, text
    return content


def test_404_page_uses_the_layout(world):
    response = world.client_for("coordinator_a").get("/wilayah/99.99/")
    assert response.status_code == 404
    assert {"404.html", "base.html"} <= {t.name for t in response.templates}
    content = _in_layout(response)
    assert "data-refusal" in content and 'href="/"' in content


def test_404_page_for_anonymous_visitors(client, db):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    _in_layout(response)


def test_403_page_uses_the_layout_and_says_why(world):
    from kotacerdas.core.permissions import require

    response = world.client_for("coordinator_a").get("/program/angkatan/")
    assert response.status_code == 403
    assert {"403.html", "base.html"} <= {t.name for t in response.templates}
    content = _in_layout(response)
    with pytest.raises(Exception) as exc:
        require(world.users["coordinator_a"], "programme.manage")
    assert f"data-refusal>{exc.value}</p>" in content


def test_500_page_renders_without_a_request_context(rf):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    _in_layout(response)


def test_500_page_through_the_handler(world, settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    client = world.client_for("coordinator_a")
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    _in_layout(response)


def test_csrf_failure_page_uses_the_layout_and_writes_nothing(world):
    from kotacerdas.programme.models import Cohort

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["ministry_admin"])
    response = client.post("/program/angkatan/", {"year": 2030, "name": "Angkatan 2030"})
    assert response.status_code == 403
    assert "403_csrf.html" in {t.name for t in response.templates}
    content = _in_layout(response)
    assert "data-refusal" in content
    assert not Cohort.objects.filter(year=2030).exists()


def test_csrf_failure_under_the_api_answers_in_the_api_error_shape(world, rf):
    response = csrf_failure(rf.post("/api/v1/participations/"), reason="CSRF token missing.")
    assert response.status_code == 403 and response["Content-Type"] == "application/json"
    import json

    body = json.loads(response.content)
    assert set(body) == {"error"} and body["error"]["code"] == "csrf_failed" and body["error"]["message"]
    # and a session POST without the token to an unknown API path, through the middleware
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["ministry_admin"])
    answer = client.post("/api/v1/no-such-thing/", {})
    assert answer.status_code in {403, 404} and answer["Content-Type"] == "application/json"
    assert set(answer.json()) == {"error"}


def test_favicon_is_linked_and_served(client, db):
    page = client.get("/")
    assert 'rel="icon" href="/static/kotacerdas/favicon.svg"' in page.content.decode()
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/kotacerdas/favicon.svg"
