from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("masterplans", "0008_item_uids_unique")]

    operations = [
        migrations.AddField(
            model_name="planversion",
            name="ratification_signatory",
            field=models.CharField(
                blank=True,
                help_text="Name of the regent or mayor who signed the regulation, as it is printed under it",
                max_length=200,
                verbose_name="signed by",
            ),
        ),
    ]
