"""Every readiness, SWOT and road-map row gets its own public id."""

import uuid

from django.db import migrations


def uids_fill(apps, schema_editor):
    for name in ("Readiness", "SwotItem", "RoadmapItem"):
        model = apps.get_model("masterplans", name)
        rows = list(model.objects.only("pk"))
        for row in rows:
            row.uid = uuid.uuid4()
        model.objects.bulk_update(rows, ["uid"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("masterplans", "0006_item_uids")]

    operations = [migrations.RunPython(uids_fill, migrations.RunPython.noop)]
