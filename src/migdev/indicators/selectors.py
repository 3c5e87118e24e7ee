"""Reads of the indicators app, scoped to the user: the public sees published
releases only; the secretariat sees drafts too."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from migdev.indicators.models import Indicator, Release, Value
from migdev.registry.permissions import VIEW, can, roles_of


def release_list(user: Any, *, dataset: str | None = None) -> QuerySet[Release]:
    """Releases ``user`` may see, newest version first within each dataset."""
    rows = Release.objects.select_related("dataset")
    if not roles_of(user).secretariat:
        rows = rows.filter(status=Release.Status.PUBLISHED)
    if dataset:
        rows = rows.filter(dataset__code=dataset)
    return rows.order_by("dataset__code", "-version")


def release_get(identifier: str, user: Any = None) -> Release:
    """Any release by its identifier (``ims-2020.v1``), if ``user`` may see
    it; 404 otherwise (a draft is not revealed to the public)."""
    release = (
        Release.objects.select_related("dataset").filter(identifier=identifier).first()
    )
    if release is None or not can(user, VIEW, release):
        raise Http404(f"no release {identifier!r}")
    return release


def release_latest_published(dataset: str) -> Release | None:
    """The latest published release of ``dataset`` (what the public sees)."""
    return (
        Release.objects.select_related("dataset")
        .filter(dataset__code=dataset, status=Release.Status.PUBLISHED)
        .order_by("-version")
        .first()
    )


def latest_published_releases() -> QuerySet[Release]:
    """The latest published release of every dataset."""
    latest = []
    seen: set[int] = set()
    for r in (
        Release.objects.filter(status=Release.Status.PUBLISHED)
        .order_by("dataset_id", "-version")
        .values_list("pk", "dataset_id")
    ):
        if r[1] not in seen:
            seen.add(r[1])
            latest.append(r[0])
    return Release.objects.filter(pk__in=latest).select_related("dataset")


def indicator_list() -> QuerySet[Indicator]:
    """Every indicator (public), with its framework tags."""
    return Indicator.objects.prefetch_related("tags").order_by("code")


def indicator_exists(code: str) -> bool:
    """Whether ``code`` is an indicator's code."""
    return Indicator.objects.filter(code=code).exists()


def value_slice(
    release: Release,
    *,
    indicator: str | None = None,
    area: int | None = None,
    period: str | None = None,
    sex: str | None = None,
    age: str | None = None,
    origin: int | None = None,
    counterpart: int | None = None,
) -> QuerySet[Value]:
    """Values of one release, filtered; ordered along the index that serves
    the filter (by area first when an area is given: a country's profile)."""
    rows = Value.objects.filter(release=release)
    if indicator is not None:
        ind = Indicator.objects.filter(code=indicator).first()
        rows = rows.filter(indicator_id=ind.pk if ind else -1)
    if area is not None:
        rows = rows.filter(area=area)
    if period is not None:
        rows = rows.filter(period=period)
    if sex is not None:
        rows = rows.filter(sex=sex)
    if age is not None:
        rows = rows.filter(age=age)
    if origin is not None:
        rows = rows.filter(origin=origin)
    if counterpart is not None:
        rows = rows.filter(counterpart=counterpart)
    if area is not None:
        return rows.order_by("area", "indicator_id", "period", "id")
    return rows.order_by("indicator_id", "period", "area", "id")


def country_profile(release: Release, area: int) -> QuerySet[Value]:
    """Every value of ``area`` in ``release``: one query on the profile index."""
    return value_slice(release, area=area)
