"""Who reaches which reply: a focal point only their own State's, the
secretariat every one, an anonymous visitor only a valid link's own form."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern
from django.utils import timezone

from migdev.consultation.campaigns.links import link_issue, link_revoke
from migdev.consultation.campaigns.models import Recipient
from migdev.consultation.responses import services
from migdev.outreach.models import Request
from tests.consultation.responses import files
from tests.consultation.responses.conftest import ANSWERS, key

FRA_SECRET = "FRA-ANSWER-7f3a"
MEX_SECRET = "MEX-ANSWER-91bc"


def reply(recipient, text, actor=None):
    return services.response_save(
        recipient=recipient,
        answers={**ANSWERS, "forum_view": text},
        kind="submission",
        submission_key=key(),
        based_on=recipient.versions.count() or None,
        actor=actor,
        language="en",
    )[0]


def recipient_urls(recipient, number=1):
    """Every page and endpoint of this app that takes a recipient."""
    r = recipient.pk
    return [
        f"/consultations/replies/{r}/",
        f"/fr/consultations/replies/{r}/",
        f"/consultations/replies/{r}/versions/{number}/",
        f"/consultations/replies/{r}/versions/{number}/original/",
        f"/consultations/replies/{r}/enter/",
        f"/api/v1/replies/{r}",
    ]


@pytest.fixture
def two_replies(fra, mex, secretariat):
    reply(fra, FRA_SECRET)
    services.response_enter_for_state(
        actor=secretariat,
        recipient=mex,
        answers={"forum_view": MEX_SECRET},
        received_on=dt.date(2008, 5, 2),
        original_file=files.upload("fax.pdf", files.PDF),
    )


# --- Focal points ---------------------------------------------------------------


def test_focal_point_reads_own_state_not_another(
    client, fra, mex, fra_focal, two_replies
):
    client.force_login(fra_focal)
    for url in recipient_urls(fra):
        response = client.get(url)
        if url.endswith("/enter/"):
            assert response.status_code == 403, url  # the secretariat's page
        elif url.endswith("/original/"):
            assert response.status_code == 404, url  # FRA's v1 has no file
        else:
            assert response.status_code == 200, url
    for url in recipient_urls(mex):
        response = client.get(url)
        # Another State's reply is answered as one that does not exist.
        assert response.status_code == 404, url
        assert MEX_SECRET.encode() not in b"".join(
            getattr(response, "streaming_content", [response.content])
        )


def test_focal_point_cannot_change_another_state(
    client, fra, mex, fra_focal, two_replies
):
    client.force_login(fra_focal)
    before = mex.versions.count()
    page = client.post(
        f"/consultations/replies/{mex.pk}/",
        {
            "a-forum_view": "hijack",
            "submission_key": key(),
            "based_on": "1",
            "action": "submit",
        },
    )
    api = client.post(
        f"/api/v1/replies/{mex.pk}",
        {
            "kind": "submission",
            "answers": {"forum_view": "hijack"},
            "submission_key": key(),
            "based_on": 1,
        },
        content_type="application/json",
    )
    enter = client.post(
        f"/consultations/replies/{mex.pk}/enter/",
        {
            "received_on": "2008-05-01",
            "original_file": files.upload("x.pdf", files.PDF),
        },
    )
    assert (page.status_code, api.status_code, enter.status_code) == (404, 404, 404)
    assert mex.versions.count() == before


def test_focal_point_link_to_other_state_gives_only_that_state(
    client, fra, mex, fra_focal, two_replies
):
    """A link opens its own State's form, whoever holds it."""
    token = link_issue(mex)
    client.force_login(fra_focal)
    page = client.get(f"/consultations/replies/link/{token}/")
    assert page.status_code == 200
    assert FRA_SECRET not in page.content.decode()


def test_secretariat_reads_and_enters_every_reply(
    client, fra, mex, secretariat, two_replies
):
    client.force_login(secretariat)
    for url in recipient_urls(mex):
        assert client.get(url).status_code == 200, url
    for url in recipient_urls(fra):
        if not url.endswith("/original/"):
            assert client.get(url).status_code == 200, url


def test_public_user_and_organization_reporter_reach_no_reply(
    client, make_user, fra, two_replies
):
    for user in (make_user(), make_user(make_user.ORG_REPORTER, organization="iom")):
        client.force_login(user)
        for url in recipient_urls(fra):
            assert client.get(url).status_code == 404, url


# --- Anonymous visitors -----------------------------------------------------------


def test_anonymous_reaches_no_recipient_url(client, fra, two_replies):
    for url in recipient_urls(fra):
        response = client.get(url)
        assert response.status_code in (302, 401), url
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"]
    api = client.post(
        f"/api/v1/replies/{fra.pk}",
        {"kind": "draft", "answers": {}, "submission_key": key(), "based_on": 1},
        content_type="application/json",
    )
    assert api.status_code == 401


def test_valid_link_reaches_exactly_its_own_form(client, fra, mex, token, two_replies):
    page = client.get(f"/consultations/replies/link/{token}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert FRA_SECRET in html and MEX_SECRET not in html
    assert client.get(f"/api/v1/links/{token}/reply").json()["recipient_id"] == fra.pk
    # The link is no session: the other pages stay closed.
    assert client.get(f"/consultations/replies/{fra.pk}/").status_code == 302
    assert client.get(f"/api/v1/replies/{fra.pk}").status_code == 401


def _bad_tokens(fra, token):
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    return {"tampered": tampered, "truncated": token[:20], "garbage": "x" * 200}


@pytest.mark.parametrize("how", ["tampered", "truncated", "garbage"])
def test_tampered_link_refused(client, fra, token, how, two_replies):
    bad = _bad_tokens(fra, token)[how]
    page = client.get(f"/consultations/replies/link/{bad}/")
    assert page.status_code == 403
    body = page.content.decode()
    assert "not valid" in body and FRA_SECRET not in body and "France" not in body
    api = client.get(f"/api/v1/links/{bad}/reply")
    assert api.status_code == 403 and api.json()["error"]["code"] == "invalid_link"
    post = client.post(
        f"/api/v1/links/{bad}/reply",
        {"kind": "draft", "answers": {}, "submission_key": key(), "based_on": 1},
        content_type="application/json",
    )
    assert post.status_code == 403
    assert fra.versions.count() == 1


def test_revoked_link_refused(client, fra, token, two_replies):
    link_revoke(fra)
    page = client.get(f"/consultations/replies/link/{token}/")
    assert page.status_code == 410 and "withdrawn" in page.content.decode()
    assert FRA_SECRET not in page.content.decode()
    post = client.post(
        f"/api/v1/links/{token}/reply",
        {
            "kind": "submission",
            "answers": ANSWERS,
            "submission_key": key(),
            "based_on": 1,
        },
        content_type="application/json",
    )
    assert post.status_code == 410 and post.json()["error"]["code"] == "link_revoked"
    assert fra.versions.count() == 1


def test_replaced_link_refused(client, fra, token):
    link_issue(fra)
    assert client.get(f"/consultations/replies/link/{token}/").status_code == 403


def test_expired_link_refused(client, fra, two_replies):
    now = timezone.now()
    token = link_issue(
        fra,
        valid_from=now - dt.timedelta(days=30),
        valid_until=now - dt.timedelta(days=1),
    )
    page = client.get(f"/consultations/replies/link/{token}/")
    assert page.status_code == 410 and "expired" in page.content.decode()
    form_post = client.post(
        f"/consultations/replies/link/{token}/",
        {
            "a-forum_view": "late",
            "submission_key": key(),
            "based_on": "1",
            "action": "submit",
        },
    )
    assert form_post.status_code == 410
    assert fra.versions.count() == 1


def test_link_to_a_closed_campaign_refused(client, fra, token, campaign):
    Request.objects.filter(campaign=campaign).update(status=Request.Status.CLOSED)
    response = client.post(
        f"/api/v1/links/{token}/reply",
        {
            "kind": "submission",
            "answers": ANSWERS,
            "submission_key": key(),
            "based_on": None,
        },
        content_type="application/json",
    )
    assert response.status_code == 410
    assert fra.versions.count() == 0


# --- The whole site, as an anonymous visitor ----------------------------------------

_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _routes(patterns, prefix=""):
    for p in patterns:
        if isinstance(p.pattern, RegexPattern):
            raw = str(p.pattern).lstrip("^").rstrip("$").replace("\\Z", "")
            if re.search(r"[()\[\]?*+|\\]", raw):
                continue  # a regex with groups (the admin's): skipped, it needs staff anyway
            piece = raw
        else:
            piece = str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + piece)
        elif isinstance(p, URLPattern):
            yield prefix + piece


def _fill(route, values):
    names = _PARAM.findall(route)
    if not names:
        yield "/" + route
        return
    choices = [values["int" if conv == "int" else "str"] for conv, _name in names]
    for combo in itertools.product(*choices):
        url = route
        for value in combo:
            url = _PARAM.sub(str(value), url, count=1)
        yield "/" + url


def test_anonymous_visitor_reaches_nothing_but_a_valid_links_own_form(
    client, campaign, fra, mex, token, two_replies
):
    """Every URL of the site, with every parameter tried against the ids of the
    campaign, its recipients and versions, a valid link and an invalid one: the
    only consultation pages an anonymous GET may open are the valid link's
    own form and versions, and no page shows another State's reply."""
    bad_token = "not-" + token[4:]
    values = {
        "int": sorted({campaign.pk, campaign.questionnaire_id, fra.pk, mex.pk, 1, 2}),
        "str": [token, bad_token, "FRA", campaign.questionnaire.code],
    }
    reachable = []
    for route in sorted(set(_routes(get_resolver().url_patterns))):
        if route.startswith(("admin/", "i18n/")) or "static" in route:
            continue
        for url in _fill(route, values):
            response = client.get(url)
            if response.status_code != 200:
                continue
            body = b"".join(
                getattr(response, "streaming_content", None) or [response.content]
            ).decode("utf-8", "replace")
            reachable.append(url)
            assert MEX_SECRET not in body, url
            own_link = url.startswith(
                (f"/consultations/replies/link/{token}/", f"/api/v1/links/{token}/")
            )
            if not own_link:
                assert FRA_SECRET not in body, url
                assert token not in body, url
    consultation = [
        u
        for u in reachable
        if u.startswith(("/consultations/replies/", "/api/v1/replies", "/api/v1/links"))
    ]
    assert sorted(consultation) == sorted(
        [
            f"/consultations/replies/link/{token}/",
            f"/consultations/replies/link/{token}/versions/1/",
            f"/api/v1/links/{token}/reply",
        ]
    ), consultation
    assert "/" in reachable  # the walk did reach public pages
    print("anonymous GET reached:", *sorted(reachable), sep="\n  ")


# --- Escaping ----------------------------------------------------------------------


def test_script_in_an_answer_is_shown_escaped_to_the_secretariat(
    client, fra, secretariat
):
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    reply(fra, script)
    client.force_login(secretariat)
    for url in (
        f"/consultations/replies/{fra.pk}/",
        f"/consultations/replies/{fra.pk}/versions/1/",
    ):
        html = client.get(url).content.decode()
        assert script not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    data = client.get(f"/api/v1/replies/{fra.pk}")
    assert data["Content-Type"].startswith("application/json")
    assert data.json()["latest"]["answers"]["forum_view"] == script


def test_original_document_is_a_download(client, mex, secretariat, two_replies):
    client.force_login(secretariat)
    response = client.get(f"/consultations/replies/{mex.pk}/versions/1/original/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="fax.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == files.PDF


def test_recipient_without_versions_is_not_started(fra):
    assert fra.status == Recipient.Status.NOT_STARTED


def test_a_campaign_not_yet_dispatched_is_hidden_from_focal_points(
    client, make_user, campaign
):
    Request.objects.filter(campaign=campaign).update(status="draft", opened_at=None)
    france = campaign.recipients.get(country__iso3="FRA")
    client.force_login(make_user(make_user.FOCAL_POINT, country="FRA"))
    assert client.get(f"/consultations/replies/{france.pk}/").status_code == 404
    assert client.get(f"/api/v1/replies/{france.pk}").status_code == 404
