"""Data migration: seed the six smart dimensions and their sub-dimensions."""

from django.db import migrations


def seed(apps, schema_editor):
    from kotacerdas.programme.catalogue import DIMENSIONS

    Dimension = apps.get_model("programme", "Dimension")
    SubDimension = apps.get_model("programme", "SubDimension")
    for position, (code, name, name_en, subs) in enumerate(DIMENSIONS, start=1):
        dim, _ = Dimension.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "position": position}
        )
        for sub_pos, (sub_name, sub_en) in enumerate(subs, start=1):
            SubDimension.objects.get_or_create(
                code=f"{code}-{sub_pos}",
                defaults={"dimension": dim, "name": sub_name, "name_en": sub_en, "position": sub_pos},
            )


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
