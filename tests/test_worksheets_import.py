"""Importing a whole plan from a worksheet: the Sumbawa 2024 plan, all or nothing, matched by code."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kotacerdas.core.models import AuditEvent
from kotacerdas.masterplans import rules, selectors, services
from kotacerdas.masterplans.choices import VersionStatus
from kotacerdas.masterplans.importer import ImportRefused, plan_export, plan_import
from kotacerdas.masterplans.models import (
    ActionBudget,
    ActionPlan,
    MasterPlan,
    PlanItemLineage,
    PlanVersion,
    Programme,
    QuickWin,
)
from kotacerdas.masterplans.worksheets import workbook_parse
from kotacerdas.organisation.models import Agency
from kotacerdas.programme.models import Dimension, SubDimension

from .worksheet_data import SUMBAWA_COUNTS, edit_workbook, find_row, sumbawa_file


def _import(world, content: bytes, role: str = "coordinator_a", *, confirm_removals: bool = False):
    """Import as ``role``; with ``confirm_removals`` the removals the preview lists are confirmed."""
    parsed = workbook_parse(content, region=world.region_a)
    assert not isinstance(parsed, list), [e.as_dict() for e in parsed[:10]]
    confirm = []
    if confirm_removals:
        preview = plan_import(actor=world.users[role], region=world.region_a, parsed=parsed, dry_run=True)
        confirm = [c.key for c in preview.changes if c.action == "remove"]
    return plan_import(actor=world.users[role], region=world.region_a, parsed=parsed, confirm=confirm)


def _import_events(world) -> int:
    return AuditEvent.objects.filter(action="import", region=world.region_a).count()


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


@pytest.fixture
def sumbawa(world):
    content, plan = sumbawa_file(world)
    result = _import(world, content)
    return content, plan, result


def test_sumbawa_2024_imports_with_its_counts_budgets_and_quick_wins(world, sumbawa):
    _content, plan, result = sumbawa
    version = result.version
    assert result.plan_created and result.changed
    assert result.counts["programmes"].added == 74
    assert result.counts["actions"].added == 142
    assert result.counts["quick_wins"].added == 6
    counts = {
        c["dimension"].code: (c["programmes"], c["actions"])
        for c in selectors.counts_per_dimension(version=version)
    }
    assert counts == SUMBAWA_COUNTS
    assert sum(p for p, _a in counts.values()) == 74 and sum(a for _p, a in counts.values()) == 142
    # the budget totals are those of the file, per source too
    summary = selectors.budget_summary(version=version)
    assert summary["total"] == sum(b.amount for b in plan.budgets)
    for source in ("APBD", "APBN", "NON_APBD"):
        assert summary["totals"][source] == sum(
            (b.amount for b in plan.budgets if b.source == source), Decimal(0)
        )
    # a quick win in every dimension
    facts = selectors.plan_facts(version)
    assert not [p for p in rules.check_completeness(facts) if p.code == "dimension_without_quick_win"]
    assert not rules.check_plan(facts)
    assert set(QuickWin.objects.filter(version=version).values_list("acronym", flat=True)) == {
        "SiLAMO",
        "Discover Sumbawa",
        "SiJINAK",
        "e-Puskesmas",
        "SiPATARA",
        "Go-SIPS",
    }
    # one audit event, with the counts
    events = AuditEvent.objects.filter(action="import", region=world.region_a)
    assert events.count() == 1
    changes = events.get().changes
    assert changes["programmes.added"] == [None, 74] and changes["actions.added"] == [None, 142]
    assert AuditEvent.objects.filter(object_type="masterplans.actionplan").count() == 0
    # the header and the optional sheets
    assert version.vision == plan.vision
    assert list(version.missions.values_list("text", flat=True)) == plan.missions
    assert version.readiness.filter(score__isnull=False).count() == 5
    assert version.swot_items.count() == 3 and version.roadmap_items.count() == 6
    # file order is the editor's order
    tree = selectors.plan_tree(version=version)
    assert [p.code for p in tree[0].programmes][:3] == ["GOV-01", "GOV-02", "GOV-03"]


def test_removing_a_quick_win_row_makes_its_dimension_incomplete(world, sumbawa):
    content, _plan, result = sumbawa

    def remove_env_quick_win(wb):
        ws = wb["Quick Win"]
        ws.delete_rows(find_row(ws, 1, "QW-ENV"))

    again = _import(world, edit_workbook(content, remove_env_quick_win), confirm_removals=True)
    assert again.counts["quick_wins"].deleted == 1 and again.counts["quick_wins"].unchanged == 5
    missing = [
        p
        for p in rules.check_completeness(selectors.plan_facts(result.version))
        if p.code == "dimension_without_quick_win"
    ]
    assert [p.values["dimension"] for p in missing] == ["ENV"]


def test_every_imported_item_has_its_lineage_row(world, sumbawa):
    version = sumbawa[2].version
    lineages = {
        item.lineage
        for model in (Programme, ActionPlan, QuickWin)
        for item in model.objects.filter(version=version)
    }
    assert len(lineages) == 74 + 142 + 6
    rows = PlanItemLineage.objects.filter(pk__in=lineages)
    assert rows.count() == len(lineages)
    assert set(rows.values_list("plan_id", flat=True)) == {version.plan_id}


def test_export_then_import_changes_nothing(world, sumbawa):
    _content, _plan, result = sumbawa
    version = PlanVersion.objects.get(pk=result.version.pk)
    exported = plan_export(version)
    events = AuditEvent.objects.count()
    stamps = dict(ActionPlan.objects.values_list("pk", "updated_at"))
    with CaptureQueriesContext(connection) as queries:
        again = _import(world, exported)
    assert not again.changed
    assert again.total.unchanged == 74 + 142 + 6
    assert _writes(queries.captured_queries) == []
    assert AuditEvent.objects.count() == events
    assert dict(ActionPlan.objects.values_list("pk", "updated_at")) == stamps
    assert PlanVersion.objects.get(pk=version.pk).row_version == version.row_version


def test_a_plan_made_in_the_editor_exports_and_imports_unchanged(world):
    """Positions with gaps and interleaved dimensions (the editor's) survive the round trip."""
    actor = world.users["coordinator_a"]
    plan = services.plan_create(
        actor=actor, region=world.region_a, title="Rencana", start_year=2024, end_year=2028
    )
    draft = plan.versions.get()
    made = []
    for code, sub in [("GOV-01", "GOV-1"), ("ENV-01", "ENV-1"), ("GOV-02", "GOV-2"), ("GOV-03", "GOV-3")]:
        made.append(
            services.programme_create(
                actor=actor,
                version=draft,
                code=code,
                name=f"Program {code}",
                subdimension=SubDimension.objects.get(code=sub),
                agency=world.agency_a,
                start_year=2024,
                end_year=2026,
            )
        )
    for i in range(1, 4):
        services.action_create(
            actor=actor,
            programme=made[0],
            code=f"GOV-01.{i}",
            name=f"Aksi {i}",
            agency=world.agency_a2,
            start_year=2024,
            end_year=2025,
            budgets=[(2024, "APBD", Decimal("1000000.10"))],
            targets=[(2025, Decimal("3"))],
        )
    services.programme_delete(actor=actor, programme=made[2])  # a gap in the positions
    services.action_delete(actor=actor, action=ActionPlan.objects.get(code="GOV-01.2"))
    services.quick_win_create(
        actor=actor,
        version=draft,
        code="QW-1",
        name="SiLAMO",
        dimension=Dimension.objects.get(code="GOV"),
        agency=world.agency_a,
        target_year=2024,
    )
    events = AuditEvent.objects.count()
    again = _import(world, plan_export(draft))
    assert not again.changed, again.as_dict()
    assert AuditEvent.objects.count() == events


def test_update_by_code_keeps_the_item(world, sumbawa):
    _content, _plan, result = sumbawa
    action = ActionPlan.objects.get(version=result.version, code="GOV-01.01")
    programme = Programme.objects.get(version=result.version, code="GOV-01")
    exported = plan_export(result.version)

    def rename(wb):
        ws = wb["Rencana Aksi"]
        ws.cell(row=find_row(ws, 1, "GOV-01.01"), column=3, value="Nama baru")

    events = _import_events(world)
    again = _import(world, edit_workbook(exported, rename))
    assert again.counts["actions"].updated == 1
    assert again.counts["actions"].unchanged == 141
    assert again.counts["programmes"].unchanged == 74
    renamed = ActionPlan.objects.get(version=result.version, code="GOV-01.01")
    assert (renamed.pk, renamed.uid, renamed.lineage) == (action.pk, action.uid, action.lineage)
    assert renamed.name == "Nama baru" and renamed.row_version == action.row_version + 1
    assert Programme.objects.get(pk=programme.pk).uid == programme.uid
    assert _import_events(world) == events + 1


def test_budget_change_updates_the_action_only(world, sumbawa):
    _content, _plan, result = sumbawa
    exported = plan_export(result.version)
    wb = openpyxl.load_workbook(io.BytesIO(exported))
    code = wb["Anggaran"]["A2"].value
    before = sum(ActionBudget.objects.filter(action__version=result.version).values_list("amount", flat=True))

    def change(wb):
        wb["Anggaran"]["D2"] = wb["Anggaran"]["D2"].value + 1000

    again = _import(world, edit_workbook(exported, change))
    assert again.counts["actions"].updated == 1 and again.counts["actions"].unchanged == 141
    assert selectors.budget_summary(version=result.version)["total"] == before + 1000
    assert ActionPlan.objects.get(version=result.version, code=code).budgets.count() >= 1


def test_missing_rows_are_deleted_and_new_ones_added(world, sumbawa):
    _content, _plan, result = sumbawa
    exported = plan_export(result.version)

    def change(wb):
        actions = wb["Rencana Aksi"]
        row = find_row(actions, 1, "SOC-08.02")
        actions.delete_rows(row)
        for sheet in ("Anggaran", "Target"):
            ws = wb[sheet]
            for r in range(ws.max_row, 1, -1):
                if ws.cell(row=r, column=1).value == "SOC-08.02":
                    ws.delete_rows(r)
        actions.append(["SOC-08.09", "SOC-08", "Aksi baru", "dinsos", 2025, 2026, "Jumlah", "unit", 0])
        wb["Anggaran"].append(["SOC-08.09", 2025, "APBD", 5_000_000])

    edited = edit_workbook(exported, change)
    unconfirmed = _import(world, edited)  # the removal waits for a confirmation
    assert (unconfirmed.counts["actions"].added, unconfirmed.counts["actions"].deleted) == (1, 0)
    assert [c.code for c in unconfirmed.changes if c.action == "remove" and not c.applied] == ["SOC-08.02"]
    assert ActionPlan.objects.filter(version=result.version, code="SOC-08.02").exists()
    again = _import(world, edited, confirm_removals=True)
    assert (again.counts["actions"].added, again.counts["actions"].deleted) == (0, 1)
    codes = set(ActionPlan.objects.filter(version=result.version).values_list("code", flat=True))
    assert "SOC-08.09" in codes and "SOC-08.02" not in codes
    assert ActionPlan.objects.filter(version=result.version).count() == 142


def test_deleting_a_programme_row_deletes_its_actions_and_unlinks_quick_wins(world, sumbawa):
    _content, _plan, result = sumbawa
    exported = plan_export(result.version)

    def change(wb):
        programmes = wb["Program"]
        programmes.delete_rows(find_row(programmes, 1, "GOV-09"))
        for sheet in ("Rencana Aksi", "Anggaran", "Target"):
            ws = wb[sheet]
            for r in range(ws.max_row, 1, -1):
                value = ws.cell(row=r, column=1).value
                if value and str(value).startswith("GOV-09."):
                    ws.delete_rows(r)

    again = _import(world, edit_workbook(exported, change), confirm_removals=True)
    assert again.counts["programmes"].deleted == 1
    assert again.counts["actions"].deleted == SUMBAWA_COUNTS["GOV"][1] // 9  # GOV-09 had 2 actions
    assert not Programme.objects.filter(version=result.version, code="GOV-09").exists()


def test_a_submitted_plan_needs_a_new_version_first(world, sumbawa):
    content, _plan, result = sumbawa
    PlanVersion.objects.filter(pk=result.version.pk).update(status=VersionStatus.SUBMITTED)
    before = ActionPlan.objects.count()
    with pytest.raises(ImportRefused) as exc:
        _import(world, content)
    error = exc.value.rows[0]
    assert (error.sheet, error.column) == ("Rencana", "Nilai")
    with translation.override("en"):
        with pytest.raises(ImportRefused) as exc:
            _import(world, content)
        assert "start a new version first" in exc.value.rows[0].message
    assert ActionPlan.objects.count() == before
    # with a new draft (a copy, lineage kept) the import goes into the draft
    draft = services.version_new_draft(actor=world.users["coordinator_a"], plan=result.plan)
    old = ActionPlan.objects.get(version=result.version, code="GOV-01.01")
    again = _import(world, content)
    assert again.version.pk == draft.pk and not again.changed
    assert ActionPlan.objects.get(version=draft, code="GOV-01.01").lineage == old.lineage


def test_import_needs_masterplan_change(world):
    content, _plan = sumbawa_file(world, small=True)
    for role in ("officer_a", "pendamping", "coordinator_b"):
        with pytest.raises(PermissionDenied):
            _import(world, content, role=role)
    assert MasterPlan.objects.count() == 0


def test_title_and_years_of_an_existing_plan(world):
    content, _plan = sumbawa_file(world, small=True)
    result = _import(world, content)

    def retitle(wb):
        wb["Rencana"]["B4"] = "Judul baru"
        wb["Rencana"]["B6"] = 2029

    again = _import(world, edit_workbook(content, retitle))
    assert again.header_changes[:2] == ["title", "end_year"]
    plan = MasterPlan.objects.get(pk=result.plan.pk)
    assert (plan.title, plan.end_year) == ("Judul baru", 2029)


def test_a_new_period_starts_a_new_plan(world):
    content, _plan = sumbawa_file(world, small=True)
    _import(world, content)
    later, _plan = sumbawa_file(world, small=True, start_year=2029)
    result = _import(world, later)
    assert result.plan_created and result.plan.start_year == 2029
    assert MasterPlan.objects.filter(region=world.region_a).count() == 2


# ---------------------------------------------------------------- identity: lineage first, code second


def _rename_everywhere(old: str, new: str):
    """Rename an action's code on its row and in the budget and target sheets."""

    def edit(wb):
        for sheet in ("Rencana Aksi", "Anggaran", "Target"):
            for row in wb[sheet].iter_rows(min_row=2):
                if row[0].value == old:
                    row[0].value = new

    return edit


def test_the_export_carries_each_items_lineage_and_version_in_hidden_columns(world, sumbawa):
    _content, _plan, result = sumbawa
    wb = openpyxl.load_workbook(io.BytesIO(plan_export(result.version)))
    for sheet, model in (("Program", Programme), ("Rencana Aksi", ActionPlan), ("Quick Win", QuickWin)):
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        lineage_col, version_col = header.index("ID") + 1, header.index("Versi") + 1
        assert ws.column_dimensions[openpyxl.utils.get_column_letter(lineage_col)].hidden
        item = model.objects.filter(version=result.version).order_by("pk").first()
        row = find_row(ws, 1, item.code)
        assert ws.cell(row=row, column=lineage_col).value == str(item.lineage)
        assert ws.cell(row=row, column=version_col).value == item.row_version
    rencana = {row[0].value: row[1].value for row in wb["Rencana"].iter_rows(min_row=2)}
    assert rencana["Diekspor"]  # the export time


def test_renaming_an_actions_code_keeps_its_pk_uid_and_lineage(world, sumbawa):
    _content, _plan, result = sumbawa
    action = ActionPlan.objects.get(version=result.version, code="GOV-01.01")
    budgets = sorted(action.budgets.values_list("year", "source", "amount"))
    again = _import(
        world, edit_workbook(plan_export(result.version), _rename_everywhere("GOV-01.01", "GOV-01.99"))
    )
    assert (
        again.counts["actions"].updated,
        again.counts["actions"].added,
        again.counts["actions"].deleted,
    ) == (
        1,
        0,
        0,
    )
    renamed = ActionPlan.objects.get(version=result.version, code="GOV-01.99")
    assert (renamed.pk, renamed.uid, renamed.lineage) == (action.pk, action.uid, action.lineage)
    assert sorted(renamed.budgets.values_list("year", "source", "amount")) == budgets
    assert renamed.row_version == action.row_version + 1


def test_two_codes_swapped_keep_their_items(world, sumbawa):
    _content, _plan, result = sumbawa
    a = ActionPlan.objects.get(version=result.version, code="GOV-01.01")
    b = ActionPlan.objects.get(version=result.version, code="GOV-01.02")
    swap = edit_workbook(
        edit_workbook(
            edit_workbook(plan_export(result.version), _rename_everywhere("GOV-01.01", "TMP")),
            _rename_everywhere("GOV-01.02", "GOV-01.01"),
        ),
        _rename_everywhere("TMP", "GOV-01.02"),
    )
    again = _import(world, swap)
    assert again.counts["actions"].updated == 2 and again.counts["actions"].added == 0
    assert ActionPlan.objects.get(pk=a.pk).code == "GOV-01.02"
    assert ActionPlan.objects.get(pk=b.pk).code == "GOV-01.01"


def test_renaming_a_programme_keeps_it_and_its_actions(world, sumbawa):
    _content, _plan, result = sumbawa
    programme = Programme.objects.get(version=result.version, code="ENV-01")
    actions = set(programme.actions.values_list("pk", flat=True))

    def edit(wb):
        wb["Program"].cell(row=find_row(wb["Program"], 1, "ENV-01"), column=1, value="LH-01")
        for sheet, column in (("Rencana Aksi", 2), ("Quick Win", 8)):
            for row in wb[sheet].iter_rows(min_row=2):
                if row[column - 1].value == "ENV-01":
                    row[column - 1].value = "LH-01"

    again = _import(world, edit_workbook(plan_export(result.version), edit))
    assert again.counts["programmes"].updated == 1 and again.counts["programmes"].deleted == 0
    renamed = Programme.objects.get(pk=programme.pk)
    assert (renamed.code, renamed.uid, renamed.lineage) == ("LH-01", programme.uid, programme.lineage)
    assert set(renamed.actions.values_list("pk", flat=True)) == actions


def test_a_row_copied_with_its_id_is_a_new_item(world, sumbawa):
    _content, _plan, result = sumbawa
    original = ActionPlan.objects.get(version=result.version, code="GOV-01.01")

    def copy_row(wb):
        ws = wb["Rencana Aksi"]
        values = [c.value for c in ws[find_row(ws, 1, "GOV-01.01")]]
        ws.insert_rows(2)  # the copy comes first: the original still keeps its identity
        for i, value in enumerate(values, start=1):
            ws.cell(row=2, column=i, value=value)
        ws.cell(row=2, column=1, value="GOV-01.50")

    again = _import(world, edit_workbook(plan_export(result.version), copy_row))
    assert again.counts["actions"].added == 1 and again.counts["actions"].deleted == 0
    copy = ActionPlan.objects.get(version=result.version, code="GOV-01.50")
    assert copy.lineage != original.lineage and copy.uid != original.uid
    kept = ActionPlan.objects.get(pk=original.pk)
    assert (kept.code, kept.lineage) == ("GOV-01.01", original.lineage)


def test_a_row_without_its_id_is_matched_by_code(world, sumbawa):
    _content, _plan, result = sumbawa
    original = ActionPlan.objects.get(version=result.version, code="GOV-01.01")

    def clear_ids(wb):
        ws = wb["Rencana Aksi"]
        column = [c.value for c in ws[1]].index("ID") + 1
        for row in range(2, ws.max_row + 1):
            ws.cell(row=row, column=column, value=None)

    again = _import(world, edit_workbook(plan_export(result.version), clear_ids))
    assert not again.changed
    assert ActionPlan.objects.get(version=result.version, code="GOV-01.01").pk == original.pk


def test_a_bad_id_is_refused_with_its_cell(world, sumbawa):
    _content, _plan, result = sumbawa

    def edit(wb):
        ws = wb["Rencana Aksi"]
        ws.cell(row=2, column=[c.value for c in ws[1]].index("ID") + 1, value="bukan-id")

    errors = workbook_parse(edit_workbook(plan_export(result.version), edit), region=world.region_a)
    assert isinstance(errors, list)
    assert ("Rencana Aksi", 2, "ID") in {(e.sheet, e.row, e.column) for e in errors}


# ---------------------------------------------------------------- preview, conflicts, confirmation


def _counts() -> tuple[int, ...]:
    return (
        MasterPlan.objects.count(),
        Programme.objects.count(),
        ActionPlan.objects.count(),
        QuickWin.objects.count(),
        ActionBudget.objects.count(),
        AuditEvent.objects.count(),
    )


def test_the_preview_lists_every_change_and_writes_nothing(world, sumbawa):
    _content, _plan, result = sumbawa
    exported = plan_export(result.version)

    def edit(wb):
        ws = wb["Rencana Aksi"]
        ws.cell(row=find_row(ws, 1, "GOV-01.01"), column=3, value="Nama baru")
        ws.delete_rows(find_row(ws, 1, "GOV-01.02"))
        for sheet in ("Anggaran", "Target"):
            for r in range(wb[sheet].max_row, 1, -1):
                if wb[sheet].cell(row=r, column=1).value == "GOV-01.02":
                    wb[sheet].delete_rows(r)
        ws.append(["GOV-01.77", "GOV-01", "Aksi baru", "dinsos", 2025, 2026, "Jumlah", "unit", 0])

    before = _counts()
    parsed = workbook_parse(edit_workbook(exported, edit), region=world.region_a)
    with CaptureQueriesContext(connection) as queries:
        preview = plan_import(
            actor=world.users["coordinator_a"], region=world.region_a, parsed=parsed, dry_run=True
        )
    assert _counts() == before
    assert preview.dry_run and len(_writes(queries.captured_queries)) > 0  # written, then rolled back
    by_code = {(c.action, c.code): c for c in preview.changes}
    changed = by_code[("change", "GOV-01.01")]
    assert [f[1:] for f in changed.fields] == [
        ["GOV-01.01".replace("GOV-01.01", changed.fields[0][1]), "Nama baru"]
    ]
    assert not changed.conflict and changed.applied
    removed = by_code[("remove", "GOV-01.02")]
    assert removed.needs_confirmation and not removed.applied
    assert removed.key == f"actions:{ActionPlan.objects.get(code='GOV-01.02').lineage}"
    assert by_code[("add", "GOV-01.77")].applied
    assert ActionPlan.objects.get(code="GOV-01.01").name != "Nama baru"


def test_an_older_export_shows_a_later_edit_as_a_conflict_and_changes_nothing_unless_confirmed(
    world, sumbawa
):
    _content, _plan, result = sumbawa
    older = plan_export(result.version)  # taken before a colleague's edit
    action = ActionPlan.objects.get(version=result.version, code="GOV-01.01")
    original = action.name
    services.action_update(
        actor=world.users["coordinator_a"],
        action=ActionPlan.objects.get(pk=action.pk),
        data={"name": "Diubah di aplikasi"},
        expected_version=action.row_version,
    )
    edited = ActionPlan.objects.get(pk=action.pk)
    before = _counts()
    imports = _import_events(world)
    again = _import(world, older)
    conflicts = [c for c in again.changes if c.conflict]
    assert [(c.code, c.applied) for c in conflicts] == [("GOV-01.01", False)]
    assert conflicts[0].fields[0][1:] == ["Diubah di aplikasi", original]
    assert not again.changed and _counts() == before  # nothing written, no audit event
    kept = ActionPlan.objects.get(pk=action.pk)
    assert (kept.name, kept.row_version) == ("Diubah di aplikasi", edited.row_version)
    # confirmed: the file's value wins
    confirmed = plan_import(
        actor=world.users["coordinator_a"],
        region=world.region_a,
        parsed=workbook_parse(older, region=world.region_a),
        confirm=[conflicts[0].key],
    )
    assert confirmed.counts["actions"].updated == 1
    assert ActionPlan.objects.get(pk=action.pk).name == original
    assert _import_events(world) == imports + 1


def test_a_header_edited_after_the_export_is_a_conflict(world, sumbawa):
    _content, plan, result = sumbawa
    older = plan_export(result.version)
    version = PlanVersion.objects.get(pk=result.version.pk)
    services.version_update(
        actor=world.users["coordinator_a"],
        version=version,
        data={"vision": "Visi baru di aplikasi"},
        expected_version=version.row_version,
    )
    again = _import(world, older)
    header = [c for c in again.changes if c.key == "header"]
    assert header and header[0].conflict and not header[0].applied
    assert PlanVersion.objects.get(pk=version.pk).vision == "Visi baru di aplikasi"
    _import_confirmed = plan_import(
        actor=world.users["coordinator_a"],
        region=world.region_a,
        parsed=workbook_parse(older, region=world.region_a),
        confirm=["header"],
    )
    assert PlanVersion.objects.get(pk=version.pk).vision == plan.vision


def test_a_removal_not_confirmed_keeps_its_code(world, sumbawa):
    """A row may take the code of an item the file removes only once that removal is confirmed."""
    _content, _plan, result = sumbawa
    first = ActionPlan.objects.get(version=result.version, code="GOV-01.01")
    second = ActionPlan.objects.get(version=result.version, code="GOV-01.02")

    def replace(wb):  # GOV-01.01 goes; GOV-01.02 takes its code
        for sheet in ("Rencana Aksi", "Anggaran", "Target"):
            ws = wb[sheet]
            for r in range(ws.max_row, 1, -1):
                if ws.cell(row=r, column=1).value == "GOV-01.01":
                    ws.delete_rows(r)
        _rename_everywhere("GOV-01.02", "GOV-01.01")(wb)

    content = edit_workbook(plan_export(result.version), replace)
    parsed = workbook_parse(content, region=world.region_a)
    actor = world.users["coordinator_a"]
    preview = plan_import(actor=actor, region=world.region_a, parsed=parsed, dry_run=True)
    [removal] = [c for c in preview.changes if c.action == "remove"]
    assert removal.key == f"actions:{first.lineage}"
    before = _counts()
    with pytest.raises(ImportRefused) as exc:
        plan_import(actor=actor, region=world.region_a, parsed=parsed)
    assert "GOV-01.01" in exc.value.rows[0].message and _counts() == before
    done = plan_import(actor=actor, region=world.region_a, parsed=parsed, confirm=[removal.key])
    assert (done.counts["actions"].deleted, done.counts["actions"].updated) == (1, 1)
    assert ActionPlan.objects.get(version=result.version, code="GOV-01.01").pk == second.pk
    assert not ActionPlan.objects.filter(pk=first.pk).exists()


# ---------------------------------------------------------------- inactive agencies


def _deactivate(world, code: str) -> Agency:
    agency = Agency.objects.get(region=world.region_a, code=code)
    agency.is_active = False
    agency.save()
    return agency


def test_a_new_action_for_an_inactive_agency_is_refused_as_the_editor_refuses_it(world, sumbawa):
    _content, _plan, result = sumbawa
    programme = Programme.objects.get(version=result.version, code="SOC-08")

    def add(wb):
        wb["Rencana Aksi"].append(
            ["SOC-08.09", "SOC-08", "Aksi baru", "dinsos", 2025, 2026, "Jumlah", "unit", 0]
        )
        wb["Anggaran"].append(["SOC-08.09", 2025, "APBD", 5_000_000])

    edited = edit_workbook(plan_export(result.version), add)
    parsed_before = workbook_parse(edited, region=world.region_a)  # checked while dinsos was active
    assert not isinstance(parsed_before, list)
    dinsos = _deactivate(world, "dinsos")
    with translation.override("en"):
        with pytest.raises(ValidationError) as exc:
            services.action_create(
                actor=world.users["coordinator_a"],
                programme=programme,
                code="SOC-08.09",
                name="Aksi baru",
                agency=dinsos,
                start_year=2025,
                end_year=2026,
            )
        expected = exc.value.message_dict["agency"]
        before = _counts()
        errors = workbook_parse(edited, region=world.region_a)
        assert isinstance(errors, list)
        row = find_row(openpyxl.load_workbook(io.BytesIO(edited))["Rencana Aksi"], 1, "SOC-08.09")
        assert [e.message for e in errors] == expected
        assert [(e.sheet, e.row, e.column) for e in errors] == [("Rencana Aksi", row, "OPD Pengampu")]
        parsed_before.checked_with = None  # a staged upload is checked again when confirmed
        with pytest.raises(ImportRefused) as refused:
            plan_import(actor=world.users["coordinator_a"], region=world.region_a, parsed=parsed_before)
        assert [e.message for e in refused.value.rows] == expected
    assert _counts() == before
    assert not ActionPlan.objects.filter(version=result.version, code="SOC-08.09").exists()


def test_moving_an_action_to_an_inactive_agency_is_refused_keeping_it_is_not(world, sumbawa):
    _content, _plan, result = sumbawa
    action = ActionPlan.objects.get(version=result.version, code="SOC-08.02")
    exported = plan_export(result.version)
    other = Agency.objects.filter(region=world.region_a).exclude(pk=action.agency_id).first()
    assert other is not None
    _deactivate(world, other.code)

    def move(wb):
        ws = wb["Rencana Aksi"]
        column = [c.value for c in ws[1]].index("OPD Pengampu") + 1
        ws.cell(row=find_row(ws, 1, "SOC-08.02"), column=column, value=other.code)

    errors = workbook_parse(edit_workbook(exported, move), region=world.region_a)
    assert isinstance(errors, list)
    assert [(e.sheet, e.column) for e in errors] == [("Rencana Aksi", "OPD Pengampu")]
    assert ActionPlan.objects.get(pk=action.pk).agency_id == action.agency_id


def test_an_unchanged_row_whose_agency_was_deactivated_after_the_export_imports(world, sumbawa):
    _content, _plan, result = sumbawa
    exported = plan_export(result.version)
    dinsos = _deactivate(world, "dinsos")
    assert ActionPlan.objects.filter(version=result.version, agency=dinsos).exists()
    assert Programme.objects.filter(version=result.version, agency=dinsos).exists()
    again = _import(world, exported)
    assert not again.changed

    def rename(wb):  # another field of a dinsos row changes: the item keeps its agency
        ws = wb["Rencana Aksi"]
        code = ActionPlan.objects.filter(version=result.version, agency=dinsos).first().code
        ws.cell(row=find_row(ws, 1, code), column=3, value="Nama baru")

    renamed = _import(world, edit_workbook(exported, rename))
    assert renamed.counts["actions"].updated == 1
