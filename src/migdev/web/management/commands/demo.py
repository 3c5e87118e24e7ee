"""migdev demo: migrate, load reference and demo data, then serve the site.

While it serves, a task worker runs in the same process, so that e-mail queued
by a dispatch or a reply leaves at once, as ``migdev db_worker`` makes it leave
in production. Links in e-mails point to the address served (``--host`` and
``--port``) unless ``SITE_URL`` is set.
"""

from __future__ import annotations

import importlib
import os
import threading

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.crypto import get_random_string

from migdev.registry.services import ReferenceDataError, reference_data_load

#: Addresses a server listens on that are no address to write in a link.
_ANY_ADDRESS = {"0.0.0.0", "::", "[::]", ""}


def served_url(host: str, port: int) -> str:
    """The address the demo serves, as links in e-mails must give it."""
    if host in _ANY_ADDRESS:
        host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    return f"http://{host}:{port}"


def mail_destination() -> str:
    """Where the configured e-mail backend puts messages, for the banner."""
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    if backend == "filebased":
        return (
            f"written as files to {settings.EMAIL_FILE_PATH} (one file per "
            "delivery run; set EMAIL_URL=smtp://HOST:PORT to send them)"
        )
    if backend == "smtp":
        return (
            f"sent through the SMTP server {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
        )
    if backend == "console":
        return "printed in this terminal"
    return f"handed to {settings.EMAIL_BACKEND}"


class TaskWorker(threading.Thread):
    """The database task worker (``migdev db_worker``) in a thread beside the
    development server: the demo needs no second terminal to send its mail."""

    def __init__(self) -> None:
        super().__init__(name="migdev-demo-task-worker", daemon=True)
        from django_tasks_db.management.commands.db_worker import Worker

        self.worker = Worker(
            queue_names=["*"],
            interval=1,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"demo-{get_random_string(12)}",
            excluded_queue_names=[],
        )

    @staticmethod
    def needed() -> bool:
        """Only a database task backend needs a worker (tests run tasks at once)."""
        backend = settings.TASKS.get("default", {}).get("BACKEND", "")
        return backend.endswith("DatabaseBackend")

    def run(self) -> None:
        try:
            self.worker.run()
        finally:
            connection.close()

    def stop(self) -> None:
        self.worker.running = False
        self.join(timeout=10)


class Command(BaseCommand):
    help = "Set up a demo database (safe to run again) and serve the site."

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", type=int, default=8000, help="Port to serve on (default 8000)."
        )
        parser.add_argument(
            "--host",
            default="127.0.0.1",
            help="Address to listen on (default 127.0.0.1).",
        )
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare the data and stop."
        )

    def handle(self, *args, port: int, host: str, no_serve: bool, **options):
        if not 0 < port < 65536:
            raise CommandError(
                f"--port {port} is not a TCP port: use a number from 1 to 65535."
            )
        self.stdout.write(
            f"Database: {connection.settings_dict['ENGINE'].rsplit('.', 1)[-1]} "
            f"{connection.settings_dict['NAME']}"
        )
        call_command("migrate", interactive=False, verbosity=0)
        try:
            summary = reference_data_load()
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Reference data: {summary.countries} countries or areas, "
            f"{summary.groupings} groupings, {summary.organizations} organizations."
        )
        logins = []
        # Each app may ship a demo module with load_demo(); it must be idempotent.
        for app_config in apps.get_app_configs():
            if not app_config.name.startswith("migdev."):
                continue
            try:
                module = importlib.import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app_config.name}.demo":
                    raise
                continue
            result = module.load_demo()
            if result:
                logins.extend(result)
        base = served_url(host, port)
        if not os.environ.get("SITE_URL"):
            # Links in e-mails must open the server this command starts.
            settings.SITE_URL = base
        url = f"{base}/"
        self.stdout.write(self.style.SUCCESS(f"\nmigdev demo: {url}"))
        self.stdout.write("Demo logins (illustrative data):")
        for login in logins:
            party = f" ({login.party})" if login.party else ""
            self.stdout.write(
                f"  {login.username:<16} password {login.password:<14} {login.role}{party}"
            )
        self.stdout.write(f"API documentation: {url}api/v1/docs")
        self.stdout.write(f"E-mail: {mail_destination()}.")
        self.stdout.write(f"Links in e-mails open {settings.SITE_URL}/ (SITE_URL).")
        worker = TaskWorker() if TaskWorker.needed() and not no_serve else None
        if worker is not None:
            self.stdout.write(
                "A task worker runs beside this server and sends e-mail as soon as "
                "it is queued."
            )
        self.stdout.write(
            "In production, run the worker as a service (`migdev db_worker`) and "
            "the reminders daily (`migdev campaigns run-due`, from cron or a timer)."
        )
        self.stdout.write("")
        if no_serve:
            return
        if worker is not None:
            worker.start()
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False)
        finally:
            if worker is not None:
                worker.stop()
