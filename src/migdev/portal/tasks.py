"""The portal's rendering as django-tasks tasks (``migdev db_worker`` runs
them; ``make demo`` runs a worker beside the server; tests run them at once)."""

from __future__ import annotations

from django_tasks import task


@task()
def render_all() -> str:
    """Render every profile and the common downloads (after a publication)."""
    from migdev.portal import prerender

    return str(prerender.render_all())


@task()
def render_country(country_id: int) -> str:
    """Render one country's profiles again (its mechanisms, Forum roles or
    published consultations)."""
    from migdev.portal import prerender

    return f"{prerender.render_country(country_id)} profiles rendered"
