import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("masterplans", "0005_code_unique_any_case")]

    operations = [
        migrations.AddField(
            model_name=name,
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, null=True, verbose_name="public id"),
        )
        for name in ("readiness", "swotitem", "roadmapitem")
    ]
