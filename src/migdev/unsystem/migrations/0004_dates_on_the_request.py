"""A reporting cycle's dates live on its outreach request only (as a
consultation campaign's do): every cycle gets a request (one made here for a
cycle that had none, with the cycle's dates and status), each cycle's opening
day and deadline are copied onto its request (they were written together, so
this only makes sure), then the cycle's copies are dropped. Reversed, the
cycle's columns come back filled from the request."""

from django.db import migrations, models

DATES = ("opens_on", "deadline")
OWNER = "unsystem.cycle"


def to_request(apps, schema_editor):
    Cycle = apps.get_model("unsystem", "Cycle")
    Request = apps.get_model("outreach", "Request")
    for cycle in Cycle.objects.all().iterator():
        dates = {name: getattr(cycle, name) for name in DATES}
        if cycle.request_id is None:
            title = cycle.title or {}
            request = Request.objects.create(
                owner=f"{OWNER}:{cycle.pk}",
                title=str(title.get("en") or next(iter(title.values()), ""))[:300],
                status=cycle.status,
                **dates,
            )
            Cycle.objects.filter(pk=cycle.pk).update(request=request)
        else:
            Request.objects.filter(pk=cycle.request_id).update(**dates)


def to_cycle(apps, schema_editor):
    Cycle = apps.get_model("unsystem", "Cycle")
    Request = apps.get_model("outreach", "Request")
    for cycle in Cycle.objects.all().iterator():
        request = Request.objects.get(pk=cycle.request_id)
        Cycle.objects.filter(pk=cycle.pk).update(
            **{name: getattr(request, name) for name in DATES}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0002_request_deadline_after_opening"),
        ("unsystem", "0003_gmg_coordination_meeting"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="cycle", name="unsystem_cycle_dates_ordered"
        ),
        migrations.AlterField(
            model_name="cycle",
            name="opens_on",
            field=models.DateField(null=True, verbose_name="opens on"),
        ),
        migrations.AlterField(
            model_name="cycle",
            name="deadline",
            field=models.DateField(null=True, verbose_name="deadline"),
        ),
        migrations.RunPython(to_request, to_cycle),
        migrations.AlterField(
            model_name="cycle",
            name="request",
            field=models.OneToOneField(
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="outreach.request",
            ),
        ),
        migrations.AlterModelOptions(
            name="cycle",
            options={
                "ordering": ["-request__opens_on", "-id"],
                "verbose_name": "reporting cycle",
                "verbose_name_plural": "reporting cycles",
            },
        ),
        migrations.RemoveField(model_name="cycle", name="opens_on"),
        migrations.RemoveField(model_name="cycle", name="deadline"),
        migrations.AddConstraint(
            model_name="cycle",
            constraint=models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="unsystem_cycle_period_ordered",
            ),
        ),
    ]
