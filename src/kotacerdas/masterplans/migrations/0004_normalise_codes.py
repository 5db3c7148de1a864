"""Codes of programmes, action plans and quick wins in their one stored form: no spaces around,
single spaces inside, upper case (as ``rules.normalise_code``). A code that would collide with
another of its version once normalised gets a suffix (-2, -3, ...)."""

from django.db import migrations


def normalise(code):
    return " ".join(str(code).split()).upper()


def codes_normalise(apps, schema_editor):
    for model_name in ("Programme", "ActionPlan", "QuickWin"):
        model = apps.get_model("masterplans", model_name)
        rows = list(model.objects.order_by("version_id", "id").values_list("id", "version_id", "code"))
        taken = {(version_id, code) for _id, version_id, code in rows if code == normalise(code)}
        for pk, version_id, code in rows:
            clean = normalise(code)
            if clean == code:
                continue
            candidate, n = clean, 1
            while (version_id, candidate) in taken:
                n += 1
                candidate = f"{clean}-{n}"
            taken.add((version_id, candidate))
            model.objects.filter(pk=pk).update(code=candidate)


class Migration(migrations.Migration):
    dependencies = [("masterplans", "0003_lineage_rows")]

    operations = [migrations.RunPython(codes_normalise, migrations.RunPython.noop)]
