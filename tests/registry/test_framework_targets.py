"""The framework tags: Global Compact objectives and SDG targets as registry
reference data (registry/data/framework_targets.csv)."""

from __future__ import annotations

import re

import pytest

from migdev.registry import selectors, services
from migdev.registry.models import FrameworkTarget
from migdev.registry.services import ReferenceDataError, reference_data_load

pytestmark = pytest.mark.django_db

SCRIPTS = {
    "ar": re.compile(r"[\u0600-\u06FF]"),
    "zh-hans": re.compile(r"[\u4e00-\u9fff]"),
    "ru": re.compile(r"[\u0400-\u04FF]"),
}


def test_the_twenty_three_objectives_in_order():
    gcm = list(selectors.framework_targets(framework="gcm"))
    assert [t.number for t in gcm] == [str(n) for n in range(1, 24)]
    assert gcm[19].title.get("en").startswith("Promote faster, safer and cheaper")
    assert gcm[0].label == "GCM 1"


def test_sdg_targets_and_indicators_hang_together():
    sdg = {t.number: t for t in selectors.framework_targets(framework="sdg")}
    for number in ("10.7", "10.7.1", "10.7.2", "10.7.3", "10.7.4", "10.c", "10.c.1"):
        assert number in sdg
    for number in ("8.8", "16.2", "17.18"):
        assert sdg[number].level == FrameworkTarget.Level.TARGET
    for t in sdg.values():
        if t.level == FrameworkTarget.Level.INDICATOR:
            assert t.parent is not None
            assert t.number.startswith(t.parent.number + ".")
        else:
            assert t.parent is None


def test_every_title_in_six_languages_in_its_script():
    for t in selectors.framework_targets():
        assert t.title.missing() == [], t.code
        for lang, script in SCRIPTS.items():
            assert script.search(t.title.get(lang)), (t.code, lang)
        assert set(t.checked.split()) <= {"ar", "zh-hans", "en", "fr", "ru", "es"}


def test_get_by_code_or_label():
    assert selectors.framework_target_get("GCM 20").code == "gcm-20"
    assert selectors.framework_target_get("sdg-10.c.1").number == "10.c.1"
    with pytest.raises(selectors.UnknownCode):
        selectors.framework_target_get("gcm-24")


def test_reload_is_idempotent_and_keeps_rows():
    before = dict(FrameworkTarget.objects.values_list("code", "pk"))
    summary = reference_data_load()
    assert summary.framework_targets == len(before)
    assert dict(FrameworkTarget.objects.values_list("code", "pk")) == before


def test_a_bad_row_is_named_and_nothing_is_saved(monkeypatch):
    real = services._read

    def broken(name):
        rows = real(name)
        if name == services.FRAMEWORK_FILE:
            rows[4] = {**rows[4], "level": "goal"}
            rows[0] = {**rows[0], "title_en": "Changed"}
        return rows

    monkeypatch.setattr(services, "_read", broken)
    with pytest.raises(
        ReferenceDataError, match=r"framework_targets.csv, row 6, column level"
    ):
        reference_data_load()
    assert FrameworkTarget.objects.get(code="gcm-1").title.get("en") != "Changed"


def test_unknown_parent_is_named(monkeypatch):
    real = services._read

    def broken(name):
        rows = real(name)
        if name == services.FRAMEWORK_FILE:
            rows[-1] = {**rows[-1], "parent": "sdg-99.9"}
        return rows

    monkeypatch.setattr(services, "_read", broken)
    with pytest.raises(
        ReferenceDataError, match=r"column parent: unknown code 'sdg-99.9'"
    ):
        reference_data_load()


def test_api_lists_them_in_the_requested_language(client):
    response = client.get("/api/v1/framework-targets?framework=gcm&lang=es")
    assert response.status_code == 200
    body = response.json()["items"]
    assert len(body) == 23
    assert body[0]["title"].startswith("Recopilar y utilizar datos")
    assert body[0]["titles"]["zh-hans"]
    assert "en" in body[0]["checked"]
    assert client.get("/api/v1/framework-targets?framework=xyz").status_code == 400
