"""The system actor: the user scheduled jobs act as in the audit trail
(``core.audit.system_actor``). Inactive, with no usable password."""

from django.conf import settings
from django.db import migrations


def create(apps, schema_editor):
    app_label, model_name = settings.AUTH_USER_MODEL.split(".")
    User = apps.get_model(app_label, model_name)
    User.objects.get_or_create(
        username="system", defaults={"is_active": False, "password": "!system"}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_api_token"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
