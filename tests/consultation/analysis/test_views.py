"""Pages: the tally (public once published, without quotes), codebook, coding."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from migdev.consultation.analysis import services
from migdev.consultation.analysis.models import Coding, Theme
from tests.consultation.analysis.conftest import recipient_of, reply
from tests.consultation.factories import make_campaign, six

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def setup(secretariat):
    campaign = make_campaign(recipients=("FRA", "MEX", "EGY"))
    question = campaign.questionnaire.questions.get(name="forum_view")
    useful = services.theme_create(
        actor=secretariat,
        question=question,
        code="useful",
        label=six("Forum a useful outcome", fr="Le Forum, un résultat utile"),
        definition=six("The answer calls the Forum useful."),
    )
    sole = services.theme_create(
        actor=secretariat, question=question, code="sole", label=six("Sole follow-up")
    )
    fra, egy = recipient_of(campaign, "FRA"), recipient_of(campaign, "EGY")
    reply(fra, {"forum_view": "Le Forum est utile. " + SCRIPT, "level": "global"})
    reply(egy, {"forum_view": "المنتدى مفيد.", "level": "regional"})
    services.coding_set(
        actor=secretariat,
        recipient=fra,
        question=question,
        themes=[useful],
        quotes={"useful": "Le Forum est utile."},
    )
    return campaign, question, {"useful": useful, "sole": sole}


def tally_url(campaign, prefix=""):
    return prefix + reverse("analysis:tally", kwargs={"pk": campaign.pk})


def test_unpublished_tally_is_the_secretariats(client, setup, focal_point):
    campaign, _q, _t = setup
    # Not public: answered as a campaign that does not exist, to anyone.
    assert client.get(tally_url(campaign)).status_code == 404
    client.force_login(focal_point)
    assert client.get(tally_url(campaign)).status_code == 404


def test_secretariat_sees_the_tally_with_quotes(client, setup, secretariat):
    campaign, _q, _t = setup
    client.force_login(secretariat)
    response = client.get(tally_url(campaign))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Forum a useful outcome" in html
    assert "one (one of two)" in html or "one (1 of 2)" in html
    assert "<details" in html and "Le Forum est utile." in html
    assert "Codebook and coding" in html
    assert reverse("analysis:replies-xlsx", kwargs={"pk": campaign.pk}) in html


def test_published_tally_is_public_without_quotes(client, setup):
    campaign, _q, _t = setup
    campaign.published_at = timezone.now()
    campaign.save()
    response = client.get(tally_url(campaign, "/fr"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le Forum, un résultat utile" in html
    assert "Le Forum est utile." not in html
    assert "<details" not in html
    assert "Codebook" not in html
    assert reverse("analysis:replies-xlsx", kwargs={"pk": campaign.pk}) not in html
    assert "Europe" in html  # closed question by region
    # Replies stay the secretariat's.
    export = client.get(reverse("analysis:replies-csv", kwargs={"pk": campaign.pk}))
    assert export.status_code == 302


def test_tally_page_in_arabic_is_rtl(client, setup, secretariat):
    campaign, _q, _t = setup
    client.force_login(secretariat)
    html = client.get(tally_url(campaign, "/ar")).content.decode()
    assert 'dir="rtl"' in html
    assert "الجميع" in html or "واحدة" in html


def test_codebook_and_theme_form(client, setup, secretariat):
    campaign, question, _t = setup
    client.force_login(secretariat)
    html = client.get(
        reverse("analysis:codebook", kwargs={"pk": campaign.pk})
    ).content.decode()
    assert "Forum a useful outcome" in html and "<code>sole</code>" in html
    add = reverse(
        "analysis:theme-add", kwargs={"pk": campaign.pk, "question_id": question.pk}
    )
    form = client.get(add).content.decode()
    assert 'name="label_ar"' in form and 'lang="ar" dir="rtl"' in form
    data = {"code": "keep-on-agenda", "order": ""}
    for code in ("ar", "zh-hans", "en", "fr", "ru", "es"):
        data[f"label_{code}"] = ""
        data[f"definition_{code}"] = ""
    data["label_en"] = "Keep the item on the agenda"
    data["label_fr"] = "Garder le point"
    response = client.post(add, data)
    assert response.status_code == 302
    theme = Theme.objects.get(code="keep-on-agenda")
    assert theme.label["fr"] == "Garder le point"
    # A duplicate code is refused on the form.
    response = client.post(add, data)
    assert response.status_code == 200
    assert "already has a theme" in response.content.decode()


def test_theme_form_refuses_closed_questions(client, setup, secretariat):
    campaign, _q, _t = setup
    client.force_login(secretariat)
    closed = campaign.questionnaire.questions.get(name="level")
    url = reverse(
        "analysis:theme-add", kwargs={"pk": campaign.pk, "question_id": closed.pk}
    )
    assert client.get(url).status_code == 404


def test_theme_edit_and_delete(client, setup, secretariat):
    campaign, _q, themes = setup
    client.force_login(secretariat)
    url = reverse(
        "analysis:theme-edit",
        kwargs={"pk": campaign.pk, "theme_id": themes["useful"].pk},
    )
    assert "History" in client.get(url).content.decode()
    response = client.post(url, {"delete": "1"})
    assert response.status_code == 302
    assert not Theme.objects.filter(code="useful").exists()
    assert not Coding.objects.exists()


def test_coding_screen_escapes_the_answer(client, setup, secretariat):
    """A reply's text is shown escaped: no script from a reply runs."""
    campaign, question, _t = setup
    client.force_login(secretariat)
    url = reverse(
        "analysis:coding",
        kwargs={"pk": campaign.pk, "question_id": question.pk, "iso3": "FRA"},
    )
    html = client.get(url).content.decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert 'type="checkbox" name="theme" value="useful"' in html
    assert 'rel="prev"' in html  # Egypt sorts before France
    list_html = client.get(
        reverse(
            "analysis:coding-list",
            kwargs={"pk": campaign.pk, "question_id": question.pk},
        )
    ).content.decode()
    assert SCRIPT not in list_html
    assert "1 of 2 answers coded" in list_html


def test_coding_screen_saves_and_goes_next(client, setup, secretariat):
    campaign, question, _themes = setup
    client.force_login(secretariat)
    url = reverse(
        "analysis:coding",
        kwargs={"pk": campaign.pk, "question_id": question.pk, "iso3": "EGY"},
    )
    response = client.post(
        url,
        {
            "theme": ["useful", "sole"],
            "quote-useful": "المنتدى\n مفيد",
            "quote-sole": "",
            "next": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/coding/FRA/")
    assert sorted(
        Coding.objects.filter(recipient__country__iso3="EGY").values_list(
            "theme__code", flat=True
        )
    ) == ["sole", "useful"]
    assert (
        Coding.objects.get(recipient__country__iso3="EGY", theme__code="useful").quote
        == "المنتدى مفيد"
    )


def test_coding_screen_shows_a_wrong_quote(client, setup, secretariat):
    campaign, question, _t = setup
    client.force_login(secretariat)
    url = reverse(
        "analysis:coding",
        kwargs={"pk": campaign.pk, "question_id": question.pk, "iso3": "EGY"},
    )
    response = client.post(url, {"theme": ["useful"], "quote-useful": "not said"})
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "the State&#x27;s answer (Egypt)" in html
        or "the State's answer (Egypt)" in html
    )
    assert 'aria-invalid="true"' in html
    assert not Coding.objects.filter(recipient__country__iso3="EGY").exists()


def test_coding_pages_are_the_secretariats(client, setup, focal_point):
    campaign, question, _t = setup
    client.force_login(focal_point)
    for url in (
        reverse("analysis:codebook", kwargs={"pk": campaign.pk}),
        reverse(
            "analysis:coding-list",
            kwargs={"pk": campaign.pk, "question_id": question.pk},
        ),
        reverse(
            "analysis:coding",
            kwargs={"pk": campaign.pk, "question_id": question.pk, "iso3": "FRA"},
        ),
        reverse("analysis:replies-xlsx", kwargs={"pk": campaign.pk}),
    ):
        assert client.get(url).status_code == 404, url  # not published yet


def test_coding_a_state_that_did_not_reply_is_not_found(client, setup, secretariat):
    campaign, question, _t = setup
    client.force_login(secretariat)
    url = reverse(
        "analysis:coding",
        kwargs={"pk": campaign.pk, "question_id": question.pk, "iso3": "MEX"},
    )
    assert client.get(url).status_code == 404


def test_admin_lists_themes_and_codings_read_only(client, setup, make_user):
    admin_user = make_user(make_user.SECRETARIAT)
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    assert client.get("/admin/analysis/theme/").status_code == 200
    response = client.get("/admin/analysis/coding/")
    assert response.status_code == 200
    assert "Le Forum est utile." in response.content.decode()
    assert client.get("/admin/analysis/theme/add/").status_code == 403


def test_coding_list_flags_answers_changed_since_coded(client, setup, secretariat):
    campaign, question, _t = setup
    reply(
        recipient_of(campaign, "FRA"),
        {"forum_view": "Le Forum est utile. Il doit rester informel."},
    )
    client.force_login(secretariat)
    html = client.get(
        reverse(
            "analysis:coding-list",
            kwargs={"pk": campaign.pk, "question_id": question.pk},
        )
    ).content.decode()
    assert "Replied again since coded" in html
