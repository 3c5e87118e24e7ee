"""``migdev campaigns run-due | deliver | stale | bounce``: the consultation's
name for outreach's jobs (``migdev outreach …``), which they run."""

from __future__ import annotations

from migdev.outreach.management.commands.outreach import Command as OutreachCommand


class Command(OutreachCommand):
    help = (
        "Campaign jobs (the same as 'migdev outreach'): send due reminders and "
        "pending messages, list stuck ones, record bounces."
    )
