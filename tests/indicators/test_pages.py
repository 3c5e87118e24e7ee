"""The secretariat's release pages: list, detail, review and publish."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation
from django.utils.formats import number_format

from migdev.indicators import importers
from migdev.indicators.generated import write_inputs
from migdev.indicators.models import Release

pytestmark = pytest.mark.django_db


def test_review_and_publish_from_the_page(tmp_path: Path, make_user) -> None:
    release = importers.estimate(write_inputs(tmp_path / "in")).release
    client = Client()
    client.force_login(make_user(make_user.SECRETARIAT))
    listing = client.get("/data/").content.decode()
    assert release.identifier in listing
    page = client.get(f"/data/releases/{release.identifier}/").content.decode()
    assert "observations.csv" in page and release.inputs[0]["sha256"] in page
    client.post(f"/data/releases/{release.identifier}/", {"step": "review"})
    assert Release.objects.get(pk=release.pk).status == "reviewed"
    client.post(f"/data/releases/{release.identifier}/", {"step": "publish"})
    assert Release.objects.get(pk=release.pk).is_published
    page = client.get(
        f"/data/releases/{release.identifier}/", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert b'name="step"' not in page.content  # nothing left to do
    french = client.get(f"/fr/data/releases/{release.identifier}/").content.decode()
    assert "Méthode" in french
    with translation.override("fr"):  # numbers as French writes them
        grouped = number_format(release.value_count, force_grouping=True)
    assert release.value_count >= 1000 and f"<dd>{grouped} (" in french


def test_focal_points_are_refused(tmp_path: Path, make_user) -> None:
    release = importers.estimate(write_inputs(tmp_path / "in")).release
    client = Client()
    client.force_login(make_user(make_user.FOCAL_POINT, country="FRA"))
    assert client.get("/data/").status_code == 403
    assert (
        client.post(
            f"/data/releases/{release.identifier}/", {"step": "publish"}
        ).status_code
        == 403
    )
    assert not Release.objects.get(pk=release.pk).is_published
