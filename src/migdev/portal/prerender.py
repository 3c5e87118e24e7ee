"""Render once, serve many times: the profiles of every area that has data in
the latest published releases, in the six languages, and the common
downloads (each published release whole, in every format), written as files
under ``PORTAL_ROOT`` when a release is published.

The front server (nginx, docs/deployment.md) serves them as they are; Django
serves the same files when there is no front server (``make demo``), and
renders what is missing on the spot. Layout::

    PORTAL_ROOT/GENERATION                       publication stamp (publish.py)
    PORTAL_ROOT/profiles/{lang}/{KEY}.json       KEY: ISO3 (else M49) or grouping code
    PORTAL_ROOT/downloads/{identifier}.{csv,xlsx,sdmx.csv,sdmx.zip}

Files are written to a temporary name and renamed, so that a reader never
sees half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder

from migdev.core.i18n import LANGUAGE_CODES
from migdev.indicators import selectors as indicators
from migdev.indicators.models import Release, Value
from migdev.portal import publish
from migdev.portal.selectors import (
    AGGREGATE_FROM,
    Area,
    area_profile,
    country_area,
    grouping_area,
)
from migdev.registry.groupings import DESA_CODES
from migdev.registry.models import Country, Grouping

#: Download formats → file suffix.
SUFFIXES = {
    "csv": "csv",
    "xlsx": "xlsx",
    "sdmx-csv": "sdmx.csv",
    "sdmx-ml": "sdmx.zip",
}


def profile_path(language: str, key: str) -> Path:
    return publish.root() / "profiles" / language / f"{key}.json"


def download_path(identifier: str, fmt: str) -> Path:
    return publish.root() / "downloads" / f"{identifier}.{SUFFIXES[fmt]}"


def profile_bytes(profile: dict) -> bytes:
    """The JSON of a profile, as the API answers it (UTF-8, compact)."""
    return json.dumps(
        profile, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")
    ).encode()


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def areas_with_data(releases: Iterable[Release]) -> list[Area]:
    """The countries and groupings that have values in ``releases``."""
    present = set(
        Value.objects.filter(release__in=[r.pk for r in releases])
        .values_list("area", flat=True)
        .order_by()
        .distinct()
    )
    areas = [
        country_area(c)
        for c in Country.objects.filter(
            m49__in=[f"{c:03d}" for c in present if c < AGGREGATE_FROM]
        )
    ]
    for grouping in Grouping.objects.all():
        codes = DESA_CODES.get(grouping.code) or (
            (int(grouping.code),) if grouping.code.isdigit() else ()
        )
        if any(c in present for c in codes):
            areas.append(grouping_area(grouping))
    return areas


@dataclass(frozen=True)
class Rendered:
    profiles: int
    downloads: int

    def __str__(self) -> str:
        return f"{self.profiles} profiles and {self.downloads} downloads rendered"


def render_profiles(
    areas: Iterable[Area],
    *,
    languages: Iterable[str] = LANGUAGE_CODES,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the public profile of each area in each language."""
    count = 0
    for area in areas:
        for language in languages:
            data = profile_bytes(area_profile(area, language=language))
            write_atomic(profile_path(language, area.key), data)
            count += 1
        if progress:
            progress(count)
    return count


def render_downloads(releases: Iterable[Release]) -> int:
    """Write each release whole in every download format (once: a published
    release never changes, so an existing file is kept)."""
    from migdev.portal import downloads

    count = 0
    for release in releases:
        for fmt in SUFFIXES:
            path = download_path(release.identifier, fmt)
            if path.exists():
                continue
            write_atomic(path, downloads.release_file(release, fmt))
            count += 1
    return count


def render_all(progress: Callable[[int], None] | None = None) -> Rendered:
    """Render the profiles of every area with data and the downloads of
    every latest published release; profiles of areas that lost their data
    are removed (Django then answers them)."""
    releases = list(indicators.latest_published_releases())
    areas = areas_with_data(releases)
    keep = {area.key for area in areas}
    for language in LANGUAGE_CODES:
        folder = publish.root() / "profiles" / language
        if folder.is_dir():
            for old in folder.glob("*.json"):
                if old.stem not in keep:
                    old.unlink(missing_ok=True)
    profiles = render_profiles(areas, progress=progress)
    return Rendered(profiles, render_downloads(releases))


def render_country(country_id: int) -> int:
    """Render one country's profiles again (its mechanisms or Forum roles
    changed), if it has rendered profiles."""
    country = Country.objects.filter(pk=country_id).first()
    if country is None:
        return 0
    area = country_area(country)
    if not any(profile_path(lang, area.key).exists() for lang in LANGUAGE_CODES):
        return 0
    return render_profiles([area])


def clear_files() -> int:
    """Remove every rendered profile and download."""
    removed = 0
    for folder in ("profiles", "downloads"):
        for path in (publish.root() / folder).glob("**/*"):
            if path.is_file():
                path.unlink()
                removed += 1
    return removed
