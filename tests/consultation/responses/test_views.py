"""The reply form: language, drafts, submission, retries, stale tabs, history,
and the secretariat's entry of a reply received by other channels."""

from __future__ import annotations

import re

import pytest

from migdev.consultation.responses import services
from migdev.outreach.models import Request
from tests.consultation.responses import files
from tests.consultation.responses.conftest import ANSWERS, key


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, name
    return match.group(1)


def form_data(html, **answers):
    data = {
        "submission_key": hidden(html, "submission_key"),
        "based_on": hidden(html, "based_on"),
        "action": "submit",
    }
    data.update({f"a-{k}": v for k, v in answers.items()})
    return data


@pytest.fixture
def link(token):
    return f"/consultations/replies/link/{token}/"


def test_form_in_the_recipients_language(client, link, fra):
    html = client.get(link).content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "How does your Government view the Global Forum? [fr]" in html
    assert (
        'name="a-forum_view"' in html
        and 'data-relevant="${sole_followup} = &#x27;yes&#x27;"' in html
    )
    assert (
        "Enregistrer" in html or "Save draft" in html
    )  # label translated when the catalog has it


def test_url_language_prefix_wins(client, token):
    html = client.get(f"/es/consultations/replies/link/{token}/").content.decode()
    assert '<html lang="es"' in html
    assert "Follow-up of the Dialogue" not in html or "[es]" in html


def test_arabic_form_is_right_to_left(client, egy):
    from migdev.consultation.campaigns.links import link_issue

    token = link_issue(egy)
    html = client.get(f"/consultations/replies/link/{token}/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "[ar]" in html


def test_condition_applied_on_the_server(client, link, fra):
    html = client.get(link).content.decode()
    assert re.search(r'id="q-why_sole"[^>]*hidden', html)
    services.response_save(
        recipient=fra,
        answers={"sole_followup": "yes"},
        kind="draft",
        submission_key=key(),
        based_on=None,
        language="fr",
    )
    html = client.get(link).content.decode()
    assert not re.search(r'id="q-why_sole"[^>]*hidden', html)


def test_draft_then_submit_then_confirmation(client, link, fra):
    html = client.get(link).content.decode()
    saved = client.post(
        link, {**form_data(html, forum_view="Brouillon"), "action": "draft"}
    )
    assert saved.status_code == 302 and saved["Location"].endswith(
        "/versions/1/?saved=1"
    )
    html = client.get(link).content.decode()
    assert "Brouillon" in html and hidden(html, "based_on") == "1"
    done = client.post(
        link,
        form_data(
            html, forum_view="Le Forum est utile.", sole_followup="no", level="regional"
        ),
    )
    assert done.status_code == 302 and done["Location"].endswith(
        "/versions/2/?submitted=1"
    )
    page = client.get(done["Location"]).content.decode()
    assert "Le Forum est utile." in page
    assert "Versions of this reply" in page or "Versions" in page
    fra.refresh_from_db()
    assert fra.status == "submitted"
    assert [v.kind for v in fra.versions.all()] == ["submission", "draft"]


def test_double_click_makes_one_version(client, link, fra):
    html = client.get(link).content.decode()
    data = form_data(html, forum_view="Once.")
    first = client.post(link, data)
    second = client.post(link, data)
    assert first["Location"] == second["Location"]
    assert fra.versions.count() == 1


def test_stale_tab_gets_a_conflict_with_a_reload_link(client, link, fra):
    tab_a = client.get(link).content.decode()
    tab_b = client.get(link).content.decode()
    assert (
        client.post(link, form_data(tab_a, forum_view="From tab A")).status_code == 302
    )
    response = client.post(link, form_data(tab_b, forum_view="From tab B"))
    assert response.status_code == 409
    html = response.content.decode()
    # The recipient writes French: the message is in French.
    assert "version 1 a été enregistrée entre-temps" in html
    assert f'href="{link}"' in html
    assert "From tab B" in html  # the text typed is not lost
    assert fra.versions.count() == 1


def test_missing_required_answer_is_shown_beside_the_question(client, link, fra):
    html = client.get(link).content.decode()
    response = client.post(link, form_data(html, level="global"))
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'id="q-forum_view"[^>]*>.*?field-error', html, re.S)
    assert fra.versions.count() == 0


def test_closed_campaign_shows_no_form(client, fra, fra_focal, campaign):
    Request.objects.filter(campaign=campaign).update(status=Request.Status.CLOSED)
    client.force_login(fra_focal)
    html = client.get(f"/consultations/replies/{fra.pk}/").content.decode()
    assert 'name="submission_key"' not in html
    response = client.post(
        f"/consultations/replies/{fra.pk}/",
        {
            "a-forum_view": "late",
            "submission_key": key(),
            "based_on": "",
            "action": "submit",
        },
    )
    assert response.status_code == 410
    assert fra.versions.count() == 0


def test_focal_point_form_and_history(client, fra, fra_focal):
    client.force_login(fra_focal)
    url = f"/consultations/replies/{fra.pk}/"
    html = client.get(url).content.decode()
    client.post(url, form_data(html, forum_view="Mine.", level="national"))
    html = client.get(url).content.decode()
    assert fra_focal.username in html
    assert "Mine." in html


def test_secretariat_enters_a_fax(client, egy, secretariat):
    client.force_login(secretariat)
    url = f"/consultations/replies/{egy.pk}/enter/"
    html = client.get(url).content.decode()
    assert 'type="file"' in html and 'accept=".pdf' in html
    response = client.post(
        url,
        {
            "submission_key": hidden(html, "submission_key"),
            "received_on": "2008-05-06",
            "reply_language": "ar",
            "a-forum_view": "نص الرد",
            "original_file": files.upload("fax.tif", files.TIFF),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    version = egy.versions.get()
    assert version.channel == "secretariat" and version.language == "ar"
    page = client.get(response["Location"]).content.decode()
    assert "fax.tif" in page and "secretariat" in page


def test_secretariat_fake_upload_is_refused_with_a_message(client, egy, secretariat):
    client.force_login(secretariat)
    url = f"/consultations/replies/{egy.pk}/enter/"
    response = client.post(
        url,
        {
            "submission_key": key(),
            "received_on": "2008-05-06",
            "original_file": files.upload("fax.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert response.status_code == 400
    assert "is not a PDF document" in response.content.decode()
    assert egy.versions.count() == 0


def test_secretariat_oversize_upload_is_refused(client, egy, secretariat, settings):
    settings.MIGDEV_MAX_UPLOAD_BYTES = 2048
    client.force_login(secretariat)
    response = client.post(
        f"/consultations/replies/{egy.pk}/enter/",
        {
            "submission_key": key(),
            "received_on": "2008-05-06",
            "original_file": files.upload("fax.pdf", files.PDF + b"0" * 5000),
        },
    )
    assert response.status_code == 400
    assert "limit" in response.content.decode()
    assert egy.versions.count() == 0


def test_answers_shown_in_the_version_page(client, fra, fra_focal):
    services.response_save(
        recipient=fra,
        answers={**ANSWERS, "forum_view": "Line one\nLine two"},
        kind="submission",
        submission_key=key(),
        based_on=None,
        language="en",
    )
    client.force_login(fra_focal)
    html = client.get(f"/consultations/replies/{fra.pk}/versions/1/").content.decode()
    assert "Line one<br>Line two" in html
    assert "Regional" in html  # the choice's label, not its name
