from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("indicators", "0004_release_title_six_languages")]

    operations = [
        migrations.RemoveField(model_name="release", name="title"),
        migrations.RenameField(model_name="release", old_name="titles", new_name="title"),
    ]
