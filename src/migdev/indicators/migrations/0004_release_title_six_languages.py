"""Release titles in the six languages: each title so far (English) becomes
the English text of a six-language title."""

import migdev.core.fields
from django.db import migrations


def carry(apps, schema_editor):
    Release = apps.get_model("indicators", "Release")
    for release in Release.objects.only("pk", "title"):
        Release.objects.filter(pk=release.pk).update(
            titles={"en": release.title} if release.title else {}
        )


def back(apps, schema_editor):
    Release = apps.get_model("indicators", "Release")
    for release in Release.objects.only("pk", "titles"):
        titles = release.titles or {}
        text = titles.get("en") or next(iter(titles.values()), "")
        Release.objects.filter(pk=release.pk).update(title=text[:300])


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_remove_indicator_json_tags")]

    operations = [
        migrations.AddField(
            model_name="release",
            name="titles",
            field=migdev.core.fields.LocalizedTextField(default=dict, verbose_name="title"),
        ),
        migrations.RunPython(carry, back),
    ]
