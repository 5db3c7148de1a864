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
    from kotacerdas.core.ratelimit import client_address

    meta = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7, 10.0.0.1"}
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(meta) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(meta) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(meta) == "203.0.113.7"


# ------------------------------------------------------------------ national size: search, agencies, regions


def _aceh():
    from .factories import ProvinceFactory, RegionFactory

    aceh = ProvinceFactory(code="11", name="Aceh")
    return {
        "province": aceh,
        "besar": RegionFactory(code="11.06", name="Kabupaten Aceh Besar", province=aceh),
        "banda": RegionFactory(code="11.71", name="Kota Banda Aceh", province=aceh),
        "simeulue": RegionFactory(code="11.09", name="Kabupaten Simeulue", province=aceh),
    }


def _option_values(response) -> list[str]:
    import re

    return re.findall(r'<option value="([^"]*)"', response.content.decode())


def test_region_search_finds_by_name_province_and_code(world):
    aceh = _aceh()
    client = world.client_for("ministry_admin")
    found = _option_values(client.get("/wilayah/cari/", {"q": "aceh"}))
    assert found == ["11", "11.06", "11.09", "11.71"]  # the province, its regions, by code
    assert _option_values(client.get("/wilayah/cari/", {"q": "Aceh", "level": "kabupaten_kota"})) == [
        "11.06",
        "11.09",
        "11.71",
    ]
    # a search box sends its own field name
    by_field = client.get("/wilayah/cari/", {"field": "region_code", "region_code": "Banda"})
    assert _option_values(by_field) == [aceh["banda"].code]
    assert _option_values(client.get("/wilayah/cari/", {"q": "52.0"})) == ["52.04"]
    assert _option_values(client.get("/wilayah/cari/", {"q": "   "})) == []


def test_region_search_stays_small_at_national_size(world, django_assert_num_queries):
    from .factories import RegionFactory

    for i in range(1, 61):
        RegionFactory(code=f"52.{i + 10:02d}", name=f"Kabupaten Uji {i}")
    client = world.client_for("anonymous")
    with django_assert_num_queries(1):
        response = client.get("/wilayah/cari/", {"q": "Kabupaten"})
    assert len(_option_values(response)) == 30


def test_enrol_by_region_name_and_form_on_top_with_unique_ids(world):
    import re

    from kotacerdas.programme.models import Participation

    from .factories import CohortFactory

    _aceh()
    CohortFactory(year=2022)
    client = world.client_for("ministry_admin")
    page = client.get("/program/peserta/").content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert page.index('id="enrol-form"') < page.index('class="filters"')
    assert 'list="enrol_region_code-options"' in page and 'hx-get="/wilayah/cari/?field=region_code"' in page
    response = client.post(
        "/program/peserta/daftarkan/",
        {
            "region_code": "kabupaten aceh besar",
            "cohort_year": 2022,
            "selected_on": "2022-01-10",
            "track": "regular",
        },
    )
    assert response.status_code == 302
    assert Participation.objects.get(region__code="11.06").cohort.year == 2022
    refused = client.post(
        "/program/peserta/daftarkan/",
        {"region_code": "Aceh Tengah", "cohort_year": 2022, "selected_on": "2022-01-10", "track": "regular"},
    )
    assert refused.status_code == 400 and "region_code" in refused.context["form"].errors
    ids = re.findall(r'\sid="([^"]+)"', refused.content.decode())
    assert len(ids) == len(set(ids))


def test_membership_service_refuses_an_agency_of_another_region(world):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from kotacerdas.accounts import services

    person = User.objects.create(username="opd_lain", full_name="Petugas")
    events = AuditEvent.objects.count()
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.membership_add(
            actor=world.users["ministry_admin"],
            user=person,
            role="agency_officer",
            region_id=world.region_a.pk,
            agency_id=world.agency_b.pk,
        )
    assert "not of the chosen region" in exc.value.message_dict["agency"][0]
    assert not Membership.objects.filter(user=person).exists()
    assert AuditEvent.objects.count() == events


def test_membership_form_lists_only_the_chosen_regions_agencies(world):
    from kotacerdas.accounts.forms import MembershipForm

    person = User.objects.create(username="opd_lain", full_name="Petugas")
    region_a_agencies = {world.agency_a.uid, world.agency_a2.uid}
    form = MembershipForm(data={"role": "agency_officer", "region": "Kabupaten Sumbawa"})
    assert {a.uid for a in form.fields["agency"].queryset} == region_a_agencies
    assert not MembershipForm().fields["agency"].queryset.exists()  # nothing before a region is chosen

    client = world.client_for("ministry_admin")
    options = client.get("/akun/orang/baru/opd/", {"region": "52.04"})
    assert set(_option_values(options)) - {""} == {str(u) for u in region_a_agencies}
    assert set(_option_values(client.get("/akun/orang/baru/opd/", {"region": "nowhere"}))) == {""}
    page = client.get(f"/akun/orang/{person.username}/").content.decode()
    assert 'hx-get="/akun/orang/baru/opd/"' in page and 'hx-include="#membership_region"' in page

    refused = client.post(
        f"/akun/orang/{person.username}/",
        {"role": "agency_officer", "region": "52.04", "agency": str(world.agency_b.uid)},
    )
    assert refused.status_code == 400 and "agency" in refused.context["form"].errors
    assert not Membership.objects.filter(user=person).exists()
    added = client.post(
        f"/akun/orang/{person.username}/",
        {"role": "agency_officer", "region": "52.04", "agency": str(world.agency_a.uid)},
    )
    assert added.status_code == 302
    assert Membership.objects.get(user=person).agency_id == world.agency_a.pk


def test_people_list_shows_each_persons_region(world):
    response = world.client_for("ministry_admin").get("/akun/orang/")
    rows = {row["person"].username: row for row in response.context["rows"]}
    assert rows["koord_a"]["regions"] == [world.region_a]
    assert rows["koord_b"]["regions"] == [world.region_b]
    assert rows[world.users["officer_a"].username]["regions"] == [world.region_a]
    assert rows[world.users["ministry_admin"].username]["regions"] == []
    content = response.content.decode()
    assert f'<a href="/wilayah/{world.region_b.code}/">{world.region_b.name}</a>' in content
