"""A lineage row for every programme, action plan and quick win that already exists."""

from django.db import migrations


def lineages_fill(apps, schema_editor):
    PlanItemLineage = apps.get_model("masterplans", "PlanItemLineage")
    rows = {}
    for model_name, kind in (("Programme", "programme"), ("ActionPlan", "action"), ("QuickWin", "quick_win")):
        model = apps.get_model("masterplans", model_name)
        for lineage, plan_id, region_id in model.objects.values_list(
            "lineage", "version__plan_id", "version__plan__region_id"
        ).iterator():
            rows.setdefault(lineage, PlanItemLineage(id=lineage, plan_id=plan_id, region_id=region_id, kind=kind))
    PlanItemLineage.objects.bulk_create(list(rows.values()), batch_size=500, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("masterplans", "0002_lineage_table")]

    operations = [migrations.RunPython(lineages_fill, migrations.RunPython.noop)]
