"""Campaigns use the platform's outreach app (step 1 of 3): each campaign
gets its outreach request, each recipient its outreach recipient (empty yet;
``0005_outreach_rows`` fills them, ``0006_outreach_only`` drops what moved).
Three migrations, so that PostgreSQL commits the rows before the tables
are altered."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0003_message_status_no_address"),
        ("outreach", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="request",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="campaign",
                to="outreach.request",
            ),
        ),
        migrations.AddField(
            model_name="recipient",
            name="outreach",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="campaign_recipient",
                to="outreach.recipient",
            ),
        ),
    ]
