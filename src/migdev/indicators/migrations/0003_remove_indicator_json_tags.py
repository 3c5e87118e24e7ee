from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_indicator_tags")]

    operations = [
        migrations.RemoveField(model_name="indicator", name="sdg_targets"),
        migrations.RemoveField(model_name="indicator", name="gcm_objectives"),
    ]
