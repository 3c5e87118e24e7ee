"""``migdev outreach run-due | deliver | stale | bounce`` — the outbox's jobs."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            f"--today {value!r} is not a date: write it as YYYY-MM-DD."
        ) from exc


class Command(BaseCommand):
    help = (
        "Requests and mail: send due reminders and pending messages, list stuck "
        "ones, record bounces."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        run = sub.add_parser(
            "run-due",
            help="Queue the reminders due today and send every pending message. "
            "Safe to run again: nothing is sent twice.",
        )
        run.add_argument(
            "--today",
            type=str,
            default=None,
            help="Run as if today were this date (YYYY-MM-DD).",
        )
        sub.add_parser("deliver", help="Send pending messages only.")
        sub.add_parser(
            "stale",
            help="List messages left 'sending' by a crash; check the mail server's "
            "log for their Message-ID before sending them again.",
        )
        bounce = sub.add_parser("bounce", help="Record a bounce for a message.")
        bounce.add_argument("message", help="Message-ID or dedupe key")
        bounce.add_argument("reason", help="The bounce reason")

    def handle(self, *args, **options) -> None:
        from migdev.outreach import services

        action = options["action"]
        if action == "run-due":
            today = _day(options["today"]) if options["today"] else None
            report = services.run_due(today=today)
            self.stdout.write(str(report))
            if report.delivery.stale:
                self.stderr.write(
                    "Messages needing a check: "
                    + ", ".join(str(pk) for pk in report.delivery.stale)
                    + " (see 'migdev outreach stale')."
                )
        elif action == "deliver":
            self.stdout.write(str(services.messages_deliver()))
        elif action == "stale":
            rows = services.messages_stale().select_related("recipient")
            for m in rows:
                self.stdout.write(
                    f"{m.pk}\t{m.dedupe_key}\t{m.message_id}\t"
                    f"{m.claimed_at:%Y-%m-%d %H:%M}\t{', '.join(m.to)}"
                )
            if not rows:
                self.stdout.write("No message is stuck in 'sending'.")
        elif action == "bounce":
            try:
                m = services.message_record_bounce(
                    options["message"], options["reason"]
                )
            except LookupError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"Message {m.pk} recorded as bounced.")
