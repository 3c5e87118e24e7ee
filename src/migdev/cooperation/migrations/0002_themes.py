"""The checklist of themes (data/themes.csv), kept in step by code."""

import csv
from importlib import resources

from django.db import migrations

LANGS = {"en": "en", "fr": "fr", "es": "es", "ru": "ru", "zh": "zh-hans", "ar": "ar"}


def load(apps, schema_editor):
    Theme = apps.get_model("cooperation", "Theme")
    path = resources.files("migdev.cooperation").joinpath("data", "themes.csv")
    with path.open(encoding="utf-8") as fh:
        for order, row in enumerate(csv.DictReader(fh)):
            Theme.objects.update_or_create(
                code=row["code"],
                defaults={
                    "development": row["development"] == "1",
                    "name": {LANGS[k]: row[f"name_{k}"] for k in LANGS},
                    "sort_order": order,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
