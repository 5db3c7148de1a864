"""Login (rate-limited), password reset, the people pages, the audit page and region home."""

import pytest
from django.core import mail
from django.core.cache import cache

from kotacerdas.accounts.models import Membership, User
from kotacerdas.core.models import AuditEvent


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_login_success_is_audited(world, client):
    response = client.post("/akun/masuk/", {"username": "koord_a", "password": "secret-pass-123"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="login", object_id=str(world.users["coordinator_a"].pk)).exists()


def test_login_is_rate_limited_per_username(world, client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        assert client.post("/akun/masuk/", {"username": "koord_a", "password": "wrong"}).status_code == 200
    blocked = client.post("/akun/masuk/", {"username": "koord_a", "password": "secret-pass-123"})
    assert blocked.status_code == 429
    assert "_auth_user_id" not in client.session
    other = client.post(
        "/akun/masuk/", {"username": "koord_b", "password": "secret-pass-123"}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


def test_password_reset_sends_mail(world, client, settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    response = client.post("/akun/lupa-sandi/", {"email": "koord_a@example.id"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/akun/atur-sandi/" in mail.outbox[0].body


def test_admin_creates_person_and_gives_roles(world):
    client = world.client_for("ministry_admin")
    response = client.post(
        "/akun/orang/baru/",
        {"username": "opd_baru", "full_name": "Petugas Baru", "email": "", "position": ""},
    )
    assert response.status_code == 302
    person = User.objects.get(username="opd_baru")
    assert not person.has_usable_password()
    response = client.post(
        f"/akun/orang/{person.username}/", {"role": "agency_officer", "agency": str(world.agency_a.uid)}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=person)
    assert (membership.role, membership.region_id, membership.agency_id) == (
        "agency_officer",
        world.region_a.pk,
        world.agency_a.pk,
    )
    # a regional role without a region is refused and writes nothing
    response = client.post(f"/akun/orang/{person.username}/", {"role": "coordinator"})
    assert response.status_code == 400
    assert Membership.objects.filter(user=person).count() == 1
    # duplicate username refused
    assert client.post("/akun/orang/baru/", {"username": "opd_baru", "full_name": "X"}).status_code == 400


def test_audit_page_scoped_and_filterable(world):
    from kotacerdas.core.services import audit_record

    audit_record(
        actor=world.users["coordinator_a"], action="update", obj=world.agency_a, changes={"name": ["a", "b"]}
    )
    audit_record(
        actor=world.users["coordinator_b"], action="update", obj=world.agency_b, changes={"name": ["c", "d"]}
    )
    a_page = world.client_for("coordinator_a").get("/jejak-audit/")
    assert str(world.agency_a) in a_page.content.decode()
    assert len(a_page.context["page"]) == 1
    admin = world.client_for("ministry_admin")
    assert len(admin.get("/jejak-audit/").context["page"]) == 2
    filtered = admin.get("/jejak-audit/?region=51.08&action=update")
    assert len(filtered.context["page"]) == 1
    assert len(world.client_for("assessor").get("/jejak-audit/").context["page"]) == 0


def test_region_home_private_parts_only_for_region_people(world):
    assert world.client_for("coordinator_a").get("/wilayah/52.04/").context["private"] is True
    assert world.client_for("coordinator_b").get("/wilayah/52.04/").context["private"] is False
    assert world.client_for("anonymous").get("/wilayah/52.04/").context["private"] is False


def test_django_admin_only_for_ministry_admins(world):
    assert world.client_for("ministry_admin").get("/admin/").status_code == 200
    assert world.client_for("coordinator_a").get("/admin/").status_code == 302
    assert world.client_for("ministry_admin").get("/admin/regions/region/").status_code == 200


def test_failed_logins_are_audited_and_token_endpoint_shares_the_limit(world, client, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    client.post("/akun/masuk/", {"username": "koord_a", "password": "wrong"})
    assert AuditEvent.objects.filter(action="login_failed", object_repr="koord_a").count() == 1
    api = world.client_for("anonymous")
    assert api.post("/api/v1/auth/token/", {"username": "koord_a", "password": "wrong"}).status_code == 400
    blocked = api.post("/api/v1/auth/token/", {"username": "koord_a", "password": "secret-pass-123"})
    assert blocked.status_code == 429
    assert blocked.json()["error"]["code"] == "throttled"


def test_proxy_address_is_used_only_when_trusted(settings):
    from kotacerdas.accounts.services import client_address

    meta = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7, 10.0.0.1"}
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(meta) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(meta) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(meta) == "203.0.113.7"
