from django.apps import apps
from django.core.management.base import BaseCommand

from migdev.core.fields import LocalizedTextField, missing_translations
from migdev.core.i18n import LANGUAGE_CODES


class Command(BaseCommand):
    help = "List the records whose six-language texts lack a language."

    def add_arguments(self, parser):
        parser.add_argument(
            "--language",
            action="append",
            choices=LANGUAGE_CODES,
            help="Only these languages (repeat the option).",
        )

    def handle(self, *args, language=None, **options):
        languages = language or list(LANGUAGE_CODES)
        total = 0
        for model in apps.get_models():
            if not any(
                isinstance(f, LocalizedTextField) for f in model._meta.get_fields()
            ):
                continue
            for obj in model._default_manager.all():
                for name, missing in missing_translations(obj, languages).items():
                    total += 1
                    self.stdout.write(
                        f"{model._meta.label}\t{obj.pk}\t{obj}\t{name}\t{','.join(missing)}"
                    )
        self.stdout.write(f"{total} text(s) lack a translation.")
