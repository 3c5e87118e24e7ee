"""Indicator tags become framework tags (registry.FrameworkTarget): the SDG
targets and Global Compact objectives that were JSON lists are carried over.

A target the tag table lacks (reference data loaded before the table
existed) is added from the registry's ``framework_targets.csv``, so that no
tag is lost; ``load_reference_data`` keeps it up to date afterwards. A code
that the registry does not know at all is named in the migration's output.
"""

import csv
from importlib import resources

from django.db import migrations, models

LANGS = {"en": "en", "fr": "fr", "es": "es", "ru": "ru", "zh": "zh-hans", "ar": "ar"}


def _codes(indicator) -> list[str]:
    sdg = [f"sdg-{str(t).strip()}" for t in indicator.sdg_targets or []]
    gcm = [f"gcm-{int(o)}" for o in indicator.gcm_objectives or []]
    return sdg + gcm


def _registry_rows() -> dict[str, tuple[int, dict]]:
    path = resources.files("migdev.registry").joinpath("data", "framework_targets.csv")
    with path.open(encoding="utf-8") as fh:
        return {row["code"]: (i, row) for i, row in enumerate(csv.DictReader(fh))}


def _target(Target, code: str, rows: dict[str, tuple[int, dict]]):
    found = Target.objects.filter(code=code).first()
    if found is not None or code not in rows:
        return found
    order, row = rows[code]
    parent = _target(Target, row["parent"], rows) if row["parent"] else None
    return Target.objects.create(
        code=code,
        framework=row["framework"],
        level=row["level"],
        number=row["number"],
        parent=parent,
        title={LANGS[k]: row[f"title_{k}"] for k in LANGS if row[f"title_{k}"]},
        checked=" ".join(LANGS[c] for c in row["checked"].split()),
        sort_order=order,
    )


def carry(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Target = apps.get_model("registry", "FrameworkTarget")
    rows = None
    for indicator in Indicator.objects.order_by("code"):
        codes = _codes(indicator)
        if not codes:
            continue
        rows = rows if rows is not None else _registry_rows()
        targets = []
        for code in codes:
            target = _target(Target, code, rows)
            if target is None:
                print(
                    f"\n  indicator {indicator.code}: tag {code!r} is no "
                    "objective or target of the registry; not carried over"
                )
            else:
                targets.append(target)
        indicator.tags.set(targets)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0001_initial"),
        ("registry", "0004_framework_targets"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="tags",
            field=models.ManyToManyField(
                blank=True,
                related_name="%(app_label)s_%(class)s_tagged",
                to="registry.frameworktarget",
                verbose_name="Global Compact objectives and SDG targets",
            ),
        ),
        migrations.RunPython(carry, migrations.RunPython.noop),
    ]
