"""Markup typed in an answer is quoted as text in the receipt, never mailed as
HTML (a link holder must not be able to send links under the site's name)."""

from __future__ import annotations

import datetime as dt

from django.core import mail

from migdev.consultation.responses import services
from migdev.outreach.services import messages_deliver
from migdev.registry.models import Contact
from tests.consultation.responses.conftest import ANSWERS, key

HOSTILE = '<p>Hi</p><a href="https://evil.example/login">Re-authenticate</a><img src="https://evil.example/px.gif">'


def test_markup_in_an_answer_reaches_the_receipt_as_text(db, settings, fra, token):
    settings.MIGDEV_RECEIPT_DELIVERY = "job"
    Contact.objects.create(
        kind=Contact.Kind.FOCAL_POINT,
        country=fra.country,
        name="Point focal",
        email="pf@example.fr",
        start=dt.date(2000, 1, 1),
    )
    services.response_save_by_link(
        token=token,
        answers={**ANSWERS, "forum_view": HOSTILE},
        kind="submission",
        submission_key=key(),
        based_on=None,
        language="fr",
    )
    messages_deliver()
    receipt = next(m for m in mail.outbox if "pf@example.fr" in m.to)
    html = receipt.alternatives[0][0] if receipt.alternatives else ""
    assert '<a href="https://evil.example' not in html
    assert "<img" not in html
    assert "&lt;a href=" in html
    assert "Re-authenticate" in receipt.body
