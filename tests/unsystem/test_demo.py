"""The demo has an open reporting cycle, its invitations in the outbox and
published activities in chapter IV."""

from __future__ import annotations

import pytest

from migdev.outreach.models import Message
from migdev.registry.demo import load_demo as registry_demo
from migdev.registry.models import Contact
from migdev.unsystem import selectors
from migdev.unsystem.demo import load_demo
from migdev.unsystem.models import Cycle

pytestmark = pytest.mark.django_db


def test_demo_cycle(client):
    registry_demo()
    load_demo()
    load_demo()  # idempotent
    cycle = Cycle.objects.get()
    assert cycle.status == Cycle.Status.OPEN and cycle.request.status == "open"
    assert cycle.contributions.count() == 11
    sections = {k: entities for k, _l, entities in selectors.chapter_iv(cycle)}
    assert [o.code for o, _a in sections["regional_commissions"]] == ["eclac"]
    assert sum(len(a) for e in sections.values() for _o, a in e) == 6
    # One invitation per entity; IOM's goes to the demo's reporter.iom.
    invitations = Message.objects.filter(kind="invitation")
    assert invitations.count() == 11
    iom = invitations.get(recipient__key="entity:iom")
    reporter = Contact.objects.get(
        organization__code="iom", user__username="reporter.iom"
    )
    assert iom.to == [reporter.email]
    html = client.get("/un-system/").content.decode()
    assert cycle.title.get_text("en") in html
    es = client.get(f"/es/un-system/cycles/{cycle.pk}/chapter-iv/").content.decode()
    assert "Investigación de la migración internacional" in es
