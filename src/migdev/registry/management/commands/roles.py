"""``migdev roles grant | end | list`` — dated roles from the command line.

Access follows these roles only (a Django superuser without a secretariat role
valid today sees nothing the secretariat sees), so a new deployment's first
secretariat login is made with ``createsuperuser`` (or ``createuser``) and then
``migdev roles grant USERNAME secretariat``."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{value!r} is not a date: write it as YYYY-MM-DD.") from exc


class Command(BaseCommand):
    help = "Grant, end or list the dated roles of a login."

    def add_arguments(self, parser: CommandParser) -> None:
        from migdev.registry.models import RoleAssignment

        roles = [value for value, _label in RoleAssignment.Role.choices]
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        grant = sub.add_parser("grant", help="Give a login a role from a day on.")
        grant.add_argument("username")
        grant.add_argument("role", choices=roles)
        grant.add_argument("--country", help="ISO3 code of the State (focal point)")
        grant.add_argument("--organization", help="code of the organization")
        grant.add_argument("--start", type=_day, help="first day (default: none)")
        end = sub.add_parser("end", help="End a login's role (from a day on).")
        end.add_argument("username")
        end.add_argument("role", choices=roles)
        end.add_argument(
            "--on", type=_day, help="first day without the role (default: today)"
        )
        listing = sub.add_parser("list", help="List a login's roles.")
        listing.add_argument("username")

    def handle(self, *args, **options) -> None:
        from migdev.registry import services
        from migdev.registry.models import Country, Organization, RoleAssignment

        username = options["username"]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No login named {username!r}.")
        action = options["action"]
        if action == "grant":
            country = organization = None
            if options["country"]:
                country = Country.objects.filter(
                    iso3=options["country"].upper()
                ).first()
                if country is None:
                    raise CommandError(f"No State with code {options['country']!r}.")
            if options["organization"]:
                organization = Organization.objects.filter(
                    code=options["organization"]
                ).first()
                if organization is None:
                    raise CommandError(
                        f"No organization with code {options['organization']!r}."
                    )
            try:
                services.role_assign(
                    user=user,
                    role=options["role"],
                    country=country,
                    organization=organization,
                    start=options["start"],
                )
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
            self.stdout.write(f"{username}: {options['role']} granted.")
        elif action == "end":
            on = options["on"] or timezone.localdate()
            ended = services.role_end(user=user, role=options["role"], on=on)
            if not ended:
                raise CommandError(
                    f"{username} has no {options['role']} role valid on {on}."
                )
            self.stdout.write(f"{username}: {options['role']} ends on {on}.")
        else:
            for assignment in RoleAssignment.objects.filter(user=user).order_by(
                "start", "pk"
            ):
                party = assignment.country or assignment.organization or ""
                self.stdout.write(
                    f"{assignment.role}\t{party}\t"
                    f"{assignment.start or '…'} – {assignment.end or '…'}"
                )
