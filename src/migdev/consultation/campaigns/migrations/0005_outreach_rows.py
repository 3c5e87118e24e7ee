"""Campaigns use the platform's outreach app (step 2 of 3): each campaign's reminder rules,
each recipient's language, link and progress, the messages and the follow-ups
move to outreach's tables. Rows keep their ids (so dedupe keys such as
``reminder:<rule>:<recipient>`` still name the same decisions); each message's
stored body becomes its plain-text and HTML parts."""

import html
import re

from django.core.management.color import no_style
from django.db import migrations, models


#: As the outbox told HTML from plain text before this migration.
_TAG = re.compile(r"</?(p|br|strong|em|ul|ol|li|a|b|i|div|span)\b", re.IGNORECASE)


def _text_to_html(value):
    """Plain text escaped, its paragraphs and line breaks kept."""
    paragraphs = re.split(r"\n\s*\n", (value or "").strip())
    return "".join(
        "<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs if p
    )


def _parts(body, language):
    """The old body (an HTML fragment or plain text) as (text, html)."""
    from migdev import languages
    from migdev.outreach.richtext import html_to_text, sanitize

    if _TAG.search(body or ""):
        fragment = sanitize(body)
        text = html_to_text(fragment)
    else:
        fragment, text = _text_to_html(body), body
    lang = languages.get(language)
    page = (
        f'<!DOCTYPE html>\n<html lang="{lang.bcp47}" dir="{lang.direction}">\n'
        f'<head><meta charset="utf-8"></head>\n<body>\n{fragment}\n</body>\n</html>'
    )
    return text, page


def _title(value):
    if isinstance(value, dict):
        return str(value.get("en") or next(iter(value.values()), ""))[:300]
    return str(value or "")[:300]


def carry_over(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    Rule = apps.get_model("campaigns", "ReminderRule")
    Recipient = apps.get_model("campaigns", "Recipient")
    Message = apps.get_model("campaigns", "Message")
    FollowUp = apps.get_model("campaigns", "FollowUp")
    Request = apps.get_model("outreach", "Request")
    ORule = apps.get_model("outreach", "ReminderRule")
    ORecipient = apps.get_model("outreach", "Recipient")
    OMessage = apps.get_model("outreach", "Message")
    OFollowUp = apps.get_model("outreach", "FollowUp")

    for c in Campaign.objects.all().order_by("pk"):
        Request.objects.create(
            pk=c.pk,
            owner=f"campaigns.campaign:{c.pk}",
            title=_title(c.title),
            sender=c.sender,
            status=c.status,
            opens_on=c.opens_on,
            deadline=c.deadline,
            closes_on=c.closes_on,
            opened_at=c.dispatched_at,
            closed_at=c.closed_at,
        )
        Request.objects.filter(pk=c.pk).update(created_at=c.created_at)
    Campaign.objects.update(request_id=models.F("pk"))
    ORule.objects.bulk_create(
        ORule(pk=r.pk, request_id=r.campaign_id, offset_days=r.offset_days)
        for r in Rule.objects.all()
    )
    ORecipient.objects.bulk_create(
        ORecipient(
            pk=r.pk,
            request_id=r.campaign_id,
            key=f"country:{r.country.iso3}",
            name=r.country.iso3,
            language=r.language,
            token_hash=r.token_hash,
            link_valid_from=r.link_valid_from,
            link_valid_until=r.link_valid_until,
            link_revoked_at=r.link_revoked_at,
            link_issued_at=r.link_issued_at,
            invited_at=r.invited_at,
            reminder_count=r.reminder_count,
            last_reminded_at=r.last_reminded_at,
            last_call_at=r.last_call_at,
            done_at=r.completed_at if r.status == "submitted" else None,
        )
        for r in Recipient.objects.select_related("country")
    )
    Recipient.objects.update(outreach_id=models.F("pk"))
    for m in Message.objects.all().order_by("pk"):
        text, page = _parts(m.body, m.language)
        OMessage.objects.create(
            pk=m.pk,
            recipient_id=m.recipient_id,
            kind=m.kind,
            reminder_rule_id=m.reminder_rule_id,
            dedupe_key=m.dedupe_key,
            to=m.to,
            cc=m.cc,
            language=m.language,
            subject=m.subject,
            body=text,
            html=page,
            status=m.status,
            attempts=m.attempts,
            claimed_at=m.claimed_at,
            sent_at=m.sent_at,
            error=m.error,
            message_id=m.message_id,
        )
        OMessage.objects.filter(pk=m.pk).update(created_at=m.created_at)
    OFollowUp.objects.bulk_create(
        OFollowUp(
            pk=f.pk,
            recipient_id=f.recipient_id,
            kind=f.kind,
            at=f.at,
            by_id=f.by_id,
            contact_name=f.contact_name,
            outcome=f.outcome,
        )
        for f in FollowUp.objects.all()
    )
    # Rows were written with their ids: move the sequences past them.
    connection = schema_editor.connection
    sql = connection.ops.sequence_reset_sql(
        no_style(), [Request, ORule, ORecipient, OMessage, OFollowUp]
    )
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0004_outreach")]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
