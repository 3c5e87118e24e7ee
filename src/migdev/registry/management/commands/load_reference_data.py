from django.core.management.base import BaseCommand, CommandError

from migdev.registry.services import ReferenceDataError, reference_data_load


class Command(BaseCommand):
    help = "Load or refresh the registry's reference data (countries, groupings, organizations)."

    def handle(self, *args, **options):
        try:
            summary = reference_data_load()
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Reference data loaded: {summary.countries} countries or areas, "
            f"{summary.groupings} groupings, {summary.memberships} memberships, "
            f"{summary.organizations} organizations, "
            f"{summary.framework_targets} Global Compact objectives and SDG targets."
        )
