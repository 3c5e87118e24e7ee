"""The six-language title is the field ``titles``; ``Release.title`` is the
text shown (the active language, else English)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("indicators", "0005_release_title_field")]

    operations = [
        migrations.RenameField(model_name="release", old_name="title", new_name="titles"),
    ]
