"""The questionnaire pages: secretariat only; list, detail, translations, preview,
upload with its problem list (escaped), download."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from migdev.consultation.questionnaires.models import Question, Questionnaire
from tests.consultation.factories import make_questionnaire, six

from .conftest import EN, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(client, make_user):
    client.force_login(make_user(make_user.SECRETARIAT))
    return client


@pytest.fixture
def questionnaire():
    return make_questionnaire()


def urls(q):
    return [
        reverse("questionnaires:list"),
        reverse("questionnaires:import"),
        reverse("questionnaires:detail", kwargs={"pk": q.pk}),
        reverse("questionnaires:translations", kwargs={"pk": q.pk}),
        reverse("questionnaires:preview", kwargs={"pk": q.pk}),
        reverse("questionnaires:xlsform", kwargs={"pk": q.pk}),
    ]


@pytest.mark.parametrize(
    ("role", "kwargs"),
    [
        ("FOCAL_POINT", {"country": "FRA"}),
        ("FORUM_SUPPORT", {}),
        ("ORG_REPORTER", {"organization": "iom"}),
        (None, {}),
    ],
)
def test_pages_are_refused_to_everyone_but_the_secretariat(
    client, make_user, questionnaire, role, kwargs
):
    user = make_user(getattr(make_user, role) if role else None, **kwargs)
    client.force_login(user)
    for url in urls(questionnaire):
        assert client.get(url).status_code == 403, url
    upload = SimpleUploadedFile(
        "f.xlsx", workbook([("type", "name", EN), ("text", "q", "Q")])
    )
    assert (
        client.post(reverse("questionnaires:import"), {"file": upload}).status_code
        == 403
    )
    assert Questionnaire.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client, questionnaire):
    for url in urls(questionnaire):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response["Location"]


def test_list_and_detail(secretariat, questionnaire):
    page = secretariat.get(reverse("questionnaires:list")).content.decode()
    assert "Follow-up of the Dialogue" in page
    assert "hld-test" in page
    page = secretariat.get(
        reverse("questionnaires:detail", kwargs={"pk": questionnaire.pk})
    )
    html = page.content.decode()
    assert "How does your Government view the Global Forum?" in html
    assert "${sole_followup} = &#x27;yes&#x27;" in html  # the condition, escaped
    assert "Yes or no" in html and "Single choice" in html
    assert "required" in html
    assert "Every label, help text and choice is written in the six languages." in html


def test_translation_view_counts_and_marks_missing_cells(secretariat, questionnaire):
    question = questionnaire.questions.get(name="forum_view")
    question.label = {"en": "How?", "fr": "Comment ?"}
    question.hint = {"en": "A few lines."}
    question.save()
    choice = questionnaire.choices.get(name="global")
    choice.label = {"en": "Global"}
    choice.save()
    response = secretariat.get(
        reverse("questionnaires:translations", kwargs={"pk": questionnaire.pk})
    )
    report = response.context["report"]
    assert report.counts["ar"] == {"labels": 1, "hints": 1, "choices": 1}
    assert report.counts["fr"] == {"labels": 0, "hints": 1, "choices": 1}
    assert report.counts["en"] == {"labels": 0, "hints": 0, "choices": 0}
    assert report.totals["ru"] == 3
    rows = {(r.kind, r.name): r.missing for r in response.context["rows"]}
    assert rows == {
        ("question", "forum_view"): ["ar", "zh-hans", "ru", "es"],
        ("hint", "forum_view"): ["ar", "zh-hans", "fr", "ru", "es"],
        ("choice", "level/global"): ["ar", "zh-hans", "fr", "ru", "es"],
    }
    html = response.content.decode()
    assert html.count('class="q-missing"') == 14
    assert "Comment ?" in html
    every = secretariat.get(
        reverse("questionnaires:translations", kwargs={"pk": questionnaire.pk})
        + "?show=all"
    )
    assert len(every.context["rows"]) > 3


def test_preview_in_each_language(secretariat, questionnaire):
    url = reverse("questionnaires:preview", kwargs={"pk": questionnaire.pk})
    french = secretariat.get(url + "?lang=fr").content.decode()
    assert 'lang="fr" dir="ltr"' in french
    assert "How does your Government view the Global Forum? [fr]" in french
    assert "Oui" in french  # the standard yes/no labels
    arabic = secretariat.get(url + "?lang=ar").content.decode()
    assert 'lang="ar" dir="rtl"' in arabic
    assert "نعم" in arabic
    chinese = secretariat.get(url + "?lang=zh-hans").content.decode()
    assert "[zh-hans]" in chinese
    assert secretariat.get(url + "?lang=xx").status_code == 200


def test_preview_says_conditions_in_words(secretariat, questionnaire):
    """The preview says "Asked only if “Should the Forum be…?” is “Yes”",
    not the XLSForm expression."""
    url = reverse("questionnaires:preview", kwargs={"pk": questionnaire.pk})
    html = secretariat.get(url + "?lang=en").content.decode()
    condition = html[html.index('class="muted q-condition"') :].split("</p>")[0]
    text = condition.split(">", 1)[1]
    assert (
        "Asked only if “Should the Forum be the sole follow-up mechanism?” is “Yes”."
        in text
    )
    assert "${" not in text and "&#x27;" not in text
    detail = secretariat.get(
        reverse("questionnaires:detail", kwargs={"pk": questionnaire.pk})
    ).content.decode()
    assert "“Should the Forum be the sole follow-up mechanism?” is “Yes”" in detail


def test_conditions_in_words():
    from migdev.consultation.questionnaires.conditions import describe_condition

    labels = {"policy": "Is there a policy?", "forms": "Forms", "n": "Staff"}
    choices = {"policy": {"yes": "Yes"}, "forms": {"other": "Other"}}
    cases = {
        "${policy} = 'yes'": "“Is there a policy?” is “Yes”",
        "${policy} != ''": "“Is there a policy?” is answered",
        "selected(${forms}, 'other')": "“Forms” includes “Other”",
        "${n} >= 3 or not(${policy} = '')": (
            "“Staff” is at least 3 or not (“Is there a policy?” is not answered)"
        ),
        "count-selected(${forms}) > 1": (
            "the number of answers chosen in “Forms” is more than 1"
        ),
    }
    for expression, words in cases.items():
        assert describe_condition(expression, labels, choices) == words
    assert describe_condition("${broken", labels, choices) == "${broken"


def test_download_xlsform(secretariat, questionnaire):
    response = secretariat.get(
        reverse("questionnaires:xlsform", kwargs={"pk": questionnaire.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="hld-test.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["survey", "choices", "settings"]


def test_upload_imports_and_redirects(secretariat):
    data = workbook(
        [("type", "name", EN), ("text", "q1", "First question")],
        settings=[("form_id", "form_title"), ("uploaded", "Uploaded form")],
    )
    response = secretariat.post(
        reverse("questionnaires:import"),
        {"file": SimpleUploadedFile("form.xlsx", data)},
    )
    q = Questionnaire.objects.get(code="uploaded")
    assert response.status_code == 302
    assert response["Location"] == reverse("questionnaires:detail", kwargs={"pk": q.pk})
    assert Question.objects.filter(questionnaire=q).count() == 1


def test_upload_problems_are_listed_and_escaped(secretariat):
    data = workbook(
        [
            ("type", "name", EN),
            ("<script>alert(1)</script>", "q1", "Q1"),
            ("text", "q1", "Again"),
        ]
    )
    response = secretariat.post(
        reverse("questionnaires:import"),
        {"file": SimpleUploadedFile("form.xlsx", data)},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert (
        "Sheet survey, row 3, column name: The name &#x27;q1&#x27; is already used"
        in html
    )
    assert "fix these 2 problems" in html
    assert Questionnaire.objects.count() == 0


def test_upload_of_a_file_that_is_not_a_workbook(secretariat):
    response = secretariat.post(
        reverse("questionnaires:import"),
        {"file": SimpleUploadedFile("form.xlsx", b"%PDF-1.4 not a workbook")},
    )
    assert response.status_code == 400
    assert "This file is not an Excel workbook (.xlsx)" in response.content.decode()


def test_upload_replace(secretariat, questionnaire):
    data = workbook(
        [("type", "name", EN), ("text", "forum_view", "New wording")],
        settings=[("form_id", "form_title"), ("hld-test", "Follow-up")],
    )
    refused = secretariat.post(
        reverse("questionnaires:import"), {"file": SimpleUploadedFile("f.xlsx", data)}
    )
    assert "already exists" in refused.content.decode()
    response = secretariat.post(
        reverse("questionnaires:import"),
        {"file": SimpleUploadedFile("f.xlsx", data), "replace": "on"},
    )
    assert response.status_code == 302
    assert list(questionnaire.questions.values_list("name", flat=True)) == [
        "forum_view"
    ]
    assert questionnaire.questions.get().label == {"en": "New wording"}


def test_names_and_labels_are_escaped_on_every_page(secretariat):
    q = make_questionnaire("xss")
    question = q.questions.get(name="forum_view")
    question.label = six("<img src=x onerror=alert(1)>")
    question.save()
    for url in urls(q)[2:5]:
        html = secretariat.get(url).content.decode()
        assert "<img src=x" not in html, url
