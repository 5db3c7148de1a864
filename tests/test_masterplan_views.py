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
    assert refused["HX-Retarget"] == f"#a-{small.action.uid}"  # the form stays in the action's row
    assert f'id="a-{small.action.uid}"' in refused.content.decode()
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


# ---------------------------------------------------------------- numbers, budget totals, the editor's views


def _sumbawa_like(world):
    """The small plan plus a second dimension, three sources and budgets over several years.

    Budgets (Rp):                          2024          2025          2026
      GOV-01.01 Diskominfo  APBD     250.000.000
      GOV-01.02 Disdukcapil APBD                   40.000.000
      GOV-02.01 Disdukcapil APBN      10.000.000                   5.500.000,50
      BRD-01.01 Diskominfo  NON_APBD                408.000.000
      BRD-01.01 Diskominfo  APBD                    12.000.000
    """
    from decimal import Decimal

    from kotacerdas.masterplans import services
    from kotacerdas.programme.models import SubDimension

    small = small_plan(world)
    coordinator = world.users["coordinator_a"]
    services.action_update(
        actor=coordinator,
        action=small.own_action,
        data={"start_year": 2025, "end_year": 2025},
        expected_version=None,
        budgets=[(2025, "APBD", Decimal(40_000_000))],
        targets=[(2025, Decimal("12.5"))],
    )
    gov2 = services.programme_create(
        actor=coordinator,
        version=small.version,
        code="GOV-02",
        name="Satu Data Sumbawa",
        subdimension=SubDimension.objects.get(code="GOV-2"),
        agency=world.agency_a,
        start_year=2024,
        end_year=2026,
    )
    services.action_create(
        actor=coordinator,
        programme=gov2,
        code="GOV-02.01",
        name="Portal data",
        agency=world.agency_a,
        start_year=2024,
        end_year=2026,
        budgets=[(2024, "APBN", Decimal(10_000_000)), (2026, "APBN", Decimal("5500000.50"))],
    )
    brd = services.programme_create(
        actor=coordinator,
        version=small.version,
        code="BRD-01",
        name="Promosi Discover Sumbawa",
        subdimension=SubDimension.objects.get(code="BRD-1"),
        agency=world.agency_a2,
        start_year=2025,
        end_year=2026,
    )
    services.action_create(
        actor=coordinator,
        programme=brd,
        code="BRD-01.01",
        name="Festival Moyo",
        agency=world.agency_a2,
        start_year=2025,
        end_year=2025,
        budgets=[(2025, "NON_APBD", Decimal(408_000_000)), (2025, "APBD", Decimal(12_000_000))],
    )
    return small, gov2, brd


def test_budget_totals_per_programme_dimension_agency_and_year(world):
    from decimal import Decimal

    small, gov2, brd = _sumbawa_like(world)
    response = world.client_for("pendamping").get("/rencana-induk/52.04/")
    assert response.status_code == 200
    budget = response.context["budget"]
    assert budget.per_programme == {
        small.programme.pk: Decimal(290_000_000),
        gov2.pk: Decimal("15500000.50"),
        brd.pk: Decimal(420_000_000),
    }
    dims = {row["dimension"].code: row for row in budget.per_dimension}
    assert dims["GOV"]["by_source"] == {
        "APBD": Decimal(290_000_000),
        "APBN": Decimal("15500000.50"),
        "NON_APBD": Decimal(0),
    }
    assert dims["GOV"]["total"] == Decimal("305500000.50")
    assert dims["BRD"]["by_source"]["NON_APBD"] == Decimal(408_000_000)
    assert dims["BRD"]["total"] == Decimal(420_000_000)
    assert dims["ECO"]["total"] == 0
    agencies = {row["acronym"]: row["total"] for row in budget.per_agency}
    assert agencies == {"Diskominfo": Decimal(670_000_000), "Disdukcapil": Decimal("55500000.50")}
    assert [row["acronym"] for row in budget.per_agency] == ["Diskominfo", "Disdukcapil"]  # largest first
    years = {row["year"]: row for row in budget.per_year}
    assert sorted(years) == [2024, 2025, 2026, 2027, 2028]  # every year of the plan
    assert years[2024]["total"] == Decimal(260_000_000)
    assert years[2025]["by_source"] == {
        "APBD": Decimal(52_000_000),
        "APBN": Decimal(0),
        "NON_APBD": Decimal(408_000_000),
    }
    assert years[2026]["total"] == Decimal("5500000.50")
    assert years[2027]["total"] == 0
    assert budget.total == Decimal("725500000.50")
    assert budget.per_source == {
        "APBD": Decimal(302_000_000),
        "APBN": Decimal("15500000.50"),
        "NON_APBD": Decimal(408_000_000),
    }
    page = response.content.decode()
    # shown as Indonesians write them; the chart's data travels in a json_script tag
    assert "725.500.001" in page and "408.000.000" in page and "305.500.001" in page
    assert "15.500.001" in page  # the programme's total in its header (whole rupiah)
    chart = response.context["budget_chart"]
    assert chart["labels"][:2] == [dims["GOV"]["dimension"].label, dims["BRD"]["dimension"].label]
    # one data set per source (APBD, APBN, non-APBD), one value per dimension, whole rupiah
    assert [d["data"][:2] for d in chart["datasets"]] == [
        [290_000_000, 12_000_000],
        [15_500_000, 0],
        [0, 408_000_000],
    ]
    assert 'id="budget-chart-data" type="application/json"' in page


def test_budget_totals_in_english_use_english_separators(world):
    _sumbawa_like(world)
    client = world.client_for("pendamping")
    page = client.get("/rencana-induk/52.04/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "725,500,001" in page and "408,000,000" in page
    assert "725.500.001" not in page


def test_one_dimension_at_a_time_with_counts_per_dimension(world):
    small, _gov2, brd = _sumbawa_like(world)
    client = world.client_for("coordinator_a")
    first = client.get("/rencana-induk/52.04/")
    assert [n.dimension.code for n in first.context["tree"]] == ["GOV"]  # the first dimension
    page = first.content.decode()
    assert f'id="p-{small.programme.uid}"' in page and f'id="p-{brd.uid}"' not in page
    counts = {c["dimension"].code: (c["programmes"], c["actions"]) for c in first.context["counts"]}
    assert counts["GOV"] == (2, 3) and counts["BRD"] == (1, 1) and counts["ECO"] == (0, 0)
    assert "dimensi=BRD" in page  # a tab per dimension
    branding = client.get("/rencana-induk/52.04/?dimensi=BRD")
    assert [p.code for n in branding.context["tree"] for p in n.programmes] == ["BRD-01"]
    every = client.get("/rencana-induk/52.04/?dimensi=semua")
    assert sorted(p.code for n in every.context["tree"] for p in n.programmes) == [
        "BRD-01",
        "GOV-01",
        "GOV-02",
    ]
    # a filter starts on the first dimension with a match and counts the matches
    searched = client.get("/rencana-induk/52.04/?q=Moyo")
    assert [n.dimension.code for n in searched.context["tree"]] == ["BRD"]
    assert {c["dimension"].code: c["matching"] for c in searched.context["counts"]}["GOV"] == 0


def test_the_add_programme_form_is_rendered_once_on_request(world):
    small_plan(world)
    client = world.client_for("coordinator_a")
    page = client.get("/rencana-induk/52.04/").content.decode()
    assert 'name="subdimension"' not in page  # no form copies in the page
    form = client.get("/rencana-induk/52.04/program/tambah/?dimensi=BRD", HTTP_HX_REQUEST="true")
    assert form.status_code == 200
    html = form.content.decode()
    assert html.count('name="subdimension"') == 1 and 'value="BRD"' in html
    assert "BRD-1" in html and "GOV-1" not in html  # only the dimension's sub-dimensions
    assert world.client_for("officer_a").get("/rencana-induk/52.04/program/tambah/").status_code == 403


def test_officer_first_sees_their_agency_items_and_can_clear_the_filter(world):
    _sumbawa_like(world)
    client = world.client_for("officer_a")  # an officer of Disdukcapil
    response = client.get("/rencana-induk/52.04/")
    assert response.context["default_own"] and response.context["filters"]["opd"] == "disdukcapil"
    shown = {a.code for n in response.context["tree"] for p in n.programmes for a in p.actions.all()}
    assert shown == {"GOV-01.02", "GOV-02.01"}  # only Disdukcapil's actions
    page = response.content.decode()
    assert "Pengembangan aplikasi SiLAMO" not in page  # Diskominfo's action is not shown
    assert "opd=" in page  # the way back to every agency
    cleared = client.get("/rencana-induk/52.04/?opd=")
    assert not cleared.context["default_own"] and not cleared.context["filtered"]
    shown = {a.code for n in cleared.context["tree"] for p in n.programmes for a in p.actions.all()}
    assert shown == {"GOV-01.01", "GOV-01.02", "GOV-02.01"}
    # the plan's editors start with everything
    assert not world.client_for("coordinator_a").get("/rencana-induk/52.04/").context["filtered"]


def test_budget_and_target_inputs_read_indonesian_numbers(world):
    from decimal import Decimal

    small = small_plan(world)
    client = world.client_for("coordinator_a")
    url = f"/rencana-induk/52.04/aksi/{small.action.uid}/ubah/"
    data = _action_post(small.action, budget_2024_APBD="408.000.000", target_2025="12,5", baseline="1.250,75")
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    action = ActionPlan.objects.get(pk=small.action.pk)
    assert [(b.year, b.source, b.amount) for b in action.budgets.all()] == [
        (2024, "APBD", Decimal(408_000_000))
    ]
    assert [(t.year, t.value) for t in action.targets.all()] == [(2025, Decimal("12.5"))]
    assert action.baseline == Decimal("1250.75")
    assert 'class="saved"' in response.content.decode()  # the "Saved" confirmation in the row
    # the form shows them back the same way, without trailing zeros
    form = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'value="408.000.000"' in form and 'value="12,5"' in form and 'value="1.250,75"' in form


def test_budget_and_target_inputs_read_english_numbers(world):
    from decimal import Decimal

    small = small_plan(world)
    client = world.client_for("coordinator_a")
    url = f"/rencana-induk/52.04/aksi/{small.action.uid}/ubah/"
    data = _action_post(small.action, budget_2024_APBD="408,000,000", target_2025="12.5")
    assert client.post(url, data, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    action = ActionPlan.objects.get(pk=small.action.pk)
    assert action.budgets.get().amount == Decimal(408_000_000)
    assert action.targets.get(year=2025).value == Decimal("12.5")
    form = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="408,000,000"' in form and 'value="12.5"' in form


def test_badly_written_numbers_are_refused_with_a_clear_message(world):
    from django.utils import translation

    small = small_plan(world)
    client = world.client_for("coordinator_a")
    url = f"/rencana-induk/52.04/aksi/{small.action.uid}/ubah/"
    before = ActionPlan.objects.get(pk=small.action.pk)
    for bad, field in (
        ("12,5,3", "budget_2024_APBD"),
        ("dua juta", "budget_2024_APBD"),
        ("12.5", "target_2024"),
    ):
        response = client.post(url, _action_post(small.action, **{field: bad}), HTTP_HX_REQUEST="true")
        assert response.status_code == 400
        assert field in response.context["form"].errors
        assert "408.000.000" in response.content.decode()  # the message shows the expected form
    with translation.override("en"):
        response = client.post(
            url, _action_post(small.action, budget_2024_APBD="12,5,3"), HTTP_ACCEPT_LANGUAGE="en"
        )
        message = str(response.context["form"].errors["budget_2024_APBD"])
        assert "Group thousands by three" in message and "408,000,000" in message
    after = ActionPlan.objects.get(pk=small.action.pk)
    assert after.row_version == before.row_version
    assert [b.amount for b in after.budgets.all()] == [b.amount for b in before.budgets.all()]


def test_only_the_years_of_the_action_are_offered(world):
    small = small_plan(world)  # the programme runs 2024-2026, the action 2024-2025, the plan 2024-2028
    client = world.client_for("coordinator_a")
    form = client.get(f"/rencana-induk/52.04/aksi/{small.action.uid}/ubah/").context["form"]
    assert form.years == [2024, 2025, 2026]  # the programme's years, never 2027-2028
    assert [c["year"] for c in form.year_columns() if c["shown"]] == [2024, 2025]
    html = client.get(f"/rencana-induk/52.04/aksi/{small.action.uid}/ubah/").content.decode()
    assert "budget_2027_APBD" not in html
    assert 'data-year="2026" hidden' in html and 'data-year="2025" hidden' not in html
    new = client.get(f"/rencana-induk/52.04/program/{small.programme.uid}/aksi/tambah/").context["form"]
    assert [c["year"] for c in new.year_columns() if c["shown"]] == [2024]  # a new action starts in one year


def test_plan_page_queries_are_pinned(world, django_assert_num_queries):
    _sumbawa_like(world)
    client = world.client_for("coordinator_a")
    client.get("/rencana-induk/52.04/")  # the session and the caches are warm
    # 14: session, user, memberships; the plan's versions (with the plan and the region: the
    # version shown and the version menu, no separate region read), agencies, dimensions,
    # counts (programmes and actions, quick wins), programmes, actions, budget rows, targets;
    # the navigation's regions; the bell's unread count (the layout). Was 17 (+ the bell) before
    # the region, the plan and the version menu were read with the version, and the actions'
    # budgets with the totals.
    with django_assert_num_queries(14):
        assert client.get("/rencana-induk/52.04/?dimensi=semua").status_code == 200


def test_the_programme_blocks_escape_what_people_typed(world):
    """The blocks are written in Python (masterplans/editor_rows.py): every value is escaped."""
    from kotacerdas.masterplans import services

    small = small_plan(world)
    coordinator = world.users["coordinator_a"]
    services.programme_update(
        actor=coordinator,
        programme=small.programme,
        data={"name": "<img src=x onerror=alert(1)> & co"},
        expected_version=None,
    )
    services.action_update(
        actor=coordinator,
        action=small.action,
        data={"name": '<script>alert("x")</script>', "indicator": "Layanan 'daring'", "unit": "<u>"},
        expected_version=None,
    )
    client = world.client_for("coordinator_a")
    page = client.get("/rencana-induk/52.04/").content.decode()
    redrawn = client.get(f"/rencana-induk/52.04/program/{small.programme.uid}/", HTTP_HX_REQUEST="true")
    for html in (page, redrawn.content.decode()):
        assert "<img src=x" not in html and "<script>alert" not in html and "<u>" not in html
        assert "&lt;img src=x onerror=alert(1)&gt; &amp; co" in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
        assert "Layanan &#x27;daring&#x27; (&lt;u&gt;)" in html


def test_a_plan_without_budgets_says_so_in_the_budget_panel(world):
    from django.utils import translation

    from kotacerdas.masterplans import services

    services.plan_create(
        actor=world.users["coordinator_a"],
        region=world.region_a,
        title="Rencana",
        start_year=2024,
        end_year=2028,
    )
    with translation.override("en"):
        page = world.client_for("coordinator_a").get("/rencana-induk/52.04/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "No budget entered yet." in html
    assert '<tr data-dimension="GOV">' in html and '<tr data-year="2028"><td>2028</td>' in html
