"""Background jobs of the campaigns app (django-tasks; ``migdev db_worker`` runs them)."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_messages() -> str:
    """Send what the outbox holds (after a dispatch, a receipt…)."""
    from migdev.consultation.campaigns.messaging import messages_deliver

    return str(messages_deliver())


@task()
def run_due(today: str | None = None) -> str:
    """The scheduled job: due reminders, then delivery. ``today`` is YYYY-MM-DD."""
    import datetime as dt

    from migdev.consultation.campaigns import services

    day = dt.date.fromisoformat(today) if today else None
    return str(services.run_due(today=day))
