"""A campaign's status, sender and the times it was dispatched and closed
live on its outreach request only (``status``, ``sender``, ``opened_at``,
``closed_at``), which reminders, links and the outbox read: copy each
campaign's values onto its request (they were written together, so this
only makes sure), then drop the campaign's copies. Reversed, the campaign's
columns come back filled from the request."""

from django.db import migrations

#: The campaign's field and the request's that holds it.
FIELDS = {
    "status": "status",
    "sender": "sender",
    "dispatched_at": "opened_at",
    "closed_at": "closed_at",
}


def to_request(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    Request = apps.get_model("outreach", "Request")
    for campaign in Campaign.objects.all().iterator():
        Request.objects.filter(pk=campaign.request_id).update(
            **{mine: getattr(campaign, theirs) for theirs, mine in FIELDS.items()}
        )


def to_campaign(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    Request = apps.get_model("outreach", "Request")
    for request in Request.objects.filter(campaign__isnull=False).iterator():
        Campaign.objects.filter(request_id=request.pk).update(
            **{theirs: getattr(request, mine) for theirs, mine in FIELDS.items()}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0007_dates_on_the_request"),
        ("outreach", "0002_request_deadline_after_opening"),
    ]

    operations = [
        migrations.RunPython(to_request, to_campaign),
        migrations.RemoveField(model_name="campaign", name="status"),
        migrations.RemoveField(model_name="campaign", name="sender"),
        migrations.RemoveField(model_name="campaign", name="dispatched_at"),
        migrations.RemoveField(model_name="campaign", name="closed_at"),
    ]
