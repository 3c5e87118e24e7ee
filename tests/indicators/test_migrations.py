"""Data migrations of the indicators app, run forwards on SQLite and, with
DATABASE_URL, on PostgreSQL: 0002 turns the JSON lists of SDG targets and
Global Compact objectives into framework tags and keeps every tag the
registry knows, adding from the registry's table a target its database
lacks; 0004 makes each release's title the English text of a six-language
title."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("indicators", "0001_initial")]
AFTER = [("indicators", "0003_remove_indicator_json_tags")]


def _migrate(targets):
    """Migrate to ``targets``; the models of then, the registry's included."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    registry = executor.loader.graph.leaf_nodes("registry")
    return executor.loader.project_state(targets + registry).apps


def _leaf():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.loader.graph.leaf_nodes()


def test_json_tags_become_framework_tags(reference_data, capsys) -> None:
    try:
        old = _migrate(BEFORE)
        Indicator = old.get_model("indicators", "Indicator")
        Target = old.get_model("registry", "FrameworkTarget")
        Indicator.objects.create(
            code="migrant_stock",
            name={"en": "Stock"},
            unit="persons",
            sdg_targets=["10.7", "17.18"],
            gcm_objectives=[1],
        )
        Indicator.objects.create(
            code="remittance_cost_200",
            name={"en": "Cost"},
            unit="percent",
            sdg_targets=["10.c.1"],
            gcm_objectives=[20],
        )
        Indicator.objects.create(
            code="female_share",
            name={"en": "Female"},
            unit="percent",
            sdg_targets=["5.1", "17.18"],
            gcm_objectives=[],
        )
        Indicator.objects.create(code="bare", name={"en": "Bare"}, unit="persons")
        # Reference data loaded before the tag table had these rows.
        Target.objects.filter(code="sdg-10.c.1").delete()
        Target.objects.filter(code="sdg-10.c").delete()

        new = _migrate(AFTER)
        Indicator = new.get_model("indicators", "Indicator")
        tags = {
            i.code: sorted(t.code for t in i.tags.all())
            for i in Indicator.objects.all()
        }
        assert tags == {
            "migrant_stock": ["gcm-1", "sdg-10.7", "sdg-17.18"],
            "remittance_cost_200": ["gcm-20", "sdg-10.c.1"],
            "female_share": ["sdg-17.18"],
            "bare": [],
        }
        Target = new.get_model("registry", "FrameworkTarget")
        added = Target.objects.get(code="sdg-10.c.1")
        assert added.parent.code == "sdg-10.c" and added.level == "indicator"
        assert added.title["fr"] and added.title["ar"]
        out = capsys.readouterr().out
        assert "female_share" in out and "'sdg-5.1'" in out
        assert "migrant_stock" not in out
    finally:
        _migrate(_leaf())


def test_release_titles_become_six_language_texts(reference_data) -> None:
    try:
        old = _migrate([("indicators", "0003_remove_indicator_json_tags")])
        Dataset = old.get_model("indicators", "Dataset")
        Release = old.get_model("indicators", "Release")
        dataset = Dataset.objects.create(code="ims-2020", kind="stock", name={})
        common = {
            "dataset": dataset,
            "source": "UN DESA",
            "method": "read",
            "licence": "CC BY 3.0 IGO",
            "publisher": "UN DESA",
            "command": "migdev data import-un x.xlsx",
        }
        Release.objects.create(
            version=1,
            identifier="ims-2020.v1",
            status="published",
            title="International Migrant Stock 2020 (UN DESA), imported",
            checksum="a" * 64,
            **common,
        )
        Release.objects.create(
            version=2, identifier="ims-2020.v2", title="", checksum="b" * 64, **common
        )
        new = _migrate([("indicators", "0005_release_title_field")])
        Release = new.get_model("indicators", "Release")
        titles = dict(Release.objects.values_list("identifier", "title"))
        assert titles == {
            "ims-2020.v1": {
                "en": "International Migrant Stock 2020 (UN DESA), imported"
            },
            "ims-2020.v2": {},
        }
    finally:
        _migrate(_leaf())
