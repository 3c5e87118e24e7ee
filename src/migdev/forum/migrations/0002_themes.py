"""The themes good practices are filed under: those of the Forum's first two
meetings (A/63/265, ¶12, ¶15), from ``forum/data/themes.json``."""

import json
from pathlib import Path

from django.db import migrations

THEMES = Path(__file__).resolve().parents[1] / "data" / "themes.json"


def load(apps, schema_editor):
    Theme = apps.get_model("forum", "Theme")
    rows = json.loads(THEMES.read_text(encoding="utf-8"))
    for order, row in enumerate(rows, start=1):
        Theme.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
