"""Campaigns use the platform's outreach app (step 3 of 3): the links to
outreach become required; reminder rules, messages, follow-ups and the
recipients' language, link and progress now live in outreach only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0005_outreach_rows")]

    operations = [
        migrations.AlterField(
            model_name="campaign",
            name="request",
            field=models.OneToOneField(
                help_text="Its recipients, links, reminders and messages.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="campaign",
                to="outreach.request",
            ),
        ),
        migrations.AlterField(
            model_name="recipient",
            name="outreach",
            field=models.OneToOneField(
                help_text="Its language, access link, messages and follow-ups.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="campaign_recipient",
                to="outreach.recipient",
            ),
        ),
        migrations.DeleteModel(name="FollowUp"),
        migrations.DeleteModel(name="Message"),
        migrations.RemoveConstraint(
            model_name="reminderrule", name="campaigns_reminder_unique_offset"
        ),
        migrations.DeleteModel(name="ReminderRule"),
        migrations.RemoveField(model_name="recipient", name="language"),
        migrations.RemoveField(model_name="recipient", name="token_hash"),
        migrations.RemoveField(model_name="recipient", name="link_valid_from"),
        migrations.RemoveField(model_name="recipient", name="link_valid_until"),
        migrations.RemoveField(model_name="recipient", name="link_revoked_at"),
        migrations.RemoveField(model_name="recipient", name="link_issued_at"),
        migrations.RemoveField(model_name="recipient", name="invited_at"),
        migrations.RemoveField(model_name="recipient", name="reminder_count"),
        migrations.RemoveField(model_name="recipient", name="last_reminded_at"),
        migrations.RemoveField(model_name="recipient", name="last_call_at"),
    ]
