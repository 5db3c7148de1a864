"""The demo organisation: built through the services, believable, with the seeds' real names."""

from __future__ import annotations

import pytest

from kotacerdas.core.models import AuditEvent
from kotacerdas.demo.build import agencies_ensure
from kotacerdas.demo.organisation import organisation_build
from kotacerdas.organisation.models import Agency, BodyMember, Decree, ForumMeeting, WorkingGroup

from .factories import RegionFactory


@pytest.mark.parametrize(
    "code,name,known",
    [
        ("52.04", "Kabupaten Sumbawa", ["Drs. Hasanuddin"]),
        ("51.08", "Kabupaten Buleleng", ["Ketut Suwarmawan"]),
        ("63.03", "Kabupaten Banjar", ["Dr. Ir. H. Mokhamad Hilman, ST. MT", "Drs. H. M. Aidil Basit, M.AP"]),
        ("13.73", "Kota Sawahlunto", ["Nova Efrizon"]),
        ("52.07", "Kabupaten Sumbawa Barat", ["Hirawansyah Atta"]),
        ("52.71", "Kota Mataram", []),
    ],
)
def test_demo_organisation(dimensions, code, name, known):
    region = RegionFactory(code=code, name=name)
    agencies_ensure(region)
    organisation_build(region=region, actor=None)
    kinds = set(Decree.objects.filter(region=region).values_list("kind", flat=True))
    assert {"dewan", "tim_pelaksana", "pokja"} <= kinds
    members = BodyMember.objects.filter(region=region)
    for body in ("dewan", "tim_pelaksana"):
        assert members.filter(body=body, role="ketua").count() == 1
    sectors = set(members.filter(body="tim_pelaksana").values_list("sector", flat=True))
    assert {"akademisi", "bisnis", "komunitas", "seniman", "relawan_tik"} <= sectors
    assert WorkingGroup.objects.filter(region=region).count() == 6
    assert 3 <= ForumMeeting.objects.filter(region=region).count() <= 6
    assert not ForumMeeting.objects.filter(region=region, minutes="").exists()
    names = set(members.values_list("name", flat=True))
    assert set(known) <= names
    assert members.get(body="dewan", role="ketua").name.startswith(
        "Wali Kota" if code[3] == "7" else "Bupati"
    )
    # through the services: every row has its audit event
    assert AuditEvent.objects.filter(object_type="organisation.bodymember").count() == members.count()
    # a second call leaves the region as it is
    organisation_build(region=region, actor=None)
    assert BodyMember.objects.filter(region=region).count() == members.count()


def test_demo_renames_the_kominfo_agency_where_the_region_names_it_differently(dimensions):
    region = RegionFactory(code="63.03", name="Kabupaten Banjar")
    agencies_ensure(region)
    organisation_build(region=region, actor=None)
    assert Agency.objects.get(region=region, code="diskominfo").acronym == "DKISP"
    assert Agency.objects.get(region=region, code="bappeda").acronym == "Bappedalitbang"
    assert WorkingGroup.objects.get(region=region, dimension__code="GOV").leading_agency.acronym == "DKISP"
