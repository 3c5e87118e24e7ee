"""The tracking chart in a real browser, in the six languages: no label runs
out of the drawing, no two legend entries overlap (measured with getBBox), and
the table beside it gives the marked days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from migdev.consultation.campaigns.models import Recipient
from migdev.outreach.models import Request
from migdev.registry.models import Country
from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser]

TZ = dt.UTC

MEASURE = """
() => {
  const svg = document.querySelector('figure.replies-chart svg');
  const [vx, vy, vw, vh] = svg.getAttribute('viewBox').split(' ').map(Number);
  // Boxes on the page, brought back to the drawing's units (getBBox would
  // give each text in the units of the group that moves it).
  const r = svg.getBoundingClientRect();
  const sx = vw / r.width, sy = vh / r.height;
  return {
    view: [vx, vy, vw, vh],
    texts: [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
      const b = t.getBoundingClientRect();
      return {legend: !!t.closest('.legends'), text: t.textContent,
              x: vx + (b.left - r.left) * sx, y: vy + (b.top - r.top) * sy,
              w: b.width * sx, h: b.height * sy};
    }),
  };
}
"""


@pytest.fixture
def campaign_with_64_replies(reference_data):
    from tests.consultation.factories import make_campaign

    codes = list(
        Country.objects.filter(status=Country.Status.MEMBER)
        .order_by("m49")
        .values_list("iso3", flat=True)[:70]
    )
    campaign = make_campaign(recipients=codes)
    start = dt.datetime(2008, 3, 25, 10, tzinfo=TZ)
    for i, recipient in enumerate(campaign.recipients.order_by("pk")[:64]):
        recipient.status = "submitted"
        recipient.completed_at = start + dt.timedelta(days=i * 11 // 8)
        recipient.save(update_fields=["status", "completed_at"])
    Request.objects.filter(campaign=campaign).update(
        status=Request.Status.CLOSED,
        closed_at=dt.datetime(2008, 7, 15, 17, tzinfo=TZ),
    )
    assert Recipient.objects.filter(campaign=campaign, status="submitted").count() == 64
    return campaign


LEGEND_FONT = 12  # px, migdev.stats.charts


def _overlap(a: dict, b: dict) -> bool:
    """Two texts collide: they share horizontal space and their middles are
    less than a font size apart (a line box, taller than the letters in
    Arabic, may reach into the next row without any letter touching)."""
    middle = abs((a["y"] + a["h"] / 2) - (b["y"] + b["h"] / 2))
    return (
        a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and middle < LEGEND_FONT
    )


@pytest.mark.parametrize("lang", ["ar", "en", "ru", "zh-hans", "fr", "es"])
def test_tracking_chart_labels_fit_and_do_not_overlap(
    live_server, make_user, campaign_with_64_replies, page, lang
):
    client = Client()
    client.force_login(make_user(make_user.SECRETARIAT))
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    prefix = "" if lang == "en" else f"/{lang}"
    page.goto(
        f"{live_server.url}{prefix}/consultations/campaigns/"
        f"{campaign_with_64_replies.pk}/tracking/"
    )
    measured = page.evaluate(MEASURE)
    vx, vy, vw, vh = measured["view"]
    texts = measured["texts"]
    # The total with the plural form of its number (ar: 11–99 take the
    # singular accusative; ru: 64 takes the genitive singular).
    total = {
        "ar": "64 ردًّا",
        "en": "64 replies",
        "ru": "64 ответа",
        "zh-hans": "64份答复",
        "fr": "64 réponses",
        "es": "64 respuestas",
    }[lang]
    legend = [t for t in texts if t["legend"]]
    assert total in [t["text"] for t in legend]
    for t in texts:
        assert t["w"] > 0, t
        assert vx <= t["x"] and t["x"] + t["w"] <= vx + vw, t
        assert vy <= t["y"] and t["y"] + t["h"] <= vy + vh, t
    assert len(legend) == 3  # the replies, the deadline, the reminders
    for i, a in enumerate(legend):
        for b in legend[i + 1 :]:
            assert not _overlap(a, b), (a, b)
    events = page.locator("table.replies-table tbody td:nth-child(2)")
    assert sum(1 for text in events.all_inner_texts() if text.strip()) == 3
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("figure.replies-chart svg").screenshot(
        path=str(ARTIFACTS / f"tracking-chart-{lang}.png")
    )
