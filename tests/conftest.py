"""Shared fixtures: the standard cast of users and the two regions they work in.

Region A is Kabupaten Sumbawa (52.04), region B Kabupaten Buleleng (51.08).
Cast: ministry_admin, pendamping (of A), coordinator_a, officer_a (an agency of A),
assessor, coordinator_b, anonymous.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from kotacerdas.accounts.models import User
from kotacerdas.organisation.models import Agency
from kotacerdas.regions.models import Region

from .factories import AgencyFactory, RegionFactory, UserFactory, membership

ROLES = [
    "ministry_admin",
    "pendamping",
    "coordinator_a",
    "officer_a",
    "assessor",
    "coordinator_b",
    "anonymous",
]


@dataclass
class World:
    region_a: Region
    region_b: Region
    agency_a: Agency
    agency_a2: Agency
    agency_b: Agency
    users: dict[str, User | None] = field(default_factory=dict)

    def client_for(self, role: str) -> Client:
        client = Client()
        user = self.users[role]
        if user is not None:
            client.force_login(user)
        return client


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache(settings: Any) -> Any:
    """Login counters and API throttles start at zero in every test.

    Tests use a per-process cache (no database access, query counts unaffected); the default
    database cache is exercised by tests/test_sessions.py.
    """
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """Every test starts in the site's default language (Indonesian): a request with the English
    cookie leaves English active in the thread after the response, which would leak into the next
    test's service messages."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dimensions(db: None) -> None:
    """The seeded dimension catalogue (a transactional test's flush removes it)."""
    from kotacerdas.programme.catalogue import DIMENSIONS
    from kotacerdas.programme.models import Dimension, SubDimension

    for position, (code, name, name_en, subs) in enumerate(DIMENSIONS, start=1):
        dim, _ = Dimension.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "position": position}
        )
        for sub_pos, (sub_name, sub_en) in enumerate(subs, start=1):
            SubDimension.objects.get_or_create(
                code=f"{code}-{sub_pos}",
                defaults={"dimension": dim, "name": sub_name, "name_en": sub_en, "position": sub_pos},
            )


@pytest.fixture
def world(db: None, dimensions: None) -> World:
    region_a = RegionFactory(code="52.04", name="Kabupaten Sumbawa")
    region_b = RegionFactory(code="51.08", name="Kabupaten Buleleng")
    agency_a = AgencyFactory(
        region=region_a,
        code="disdukcapil",
        acronym="Disdukcapil",
        name="Dinas Kependudukan dan Pencatatan Sipil",
    )
    agency_a2 = AgencyFactory(
        region=region_a, code="diskominfo", acronym="Diskominfo", name="Dinas Komunikasi dan Informatika"
    )
    agency_b = AgencyFactory(
        region=region_b, code="diskominfo", acronym="Diskominfo", name="Dinas Komunikasi dan Informatika"
    )
    users: dict[str, User | None] = {}
    users["ministry_admin"] = UserFactory(username="admin", is_staff=True)
    membership(users["ministry_admin"], "ministry_admin")
    users["pendamping"] = UserFactory(username="pendamping")
    membership(users["pendamping"], "pendamping", region=region_a)
    users["coordinator_a"] = UserFactory(username="koord_a")
    membership(users["coordinator_a"], "coordinator", region=region_a)
    users["officer_a"] = UserFactory(username="opd_a")
    membership(users["officer_a"], "agency_officer", agency=agency_a)
    users["assessor"] = UserFactory(username="asesor")
    membership(users["assessor"], "assessor")
    users["coordinator_b"] = UserFactory(username="koord_b")
    membership(users["coordinator_b"], "coordinator", region=region_b)
    users["anonymous"] = None
    return World(
        region_a=region_a,
        region_b=region_b,
        agency_a=agency_a,
        agency_a2=agency_a2,
        agency_b=agency_b,
        users=users,
    )
