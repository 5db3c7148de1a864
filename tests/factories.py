"""factory_boy factories for the test suite."""

from __future__ import annotations

import datetime as dt

import factory

from kotacerdas.accounts.models import Membership, User
from kotacerdas.organisation.models import Agency
from kotacerdas.programme.models import Cohort, Participation
from kotacerdas.regions.models import Region


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="id_ID")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.id")
    password = factory.django.Password("secret-pass-123")


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "52"
    name = "Nusa Tenggara Barat"
    level = "province"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "52.04"
    name = "Kabupaten Sumbawa"
    level = factory.LazyAttribute(lambda o: "kota" if int(o.code[3:5]) >= 71 else "kabupaten")
    province = factory.LazyAttribute(
        lambda o: ProvinceFactory(code=o.code[:2], name=f"Provinsi {o.code[:2]}")
    )


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("region", "code")

    region = factory.SubFactory(RegionFactory)
    code = factory.Sequence(lambda n: f"opd{n}")
    acronym = factory.LazyAttribute(lambda o: o.code.upper())
    name = factory.LazyAttribute(lambda o: f"Dinas {o.code}")
    kind = "dinas"


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        django_get_or_create = ("year",)

    year = 2022
    name = factory.LazyAttribute(lambda o: f"Angkatan {o.year}")


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    region = factory.SubFactory(RegionFactory)
    cohort = factory.SubFactory(CohortFactory)
    stage = "selected"
    stage_date = dt.date(2022, 1, 10)


def membership(
    user: User, role: str, region: Region | None = None, agency: Agency | None = None
) -> Membership:
    return Membership.objects.create(
        user=user, role=role, region=agency.region if agency else region, agency=agency
    )
