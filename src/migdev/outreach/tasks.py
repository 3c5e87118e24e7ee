"""The outbox's delivery and the scheduled job, as django-tasks tasks
(``migdev db_worker`` runs them; ``make demo`` runs a worker beside the server)."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver(message_ids: list[int] | None = None) -> str:
    """Send these outbox messages (all pending ones if None)."""
    from migdev.outreach.outbox import messages_deliver

    return str(messages_deliver(message_ids))


@task()
def run_due(today: str | None = None) -> str:
    """The scheduled job: due reminders, then delivery. ``today`` is YYYY-MM-DD."""
    import datetime as dt

    from migdev.outreach.reminders import run_due as job

    day = dt.date.fromisoformat(today) if today else None
    return str(job(today=day))
