"""One questionnaire, one order: a form with groups, conditions ("ask only
if") and questions after a group shows its questions in the same order on the
reply form, the reply's page, the questionnaire's page, in the validation
errors, the exports and the analysis."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import Workbook, load_workbook

from migdev.consultation.analysis import exports, tallies
from migdev.consultation.analysis import selectors as analysis
from migdev.consultation.campaigns.links import link_issue
from migdev.consultation.questionnaires import services as questionnaire_services
from migdev.consultation.questionnaires.validation import AnswerErrors, clean_answers
from migdev.consultation.responses import services as response_services
from tests.consultation.factories import make_campaign

#: The questions as the workbook lists them, a loose one first, one between
#: the two groups and one after the last group.
ORDER = ["intro", "has_policy", "policy_text", "after_group", "channels", "closing"]


def _workbook() -> bytes:
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label::English (en)", "required", "relevant"])
    survey.append(["text", "intro", "Introduction", "yes", None])
    survey.append(["begin group", "policy", "Policy", None, None])
    survey.append(["select_one yes_no", "has_policy", "Has a policy?", "yes", None])
    survey.append(
        ["text", "policy_text", "Describe it", "yes", "${has_policy} = 'yes'"]
    )
    survey.append(["end group", None, None, None, None])
    survey.append(["integer", "after_group", "How many meetings?", "yes", None])
    survey.append(["begin group", "meetings", "Meetings", None, "${after_group} > 0"])
    survey.append(["select_multiple channel", "channels", "Channels", "yes", None])
    survey.append(["end group", None, None, None, None])
    survey.append(["select_one level", "closing", "Level", "yes", None])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::English (en)"])
    for row in (
        ("yes_no", "yes", "Yes"),
        ("yes_no", "no", "No"),
        ("channel", "ga", "General Assembly"),
        ("channel", "forum", "Global Forum"),
        ("level", "global", "Global"),
        ("level", "regional", "Regional"),
    ):
        choices.append(list(row))
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "default_language"])
    settings.append(["order-test", "Order test", "English (en)"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def secretariat(make_user):
    return make_user(make_user.SECRETARIAT)


@pytest.fixture
def campaign(db, secretariat):
    questionnaire = questionnaire_services.questionnaire_import_xlsform(
        file=_workbook(), actor=secretariat
    )
    return make_campaign(questionnaire, recipients=("FRA", "MEX"))


def _in(order: list[str], names: set[str]) -> list[str]:
    return [n for n in order if n in names]


def test_the_same_order_everywhere(client, campaign, secretariat):
    fra = campaign.recipients.get(country__iso3="FRA")
    token = link_issue(fra)

    # The reply form.
    html = client.get(f"/consultations/replies/link/{token}/").content.decode()
    assert re.findall(r'id="q-([a-z_]+)"', html) == ORDER

    # Validation: the errors come in the order of the questions.
    with pytest.raises(AnswerErrors) as info:
        clean_answers(
            campaign.questionnaire,
            {"has_policy": "yes", "after_group": "2"},
            partial=False,
        )
    assert list(info.value.errors) == _in(
        ORDER, {"intro", "policy_text", "channels", "closing"}
    )

    # A submission, then the reply's page.
    answers = {
        "intro": "Hello",
        "has_policy": "yes",
        "policy_text": "A national policy",
        "after_group": "2",
        "channels": ["forum", "ga"],
        "closing": "regional",
    }
    version, _created = response_services.response_save(
        recipient=fra,
        answers=answers,
        kind="submission",
        submission_key="order-1",
        based_on=None,
        language="en",
    )
    labels = {
        "Introduction": "intro",
        "Has a policy?": "has_policy",
        "Describe it": "policy_text",
        "How many meetings?": "after_group",
        "Channels": "channels",
        "Level": "closing",
    }
    page = client.get(
        f"/consultations/replies/link/{token}/versions/{version.number}/"
    ).content.decode()
    shown = re.findall(r'<h3 class="reply-label">([^<]+)</h3>', page)
    assert [labels[label] for label in shown] == ORDER

    # The questionnaire's page.
    client.force_login(secretariat)
    page = client.get(campaign.questionnaire.get_absolute_url()).content.decode()
    listed = re.findall(r'<td><span class="q-name">([a-z_]+)</span></td>', page)
    assert listed == ORDER

    # The exports: the answers table, as CSV and as a workbook.
    table = analysis.answers_table(campaign, language="en")
    assert table.names[len(table.fixed_names) :] == ORDER
    header = next(
        csv.reader(
            io.StringIO(exports.replies_csv(table, header="names").decode("utf-8-sig"))
        )
    )
    assert header[len(table.fixed_names) :] == ORDER

    # The analysis: the questions read, the tally and its workbook.
    assert [q.name for q in analysis.questions_of(campaign)] == ORDER
    tally = tallies.tally(campaign, language="en")
    assert [t.question.name for t in tally.in_order()] == _in(
        ORDER, {"intro", "has_policy", "policy_text", "channels", "closing"}
    )
    book = load_workbook(io.BytesIO(exports.tally_xlsx(tally)))
    sheets = [s for s in book.sheetnames if s in set(ORDER)]
    assert sheets == _in(ORDER, set(sheets)) and len(sheets) >= 4
