from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]

    operations = [
        migrations.AddConstraint(
            model_name="request",
            constraint=models.CheckConstraint(
                condition=models.Q(deadline__isnull=True)
                | models.Q(deadline__gte=models.F("opens_on")),
                name="outreach_deadline_after_opening",
            ),
        ),
    ]
