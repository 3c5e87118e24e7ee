"""The tracking chart in a real browser, in the six languages: no label runs
out of the drawing, and no two marker labels overlap (measured with getBBox)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.registry.models import Country
from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser]

TZ = dt.UTC

MEASURE = """
() => {
  const svg = document.querySelector('svg.replies-chart');
  const [vx, vy, vw, vh] = svg.getAttribute('viewBox').split(' ').map(Number);
  return {
    view: [vx, vy, vw, vh],
    texts: [...svg.querySelectorAll('text')].map(t => {
      const b = t.getBBox();
      return {cls: t.getAttribute('class'), text: t.textContent,
              x: b.x, y: b.y, w: b.width, h: b.height};
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
    Campaign.objects.filter(pk=campaign.pk).update(
        status=Campaign.Status.CLOSED,
        closed_at=dt.datetime(2008, 7, 15, 17, tzinfo=TZ),
    )
    assert Recipient.objects.filter(campaign=campaign, status="submitted").count() == 64
    return campaign


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
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
    assert [t["text"] for t in texts if t["cls"] == "total"] == [total]
    for t in texts:
        assert t["w"] > 0, t
        assert vx <= t["x"] and t["x"] + t["w"] <= vx + vw, t
        assert vy <= t["y"] and t["y"] + t["h"] <= vy + vh, t
    labels = [t for t in texts if t["cls"] == "marker-label"]
    assert len(labels) == 3  # the deadline and two reminders
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not _overlap(a, b), (a, b)
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("svg.replies-chart").screenshot(
        path=str(ARTIFACTS / f"tracking-chart-{lang}.png")
    )
