"""A campaign's dates live on its outreach request only: copy each campaign's
opening day, deadline and closing day onto its request (they were written
together, so this only makes sure), then drop the campaign's copies. Reversed,
the campaign's columns come back filled from the request."""

from django.db import migrations, models

DATES = ("opens_on", "deadline", "closes_on")


def to_request(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    Request = apps.get_model("outreach", "Request")
    for campaign in Campaign.objects.all().iterator():
        Request.objects.filter(pk=campaign.request_id).update(
            **{name: getattr(campaign, name) for name in DATES}
        )


def to_campaign(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    Request = apps.get_model("outreach", "Request")
    for request in Request.objects.filter(campaign__isnull=False).iterator():
        Campaign.objects.filter(request_id=request.pk).update(
            **{name: getattr(request, name) for name in DATES}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0006_outreach_only"),
        ("outreach", "0002_request_deadline_after_opening"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="campaign", name="campaigns_deadline_after_opening"
        ),
        migrations.AlterField(
            model_name="campaign",
            name="opens_on",
            field=models.DateField(null=True, verbose_name="opens on"),
        ),
        migrations.AlterField(
            model_name="campaign",
            name="deadline",
            field=models.DateField(null=True, verbose_name="deadline"),
        ),
        migrations.RunPython(to_request, to_campaign),
        migrations.AlterModelOptions(
            name="campaign",
            options={
                "ordering": ["-request__opens_on", "-id"],
                "verbose_name": "campaign",
                "verbose_name_plural": "campaigns",
            },
        ),
        migrations.RemoveField(model_name="campaign", name="opens_on"),
        migrations.RemoveField(model_name="campaign", name="deadline"),
        migrations.RemoveField(model_name="campaign", name="closes_on"),
    ]
