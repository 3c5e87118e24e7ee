"""migdev un_cycle open|close: the secretariat opens a reporting cycle for
UN-system activities (chapter IV) or closes one."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from migdev.registry.models import Organization
from migdev.unsystem import services
from migdev.unsystem.models import Cycle


class Command(BaseCommand):
    help = "Open a reporting cycle for UN-system activities, or close one."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["open", "close"])
        parser.add_argument(
            "--as", dest="username", required=True, help="a secretariat login"
        )
        parser.add_argument("--cycle", type=int, help="close: the cycle's id")
        parser.add_argument("--title", help="open: the title (English)")
        parser.add_argument(
            "--period", help="open: YYYY-MM-DD:YYYY-MM-DD, the activities' period"
        )
        parser.add_argument("--opens", help="open: YYYY-MM-DD (default today)")
        parser.add_argument("--deadline", help="open: YYYY-MM-DD")
        parser.add_argument(
            "--entities", help="open: registry codes, comma-separated (unfpa,eclac…)"
        )

    def handle(self, *args, **o):
        actor = get_user_model().objects.filter(username=o["username"]).first()
        if actor is None:
            raise CommandError(f"No login {o['username']!r}.")
        try:
            if o["action"] == "close":
                cycle = services.cycle_close(actor, Cycle.objects.get(pk=o["cycle"]))
                self.stdout.write(f"Closed cycle {cycle.pk}.")
                return
            codes = [c.strip() for c in (o["entities"] or "").split(",") if c.strip()]
            orgs = list(Organization.objects.filter(code__in=codes))
            missing = sorted(set(codes) - {x.code for x in orgs})
            if missing:
                raise CommandError(f"--entities: unknown code {', '.join(missing)}.")
            start, _sep, end = (o["period"] or "").partition(":")
            cycle = services.cycle_open(
                actor,
                title={"en": o["title"] or ""},
                period_start=dt.date.fromisoformat(start),
                period_end=dt.date.fromisoformat(end),
                opens_on=dt.date.fromisoformat(o["opens"])
                if o["opens"]
                else timezone.localdate(),
                deadline=dt.date.fromisoformat(o["deadline"] or ""),
                organizations=orgs,
            )
        except (ValueError, ValidationError, Cycle.DoesNotExist) as exc:
            raise CommandError(str(exc)) from exc
        except PermissionDenied as exc:
            raise CommandError(f"{o['username']} is not the secretariat.") from exc
        self.stdout.write(f"Opened cycle {cycle.pk} for {len(orgs)} entities.")
