"""Releases: import (one transaction, checksum), review, publish, selectors."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from migdev.indicators import importers, selectors, services
from migdev.indicators.models import Release, ReleaseImmutable, Value
from tests.indicators.support import official_workbooks

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbooks(tmp_path: Path) -> tuple[Path, Path]:
    return official_workbooks(tmp_path)


def test_import_reads_both_tables_and_keeps_metadata(workbooks) -> None:
    destination, origin = workbooks
    result = importers.import_un([destination, origin], dataset="ims-test")
    release = result.release
    assert result.created
    assert release.identifier == "ims-test.v1"
    assert release.status == Release.Status.DRAFT
    assert [i["name"] for i in release.inputs] == [destination.name, origin.name]
    assert all(len(i["sha256"]) == 64 for i in release.inputs)
    assert release.value_count == Value.objects.filter(release=release).count()
    assert "import-un" in release.command or release.command.startswith("migdev")
    # The destination totals equal the sums over origins (both sexes).
    stock = Value.objects.filter(release=release, indicator__code="migrant_stock")
    total = stock.get(area=484, period="2020", sex="_T", origin=None, age="_T").value
    by_origin = sum(
        v.value
        for v in stock.filter(area=484, period="2020", sex="_T").exclude(origin=None)
    )
    assert by_origin == pytest.approx(total, rel=1e-9)


def test_same_files_again_do_nothing(workbooks) -> None:
    destination, origin = workbooks
    first = importers.import_un([destination, origin], dataset="ims-test")
    again = importers.import_un([destination, origin], dataset="ims-test")
    assert not again.created
    assert again.release.pk == first.release.pk
    assert "nothing done" in str(again)
    assert Release.objects.count() == 1


def test_publish_is_secretariat_only_and_makes_the_release_immutable(
    workbooks, make_user
) -> None:
    destination, _ = workbooks
    release = importers.import_un([destination], dataset="ims-test").release
    focal = make_user(make_user.FOCAL_POINT, country="FRA")
    secretariat = make_user(make_user.SECRETARIAT)
    with pytest.raises(PermissionDenied):
        services.release_publish(actor=focal, release=release)
    with pytest.raises(PermissionDenied):
        services.release_review(actor=focal, release=release)
    # A draft is not revealed to the public.
    with pytest.raises(Http404):
        selectors.release_get(release.identifier, None)
    assert selectors.release_latest_published("ims-test") is None
    services.release_review(actor=secretariat, release=release)
    services.release_publish(actor=secretariat, release=release)
    release.refresh_from_db()
    assert release.is_published and release.published_by == secretariat
    assert selectors.release_get(release.identifier, None) == release
    assert selectors.release_latest_published("ims-test") == release
    release.title = "changed"
    with pytest.raises(ReleaseImmutable):
        release.save()
    with pytest.raises(ReleaseImmutable):
        release.delete()
    with pytest.raises(services.WorkflowError):
        services.release_publish(actor=secretariat, release=release)


def test_profile_and_slice_selectors(workbooks) -> None:
    destination, origin = workbooks
    release = importers.import_un([destination, origin], dataset="ims-test").release
    profile = list(selectors.country_profile(release, 250))
    assert profile and {v.area for v in profile} == {250}
    assert {v.indicator_id for v in profile} >= {
        selectors.Indicator.objects.get(code="migrant_stock").pk
    }
    rows = list(
        selectors.value_slice(
            release, indicator="migrant_stock", period="2020", sex="F"
        )
    )
    assert rows and all(v.sex == "F" and v.period == "2020" for v in rows)
    assert list(selectors.value_slice(release, indicator="no-such")) == []


def test_profile_is_served_by_its_index_on_postgresql(workbooks) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN of the profile query is checked on PostgreSQL")
    destination, origin = workbooks
    release = importers.import_un([destination, origin], dataset="ims-test").release
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE indicators_value")
        # The test database is small enough for a sequential scan to win; the
        # question is whether the index can serve the query.
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = selectors.country_profile(release, 250).explain()
    assert "indicators_value_profile" in plan
    plan = selectors.value_slice(
        release, indicator="migrant_stock", period="2020"
    ).explain()
    assert "indicators_value_slice" in plan
