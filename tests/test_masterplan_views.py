"""The plan editor's pages: inline HTMX edits, refused input, conflicts between two editors."""

from kotacerdas.masterplans.models import ActionPlan, Programme

from .masterplan_data import small_plan


def _action_post(action, **changes):
    data = {
        "code": action.code,
        "name": action.name,
        "agency": action.agency.code,
        "start_year": action.start_year,
        "end_year": action.end_year,
        "row_version": action.row_version,
        "budget_2024_APBD": "250000000",
    }
    data.update(changes)
    return data


def test_two_coordinators_edit_the_same_action_in_the_page(world):
    small = small_plan(world)
    url = f"/rencana-induk/52.04/aksi/{small.action.uid}/ubah/"
    first, second = world.client_for("coordinator_a"), world.client_for("ministry_admin")
    seen = _action_post(small.action)  # both opened the form at the same version
    assert first.post(url, {**seen, "name": "Nama dari Ani"}, HTTP_HX_REQUEST="true").status_code == 200
    refused = second.post(url, {**seen, "name": "Nama dari Budi"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 409
    assert "Nama dari Ani" in refused.content.decode()  # the other person's change is shown
    assert refused["HX-Retarget"].endswith(".action-form")  # the form stays where it was
    assert ActionPlan.objects.get(pk=small.action.pk).name == "Nama dari Ani"
    # the re-shown form carries the current version: saving again is a knowing overwrite
    current = ActionPlan.objects.get(pk=small.action.pk).row_version
    assert f'value="{current}"' in refused.content.decode()
    again = second.post(
        url, {**seen, "name": "Nama dari Budi", "row_version": current}, HTTP_HX_REQUEST="true"
    )
    assert again.status_code == 200
    assert ActionPlan.objects.get(pk=small.action.pk).name == "Nama dari Budi"


def test_refused_action_writes_nothing_and_shows_errors(world):
    small = small_plan(world)
    client = world.client_for("coordinator_a")
    url = f"/rencana-induk/52.04/program/{small.programme.uid}/aksi/tambah/"
    response = client.post(
        url,
        _action_post(small.action, code="GOV-01.09", agency="diskominfo", budget_2024_APBD="-1"),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "budgets" in str(response.context["form"].errors) or response.context["form"].non_field_errors()
    assert not ActionPlan.objects.filter(code="GOV-01.09").exists()


def test_htmx_programme_add_redirects_to_the_new_programme(world):
    small = small_plan(world)
    client = world.client_for("coordinator_a")
    response = client.post(
        "/rencana-induk/52.04/program/tambah/",
        {
            "dimension": "BRD",
            "code": "BRD-01",
            "name": "Promosi Discover Sumbawa",
            "subdimension": "BRD-1",
            "agency": "diskominfo",
            "horizon": "short",
            "start_year": 2024,
            "end_year": 2025,
        },
        HTTP_HX_REQUEST="true",
    )
    programme = Programme.objects.get(version=small.version, code="BRD-01")
    assert response.status_code == 200
    assert response["HX-Redirect"].endswith(f"#p-{programme.uid}")


def test_officer_sees_edit_only_on_own_items(world):
    small = small_plan(world)
    page = world.client_for("officer_a").get("/rencana-induk/52.04/").content.decode()
    assert f"/aksi/{small.own_action.uid}/ubah/" in page
    assert f"/aksi/{small.action.uid}/ubah/" not in page
    assert f"/program/{small.programme.uid}/hapus/" not in page


def test_tree_filters(world):
    small = small_plan(world)
    client = world.client_for("pendamping")
    by_agency = client.get("/rencana-induk/52.04/?opd=disdukcapil").context["tree"]
    governance = by_agency[0]
    assert [p.code for p in governance.programmes] == [small.programme.code]
    assert [a.code for a in governance.programmes[0].actions.all()] == [small.own_action.code]
    none = client.get("/rencana-induk/52.04/?q=tidak-ada-yang-cocok").context["tree"]
    assert sum(n.programme_count for n in none) == 0


def test_plan_page_query_count_does_not_grow(world):
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kotacerdas.masterplans import services
    from kotacerdas.programme.models import SubDimension

    small = small_plan(world)
    client = world.client_for("officer_a")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/rencana-induk/52.04/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(2, 6):
        programme = services.programme_create(
            actor=world.users["coordinator_a"],
            version=small.version,
            code=f"GOV-0{i}",
            name=f"Program {i}",
            subdimension=SubDimension.objects.get(code="GOV-2"),
            agency=world.agency_a,
            start_year=2024,
            end_year=2025,
        )
        for j in range(1, 4):
            services.action_create(
                actor=world.users["coordinator_a"],
                programme=programme,
                code=f"GOV-0{i}.0{j}",
                name="Aksi",
                agency=world.agency_a,
                start_year=2024,
                end_year=2024,
                budgets=[(2024, "APBD", Decimal(5))],
                targets=[(2024, Decimal(1))],
            )
    assert count() == before
