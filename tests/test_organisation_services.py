"""Organisation services: happy paths, every refused input (nothing written), audit, conflicts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.models import AuditEvent
from kotacerdas.organisation import services
from kotacerdas.organisation.models import Agency, BodyMember, Decree, ForumMeeting, WorkingGroup
from kotacerdas.programme.models import Dimension

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name: str = "sk.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def audit_count(model: type) -> int:
    return AuditEvent.objects.filter(object_type=model._meta.label_lower).count()


@pytest.fixture
def admin(world):
    return world.users["ministry_admin"]


@pytest.fixture
def sk_dewan(world, admin):
    return services.decree_create(
        actor=admin,
        region=world.region_a,
        kind="dewan",
        number="100 Tahun 2019",
        date=dt.date(2019, 6, 5),
        title="Pembentukan Dewan Smart City",
    )


# --- agencies -----------------------------------------------------------------------------


def test_agency_create_writes_row_and_audit(world, admin):
    agency = services.agency_create(
        actor=admin, region=world.region_a, code=" Dinkes ", acronym="Dinkes", name="Dinas Kesehatan"
    )
    assert agency.code == "dinkes" and agency.kind == "dinas" and agency.is_active
    event = AuditEvent.objects.get(object_type="organisation.agency", object_id=str(agency.pk))
    assert event.action == "create" and event.region_id == world.region_a.pk
    assert event.actor_id == admin.pk and event.changes["acronym"] == [None, "Dinkes"]


@pytest.mark.parametrize(
    "field,kwargs",
    [
        ("code", {"code": "DISKOMINFO", "acronym": "Kominfo2"}),  # code taken (any case)
        ("acronym", {"code": "kominfo2", "acronym": "diskominfo"}),  # acronym taken (any case)
        ("code", {"code": "", "acronym": "X"}),
        ("code", {"code": "bad code!", "acronym": "X"}),
        ("acronym", {"code": "x", "acronym": "  "}),
        ("kind", {"code": "x", "acronym": "X", "kind": "ministry"}),
    ],
)
def test_agency_create_refused(world, admin, field, kwargs):
    before = Agency.objects.count(), audit_count(Agency)
    with pytest.raises(ValidationError) as exc:
        services.agency_create(actor=admin, region=world.region_a, name="Dinas Baru", **kwargs)
    assert field in exc.value.message_dict
    assert (Agency.objects.count(), audit_count(Agency)) == before


def test_agency_duplicate_message_names_the_other_agency(world, admin):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.agency_create(actor=admin, region=world.region_a, code="diskominfo", acronym="K", name="K")
    with translation.override("en"):
        assert "already used by Dinas Komunikasi dan Informatika" in exc.value.message_dict["code"][0]


def test_same_code_allowed_in_another_region(world, admin):
    # region B already has "diskominfo": codes are unique per region only
    agency = services.agency_create(
        actor=admin, region=world.region_b, code="disdukcapil", acronym="Disdukcapil", name="Dukcapil"
    )
    assert agency.region == world.region_b


def test_agency_update_and_version(world, admin):
    agency = world.agency_a2
    updated = services.agency_update(
        actor=admin,
        agency=agency,
        data={"acronym": "Diskominfotiksan", "name": "Dinas Kominfotiksan"},
        expected_version=agency.row_version,
    )
    assert updated.acronym == "Diskominfotiksan" and updated.row_version == agency.row_version + 1
    event = AuditEvent.objects.filter(object_type="organisation.agency", action="update").get()
    assert event.changes["acronym"] == ["Diskominfo", "Diskominfotiksan"]


def test_agency_update_refuses_taken_acronym(world, admin):
    with pytest.raises(ValidationError) as exc:
        services.agency_update(
            actor=admin, agency=world.agency_a2, data={"acronym": "DISDUKCAPIL"}, expected_version=None
        )
    assert "acronym" in exc.value.message_dict
    world.agency_a2.refresh_from_db()
    assert world.agency_a2.acronym == "Diskominfo" and world.agency_a2.row_version == 1


def test_agency_update_refuses_unknown_fields(world, admin):
    with pytest.raises(ValidationError):
        services.agency_update(actor=admin, agency=world.agency_a2, data={"region": 3}, expected_version=None)


def test_agency_deactivate_and_leader_of_pokja_refused(world, admin):
    gov = Dimension.objects.get(code="GOV")
    services.working_group_set(
        actor=admin, region=world.region_a, dimension=gov, leading_agency=world.agency_a2
    )
    with pytest.raises(ValidationError) as exc:
        services.agency_deactivate(actor=admin, agency=world.agency_a2)
    assert "is_active" in exc.value.message_dict
    agency = services.agency_deactivate(actor=admin, agency=world.agency_a, expected_version=1)
    assert agency.is_active is False
    assert AuditEvent.objects.filter(object_id=str(agency.pk), action="update").exists()


# --- decrees ------------------------------------------------------------------------------


def test_decree_create_with_pdf(world, admin):
    decree = services.decree_create(
        actor=admin,
        region=world.region_a,
        kind="tim_pelaksana",
        number="200 Tahun 2019",
        date=dt.date(2019, 6, 12),
        title="Pembentukan Tim Pelaksana",
        document=pdf(),
    )
    assert decree.document.name.startswith("sk/") and decree.document.name.endswith(".pdf")
    with decree.document.open("rb") as handle:
        assert handle.read().startswith(b"%PDF-")
    assert AuditEvent.objects.filter(object_type="organisation.decree", action="create").count() == 1


@pytest.mark.parametrize(
    "field,kwargs",
    [
        ("number", {"number": "100 tahun 2019"}),  # duplicate in the region (any case)
        ("number", {"number": " "}),
        ("date", {"date": timezone.localdate() + dt.timedelta(days=1)}),
        ("kind", {"kind": "perda"}),
        ("title", {"title": ""}),
        ("document", {"document": pdf("sk.docx", b"PK\x03\x04 not a pdf")}),
        ("document", {"document": pdf("sk.pdf", b"GIF89a not a pdf")}),
        ("document", {"document": pdf("sk.exe", PDF)}),
    ],
)
def test_decree_create_refused(world, admin, sk_dewan, field, kwargs):
    data = {"kind": "dewan", "number": "101 Tahun 2019", "date": dt.date(2019, 7, 1), "title": "SK"} | kwargs
    before = Decree.objects.count(), audit_count(Decree)
    with pytest.raises(ValidationError) as exc:
        services.decree_create(actor=admin, region=world.region_a, **data)
    assert field in exc.value.message_dict
    assert (Decree.objects.count(), audit_count(Decree)) == before


def test_decree_oversized_file_refused_with_limit_in_message(world, admin, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.decree_create(
            actor=admin,
            region=world.region_a,
            kind="dewan",
            number="1",
            date=dt.date(2020, 1, 1),
            title="SK",
            document=pdf(content=PDF + b"x" * 2000),
        )
    with translation.override("en"):
        assert "1.0\xa0KB" in exc.value.message_dict["document"][0]
    assert Decree.objects.count() == 0


def test_decree_number_may_repeat_in_another_region(world, admin, sk_dewan):
    other = services.decree_create(
        actor=admin,
        region=world.region_b,
        kind="dewan",
        number="100 Tahun 2019",
        date=dt.date(2019, 1, 1),
        title="SK",
    )
    assert other.pk != sk_dewan.pk


def test_decree_update_keeps_file_unless_replaced(world, admin):
    decree = services.decree_create(
        actor=admin,
        region=world.region_a,
        kind="pokja",
        number="3",
        date=dt.date(2020, 1, 1),
        title="SK",
        document=pdf(),
    )
    name = decree.document.name
    decree = services.decree_update(
        actor=admin, decree=decree, data={"title": "SK Pokja", "document": None}, expected_version=1
    )
    assert decree.document.name == name and decree.title == "SK Pokja"
    with pytest.raises(ValidationError):
        services.decree_update(
            actor=admin,
            decree=decree,
            data={"date": timezone.localdate() + dt.timedelta(days=3)},
            expected_version=2,
        )
    decree.refresh_from_db()
    assert decree.row_version == 2


def test_decree_kind_cannot_change_under_its_members(world, admin, sk_dewan):
    services.body_member_create(
        actor=admin, region=world.region_a, body="dewan", name="Bupati", decree=sk_dewan
    )
    with pytest.raises(ValidationError) as exc:
        services.decree_update(
            actor=admin, decree=sk_dewan, data={"kind": "tim_pelaksana"}, expected_version=None
        )
    assert "kind" in exc.value.message_dict


def test_decree_delete_refused_while_referred_to_then_allowed(world, admin, sk_dewan):
    member = services.body_member_create(
        actor=admin, region=world.region_a, body="dewan", name="Bupati", decree=sk_dewan
    )
    with pytest.raises(ValidationError):
        services.decree_delete(actor=admin, decree=sk_dewan)
    assert Decree.objects.filter(pk=sk_dewan.pk).exists()
    services.body_member_delete(actor=admin, member=member)
    services.decree_delete(actor=admin, decree=sk_dewan, expected_version=sk_dewan.row_version)
    assert not Decree.objects.filter(pk=sk_dewan.pk).exists()
    assert AuditEvent.objects.filter(object_type="organisation.decree", action="delete").count() == 1


# --- members ------------------------------------------------------------------------------


def test_member_create_with_agency_and_decree(world, admin, sk_dewan):
    member = services.body_member_create(
        actor=admin,
        region=world.region_a,
        body="dewan",
        name=" Drs. Hasanuddin ",
        position="Kepala Dinas Kominfotiksan",
        role="sekretaris",
        agency=world.agency_a2,
        decree=sk_dewan,
    )
    assert member.name == "Drs. Hasanuddin" and member.agency == world.agency_a2
    event = AuditEvent.objects.get(object_type="organisation.bodymember")
    assert event.changes["agency"] == [None, "Diskominfo"] and event.region_id == world.region_a.pk


@pytest.mark.parametrize(
    "field,kwargs",
    [
        ("agency", lambda w, sk, tim: {"agency": w.agency_b}),  # agency of region B
        ("decree", lambda w, sk, tim: {"decree": tim}),  # SK Tim Pelaksana for the Dewan
        ("decree", lambda w, sk, tim: {"decree": Decree.objects.get(region=w.region_b)}),  # SK of region B
        ("body", lambda w, sk, tim: {"body": "dprd"}),
        ("name", lambda w, sk, tim: {"name": ""}),
        ("role", lambda w, sk, tim: {"role": "raja"}),
        ("sector", lambda w, sk, tim: {"sector": "militer"}),
    ],
)
def test_member_create_refused(world, admin, sk_dewan, field, kwargs):
    tim = services.decree_create(
        actor=admin,
        region=world.region_a,
        kind="tim_pelaksana",
        number="2",
        date=dt.date(2019, 1, 1),
        title="SK",
    )
    services.decree_create(
        actor=admin, region=world.region_b, kind="dewan", number="9", date=dt.date(2019, 1, 1), title="SK"
    )
    data = {"body": "dewan", "name": "Anggota", "decree": sk_dewan} | kwargs(world, sk_dewan, tim)
    before = BodyMember.objects.count(), audit_count(BodyMember)
    with pytest.raises(ValidationError) as exc:
        services.body_member_create(actor=admin, region=world.region_a, **data)
    assert field in exc.value.message_dict
    assert (BodyMember.objects.count(), audit_count(BodyMember)) == before


def test_one_chair_per_body(world, admin):
    services.body_member_create(actor=admin, region=world.region_a, body="dewan", name="Bupati", role="ketua")
    with pytest.raises(ValidationError) as exc:
        services.body_member_create(
            actor=admin, region=world.region_a, body="dewan", name="Wabup", role="ketua"
        )
    assert "role" in exc.value.message_dict
    # the Tim Pelaksana has its own chair
    services.body_member_create(
        actor=admin, region=world.region_a, body="tim_pelaksana", name="Sekda", role="ketua"
    )


def test_inactive_agency_cannot_be_chosen_but_stays_on_old_members(world, admin):
    member = services.body_member_create(
        actor=admin, region=world.region_a, body="dewan", name="Kadis", agency=world.agency_a
    )
    services.agency_deactivate(actor=admin, agency=world.agency_a)
    world.agency_a.refresh_from_db()
    with pytest.raises(ValidationError):
        services.body_member_create(
            actor=admin, region=world.region_a, body="dewan", name="Lain", agency=world.agency_a
        )
    member = services.body_member_update(
        actor=admin, member=member, data={"position": "Kepala Dinas"}, expected_version=1
    )
    assert member.agency_id == world.agency_a.pk and member.position == "Kepala Dinas"


def test_member_update_refuses_agency_of_other_region(world, admin):
    member = services.body_member_create(actor=admin, region=world.region_a, body="tim_pelaksana", name="X")
    with pytest.raises(ValidationError) as exc:
        services.body_member_update(
            actor=admin, member=member, data={"agency": world.agency_b}, expected_version=1
        )
    assert "agency" in exc.value.message_dict
    member.refresh_from_db()
    assert member.agency_id is None and member.row_version == 1


# --- pokja --------------------------------------------------------------------------------


def test_working_group_set_creates_then_updates(world, admin):
    gov = Dimension.objects.get(code="GOV")
    pokja = services.working_group_set(
        actor=admin, region=world.region_a, dimension=gov, leading_agency=world.agency_a2, lead_name="Kadis"
    )
    again = services.working_group_set(
        actor=admin,
        region=world.region_a,
        dimension=gov,
        leading_agency=world.agency_a,
        expected_version=pokja.row_version,
    )
    assert again.pk == pokja.pk and again.leading_agency == world.agency_a and again.row_version == 2
    assert WorkingGroup.objects.filter(region=world.region_a).count() == 1
    assert list(
        AuditEvent.objects.filter(object_type="organisation.workinggroup").values_list("action", flat=True)
    ) == ["update", "create"]


def test_working_group_refuses_other_regions_agency_and_wrong_decree(world, admin, sk_dewan):
    gov = Dimension.objects.get(code="GOV")
    with pytest.raises(ValidationError) as exc:
        services.working_group_set(
            actor=admin, region=world.region_a, dimension=gov, leading_agency=world.agency_b
        )
    assert "leading_agency" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.working_group_set(
            actor=admin, region=world.region_a, dimension=gov, leading_agency=world.agency_a, decree=sk_dewan
        )
    assert "decree" in exc.value.message_dict
    assert WorkingGroup.objects.count() == 0 and audit_count(WorkingGroup) == 0


def test_working_group_delete(world, admin):
    pokja = services.working_group_set(
        actor=admin,
        region=world.region_a,
        dimension=Dimension.objects.get(code="ENV"),
        leading_agency=world.agency_a,
    )
    services.working_group_delete(actor=admin, working_group=pokja, expected_version=1)
    assert WorkingGroup.objects.count() == 0
    assert AuditEvent.objects.filter(object_type="organisation.workinggroup", action="delete").exists()


# --- forum meetings -----------------------------------------------------------------------


def test_meeting_create_update_delete(world, admin):
    meeting = services.forum_meeting_create(
        actor=admin,
        region=world.region_a,
        date=dt.date(2024, 6, 10),
        title="Rapat Persiapan Forum Evaluasi",
        place="Aula Dinas Kominfotiksan",
        attendees=40,
        minutes="Rekap: 74 program, 142 rencana aksi.",
        minutes_file=pdf("notulen.pdf"),
    )
    assert meeting.minutes_file.name.startswith("forum/")
    meeting = services.forum_meeting_update(
        actor=admin, meeting=meeting, data={"attendees": 41, "minutes_file": None}, expected_version=1
    )
    assert meeting.attendees == 41 and meeting.minutes_file.name.startswith("forum/")
    services.forum_meeting_delete(actor=admin, meeting=meeting, expected_version=2)
    assert ForumMeeting.objects.count() == 0
    assert list(
        AuditEvent.objects.filter(object_type="organisation.forummeeting").values_list("action", flat=True)
    ) == ["delete", "update", "create"]


@pytest.mark.parametrize(
    "field,kwargs",
    [
        ("title", {"title": " "}),
        ("minutes", {"date": timezone.localdate() + dt.timedelta(days=7), "minutes": "Belum terjadi"}),
        ("attendees", {"attendees": -1}),
        ("minutes_file", {"minutes_file": pdf("notulen.txt", b"hello")}),
    ],
)
def test_meeting_create_refused(world, admin, field, kwargs):
    data = {"date": dt.date(2024, 1, 1), "title": "Forum"} | kwargs
    with pytest.raises(ValidationError) as exc:
        services.forum_meeting_create(actor=admin, region=world.region_a, **data)
    assert field in exc.value.message_dict
    assert ForumMeeting.objects.count() == 0 and audit_count(ForumMeeting) == 0


def test_future_meeting_without_minutes_is_fine(world, admin):
    meeting = services.forum_meeting_create(
        actor=admin, region=world.region_a, date=timezone.localdate() + dt.timedelta(days=14), title="Forum"
    )
    assert meeting.pk


# --- concurrent edits ---------------------------------------------------------------------


def test_two_editors_second_gets_conflict_and_nothing_is_lost(world, admin):
    coordinator = world.users["coordinator_a"]
    agency = world.agency_a2
    seen_by_both = agency.row_version
    services.agency_update(
        actor=admin, agency=agency, data={"name": "Dinas Kominfotiksan"}, expected_version=seen_by_both
    )
    with pytest.raises(ConflictError) as exc:
        services.agency_update(
            actor=coordinator,
            agency=agency,
            data={"name": "Dinas Kominfo Lain"},
            expected_version=seen_by_both,
        )
    assert exc.value.current == {"name": "Dinas Kominfotiksan"}
    agency.refresh_from_db()
    assert agency.name == "Dinas Kominfotiksan" and agency.row_version == seen_by_both + 1
    assert AuditEvent.objects.filter(object_id=str(agency.pk), action="update").count() == 1


def _editable(kind, world, admin, sk_dewan):
    """One object of ``kind`` and how to update and delete it with an expected version."""
    if kind == "decree":
        obj = sk_dewan

        def update(v):
            return services.decree_update(actor=admin, decree=obj, data={"title": "T"}, expected_version=v)

        def delete(v):
            return services.decree_delete(actor=admin, decree=obj, expected_version=v)

    elif kind == "member":
        obj = services.body_member_create(actor=admin, region=world.region_a, body="dewan", name="A")

        def update(v):
            return services.body_member_update(
                actor=admin, member=obj, data={"name": "B"}, expected_version=v
            )

        def delete(v):
            return services.body_member_delete(actor=admin, member=obj, expected_version=v)

    elif kind == "meeting":
        obj = services.forum_meeting_create(
            actor=admin, region=world.region_a, date=dt.date(2024, 1, 1), title="F"
        )

        def update(v):
            return services.forum_meeting_update(
                actor=admin, meeting=obj, data={"title": "G"}, expected_version=v
            )

        def delete(v):
            return services.forum_meeting_delete(actor=admin, meeting=obj, expected_version=v)

    else:
        dim = Dimension.objects.get(code="SOC")
        obj = services.working_group_set(
            actor=admin, region=world.region_a, dimension=dim, leading_agency=world.agency_a
        )

        def update(v):
            return services.working_group_set(
                actor=admin,
                region=world.region_a,
                dimension=dim,
                leading_agency=world.agency_a2,
                expected_version=v,
            )

        def delete(v):
            return services.working_group_delete(actor=admin, working_group=obj, expected_version=v)

    return obj, update, delete


@pytest.mark.parametrize("kind", ["decree", "member", "meeting", "pokja"])
def test_stale_version_conflicts_for_every_kind(world, admin, sk_dewan, kind):
    obj, update, delete = _editable(kind, world, admin, sk_dewan)
    update(1)
    with pytest.raises(ConflictError):
        update(1)
    with pytest.raises(ConflictError):
        delete(1)
    assert type(obj).objects.filter(pk=obj.pk).exists()
    delete(2)
    with pytest.raises(ConflictError):  # deleted meanwhile: the other editor is told, nothing breaks
        update(2)
