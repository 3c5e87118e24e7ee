"""What publishing a release does to the portal: the caches of published
data are emptied in every process, and the profiles and downloads are
rendered again (migdev.portal.prerender).

Worker processes learn of a publication from the *generation*: a number
kept in a small file under ``PORTAL_ROOT`` (the directory of rendered
files) that every publication increases. Reading it costs a ``stat``; an
answer cached under an older generation is never served."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from migdev.indicators.models import Release


def root() -> Path:
    """The directory of the rendered files (profiles, downloads)."""
    return Path(settings.PORTAL_ROOT)


#: The generation's file, under ``PORTAL_ROOT``.
STAMP = "GENERATION"


def _stamp() -> Path:
    return root() / STAMP


def generation() -> int:
    """The current generation: its file's modification time in
    nanoseconds (0 before the first publication)."""
    try:  # a plain path: a Path costs more than the stat itself
        return os.stat(os.path.join(settings.PORTAL_ROOT, STAMP)).st_mtime_ns
    except FileNotFoundError:
        return 0


def bump() -> int:
    """Start a new generation (after a release is published)."""
    path = _stamp()
    path.parent.mkdir(parents=True, exist_ok=True)
    before = generation()
    path.write_text(str(before + 1))
    os.utime(path)
    after = generation()
    if after <= before:  # a coarse clock: move on by one nanosecond
        os.utime(path, ns=(before + 1, before + 1))
        after = before + 1
    return after


def _render_all() -> None:
    from migdev.portal import tasks

    bump()
    if settings.PORTAL_RENDER:
        tasks.render_all.enqueue()


def _published(sender: Any, instance: Release, **kwargs: Any) -> None:
    """A release published: every process's caches end with the generation
    (on commit, so that no process caches the old data under the new
    generation), and the files are rendered again."""
    if instance.status == Release.Status.PUBLISHED:
        forget()
        transaction.on_commit(_render_all)


def _roles_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A country's mechanisms or Forum roles changed: its profiles again."""
    country_id = getattr(instance, "country_id", None)
    if country_id is None:
        return
    forget()

    def render() -> None:
        from migdev.portal import tasks

        bump()
        if settings.PORTAL_RENDER:
            tasks.render_country.enqueue(country_id)

    transaction.on_commit(render)


def _replies_published(country_ids: list[int]) -> None:
    """A campaign's results published (or a published campaign changed): the
    profiles of the States it asked again."""
    forget()

    def render() -> None:
        from migdev.portal import tasks

        bump()
        if settings.PORTAL_RENDER:
            for country_id in sorted(set(country_ids)):
                tasks.render_country.enqueue(country_id)

    transaction.on_commit(render)


def forget() -> None:
    """Empty this process's caches of published data."""
    from migdev.core.api import cache

    cache.clear()


def connect() -> None:
    from migdev.consultation import public
    from migdev.cooperation.models import Participation
    from migdev.forum.models import Chairmanship, SteeringMembership

    post_save.connect(_published, sender=Release, dispatch_uid="portal-published")
    for model in (Participation, Chairmanship, SteeringMembership):
        for signal in (post_save, post_delete):
            signal.connect(
                _roles_changed, sender=model, dispatch_uid=f"portal-roles-{model}"
            )
    public.on_change(_replies_published, uid="portal-replies")


def current() -> int:
    """The current generation, started now if there was none (a database
    whose releases were published before the portal was installed)."""
    return generation() or bump()
