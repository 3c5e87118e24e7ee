"""The secretariat's reply screens: the interface in the user's language, the
reply's questions and answers in the reply's own, and a confirmation after a
fax entry that speaks to the person who entered it."""

from __future__ import annotations

import re

from migdev.consultation.responses import services
from migdev.consultation.responses.models import ResponseVersion
from tests.consultation.responses import files
from tests.consultation.responses.conftest import key

QUESTION = "How does your Government view the Global Forum?"


def _reply_egypt(egy, secretariat):
    version, _ = services.response_save(
        recipient=egy,
        answers={"forum_view": "نص الرد", "sole_followup": "no"},
        kind=ResponseVersion.Kind.SUBMISSION,
        submission_key=key(),
        based_on=None,
        actor=secretariat,
        language="ar",
        channel=ResponseVersion.Channel.WEB,
    )
    return version


def _content(html: str) -> str:
    match = re.search(
        r'<(?:div|section) class="reply-[a-z]+" lang="ar" dir="rtl">', html
    )
    assert match, "the reply's text is not marked as Arabic"
    return html[match.end() :]


def test_reply_form_keeps_the_users_interface(client, egy, secretariat):
    client.force_login(secretariat)
    html = client.get(f"/consultations/replies/{egy.pk}/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Save draft" in html and "Versions of this reply" in html
    assert f"{QUESTION} [ar]" in _content(html)


def test_version_page_in_french_shows_the_arabic_reply(client, egy, secretariat):
    version = _reply_egypt(egy, secretariat)
    client.force_login(secretariat)
    url = f"/fr/consultations/replies/{egy.pk}/versions/{version.number}/"
    html = client.get(url).content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Versions de cette réponse" in html
    content = _content(html)
    assert f"{QUESTION} [ar]" in content and "نص الرد" in content
    # The reply can be read with the questions in another language.
    english = client.get(url + "?content=en").content.decode()
    assert '<html lang="fr" dir="ltr">' in english
    assert f"{QUESTION}</h3>" in english


def test_fax_entry_confirmation_speaks_to_the_secretariat(client, egy, secretariat):
    client.force_login(secretariat)
    url = f"/consultations/replies/{egy.pk}/enter/"
    html = client.get(url).content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert f"{QUESTION} [ar]" in _content(html)
    response = client.post(
        url,
        {
            "submission_key": re.search(
                r'name="submission_key" value="([^"]*)"', html
            ).group(1),
            "received_on": "2008-05-06",
            "reply_language": "ar",
            "a-forum_view": "نص الرد",
            "original_file": files.upload("fax.tif", files.TIFF),
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert '<html lang="en" dir="ltr">' in page
    assert "Recorded: the State's reply (Egypt) received on" in page
    assert "Thank you: your reply has been received" not in page
    assert "A receipt is sent by e-mail" not in page
    roster = f'href="/consultations/campaigns/{egy.campaign_id}/"'
    assert roster in page and "Back to the roster" in page


def test_the_states_link_page_stays_in_the_states_language(client, egy):
    from migdev.consultation.campaigns.links import link_issue

    html = client.get(
        f"/consultations/replies/link/{link_issue(egy)}/"
    ).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "?content=" not in html  # no language switch of the content for a State
