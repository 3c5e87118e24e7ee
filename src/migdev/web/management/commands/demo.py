"""migdev demo: migrate, load reference and demo data, then serve the site."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from migdev.registry.services import ReferenceDataError, reference_data_load


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
        url = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"\nmigdev demo: {url}"))
        self.stdout.write("Demo logins (illustrative data):")
        for login in logins:
            party = f" ({login.party})" if login.party else ""
            self.stdout.write(
                f"  {login.username:<16} password {login.password:<14} {login.role}{party}"
            )
        self.stdout.write(f"API documentation: {url}api/v1/docs")
        if getattr(settings, "EMAIL_FILE_PATH", None):
            self.stdout.write(
                f"E-mail is written to files in {settings.EMAIL_FILE_PATH}"
            )
        self.stdout.write("")
        if not no_serve:
            call_command("runserver", f"{host}:{port}", use_reloader=False)
