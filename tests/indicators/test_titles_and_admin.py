"""Release titles in the six languages (page form, admin, API, fallback) and
the secretariat's admin of releases, datasets and indicators."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from migdev.core.audit import AuditEntry
from migdev.indicators import importers, services
from migdev.indicators.generated import write_inputs
from migdev.indicators.models import Indicator, Release

pytestmark = pytest.mark.django_db

SIX = {
    "title_en": "Migrant stock, test",
    "title_fr": "Nombre de migrants, essai",
    "title_es": "",
    "title_ru": "",
    "title_zh-hans": "移民存量，测试",
    "title_ar": "عدد المهاجرين، اختبار",
}


@pytest.fixture
def draft(tmp_path: Path) -> Release:
    return importers.estimate(write_inputs(tmp_path / "in")).release


@pytest.fixture
def staff(make_user):
    user = make_user(make_user.SECRETARIAT)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_imports_title_releases_in_six_languages(draft: Release) -> None:
    assert draft.title.missing() == []
    one = Release.objects.get(pk=draft.pk)
    one.title = "One language"  # a plain text is the English title
    one.save()
    assert Release.objects.get(pk=draft.pk).title == {"en": "One language"}
    assert draft.title["fr"].startswith("Estimation du nombre de migrants")
    assert draft.title["ar"].startswith("تقدير عدد المهاجرين")


def test_the_page_sets_the_title_and_the_api_falls_back_to_english(
    draft: Release, make_user
) -> None:
    sec = make_user(make_user.SECRETARIAT)
    client = Client()
    client.force_login(sec)
    url = f"/data/releases/{draft.identifier}/"
    page = client.get(url).content.decode()
    assert 'name="title_fr"' in page and 'lang="ar" dir="rtl"' in page
    refused = client.post(url, {"step": "title", **SIX, "title_en": ""})
    assert refused.status_code == 400
    assert "English" in refused.content.decode()
    draft.refresh_from_db()
    assert draft.title["en"].startswith("Estimate")
    client.post(url, {"step": "title", **SIX})
    draft.refresh_from_db()
    assert dict(draft.title) == {
        "en": "Migrant stock, test",
        "fr": "Nombre de migrants, essai",
        "zh-hans": "移民存量，测试",
        "ar": "عدد المهاجرين، اختبار",
    }
    assert AuditEntry.objects.filter(
        object_id=str(draft.pk), action=AuditEntry.Action.UPDATE
    ).exists()
    french = client.get("/fr" + url).content.decode()
    assert "<h1>Nombre de migrants, essai</h1>" in french

    services.release_publish(actor=sec, release=draft)
    public = Client()
    api = f"/api/v1/releases/{draft.identifier}"
    assert public.get(api, {"lang": "fr"}).json()["title"] == SIX["title_fr"]
    # Spanish has none: English, the fallback.
    assert public.get(api, {"lang": "es"}).json()["title"] == SIX["title_en"]
    listed = public.get("/api/v1/releases", HTTP_ACCEPT_LANGUAGE="ar").json()["items"][
        0
    ]
    assert listed["title"] == SIX["title_ar"]
    assert listed["titles"]["zh-hans"] == SIX["title_zh-hans"]
    # Published: the title cannot change any more.
    client.post(url, {"step": "title", **SIX, "title_en": "Changed"})
    draft.refresh_from_db()
    assert draft.title["en"] == SIX["title_en"]
    with pytest.raises(services.WorkflowError):
        services.release_retitle(actor=sec, release=draft, title={"en": "Changed"})


def test_admin_lists_retitles_reviews_and_publishes_through_the_services(
    draft: Release, staff, client
) -> None:
    client.force_login(staff)
    assert client.get("/admin/indicators/release/").status_code == 200
    assert client.get("/admin/indicators/release/add/").status_code == 403
    change = f"/admin/indicators/release/{draft.pk}/change/"
    page = client.get(change).content.decode()
    assert draft.checksum in page and 'name="title_ar"' in page
    answer = client.post(change, {**SIX, "title_en": "Corrected"})
    assert answer.status_code == 302
    draft.refresh_from_db()
    assert draft.title["en"] == "Corrected" and draft.checksum  # provenance kept
    listing = "/admin/indicators/release/"
    client.post(listing, {"action": "review", "_selected_action": [draft.pk]})
    assert Release.objects.get(pk=draft.pk).status == "reviewed"
    client.post(listing, {"action": "publish", "_selected_action": [draft.pk]})
    published = Release.objects.get(pk=draft.pk)
    assert published.is_published and published.published_by == staff
    # Published: viewed, not changed; publishing again says why.
    assert client.post(change, {**SIX}).status_code == 403
    again = client.post(
        listing, {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )
    assert "published already" in again.content.decode()
    assert (
        client.get(f"/admin/indicators/release/{draft.pk}/delete/").status_code == 403
    )


def test_admin_tags_indicators(draft: Release, staff, client) -> None:
    from migdev.registry.models import FrameworkTarget

    client.force_login(staff)
    stock = Indicator.objects.get(code="migrant_stock")
    page = client.get("/admin/indicators/indicator/").content.decode()
    assert "gcm-1, sdg-10.7, sdg-17.18" in page
    targets = FrameworkTarget.objects.filter(code__in=["gcm-1", "sdg-10.7.1"])
    answer = client.post(
        f"/admin/indicators/indicator/{stock.pk}/change/",
        {
            **{f"name_{k}": v for k, v in stock.name.items()},
            "tags": [t.pk for t in targets],
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert sorted(stock.tags.values_list("code", flat=True)) == ["gcm-1", "sdg-10.7.1"]
    assert client.get("/admin/indicators/dataset/").status_code == 200
    assert client.get("/admin/indicators/indicator/add/").status_code == 403


def test_admin_is_the_secretariats(draft: Release, make_user, client) -> None:
    focal = make_user(make_user.FOCAL_POINT, country="FRA")
    focal.is_staff = True
    focal.save()
    client.force_login(focal)
    assert client.get("/admin/indicators/release/").status_code == 302  # to login
