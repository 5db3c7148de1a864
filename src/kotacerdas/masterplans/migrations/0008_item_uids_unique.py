import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("masterplans", "0007_item_uids_fill")]

    operations = [
        migrations.AlterField(
            model_name=name,
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="public id"),
        )
        for name in ("readiness", "swotitem", "roadmapitem")
    ]
