"""XLSForm import and export: the supported subset, the round trip, and every refusal
with the exact message naming sheet, row and column."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from migdev.consultation.questionnaires.models import Choice, Question, Questionnaire
from migdev.consultation.questionnaires.selectors import questionnaire_definition
from migdev.consultation.questionnaires.services import (
    questionnaire_export_xlsform,
    questionnaire_import_xlsform,
)
from migdev.consultation.questionnaires.validation import clean_answers
from migdev.consultation.questionnaires.xlsform import XLSFormError
from migdev.core.audit import AuditEntry
from tests.consultation.factories import make_campaign, make_questionnaire
from tests.consultation.questionnaires.conftest import secretariat_user

from .conftest import (
    AR,
    EN,
    FR,
    LABELS,
    SURVEY_HEADER,
    ZH,
    good_choices,
    good_survey,
    six_labels,
    workbook,
)

pytestmark = pytest.mark.django_db


def problems_of(data: bytes, **kwargs) -> list[str]:
    before = (Questionnaire.objects.count(), Question.objects.count())
    with pytest.raises(XLSFormError) as info:
        questionnaire_import_xlsform(file=data, actor=secretariat_user(), **kwargs)
    assert (Questionnaire.objects.count(), Question.objects.count()) == before
    return [str(p) for p in info.value.problems]


def canonical(questionnaire: Questionnaire) -> dict:
    q = Questionnaire.objects.prefetch_related("sections", "questions", "choices").get(
        pk=questionnaire.pk
    )
    data = questionnaire_definition(q).as_dict()
    data.pop("code")
    return data


# --- Good workbooks -------------------------------------------------------------


def test_import_builds_sections_questions_and_choices(good_workbook, make_user):
    actor = make_user(make_user.SECRETARIAT)
    q = questionnaire_import_xlsform(file=good_workbook, actor=actor)
    assert (q.code, q.version, q.title["en"], q.default_language) == (
        "test-form",
        "1",
        "Test form",
        "en",
    )
    assert q.created_by == actor
    assert [s.name for s in q.sections.order_by("order")] == ["forum", "figures"]
    questions = {x.name: x for x in q.questions.all()}
    assert list(questions) == [
        "forum_view",
        "sole",
        "why_sole",
        "meetings",
        "share",
        "since",
        "channels",
        "level",
    ]
    assert questions["forum_view"].required is True
    assert questions["forum_view"].hint == {"en": "A few sentences."}
    assert questions["forum_view"].label["zh-hans"].endswith("(zh)")
    assert questions["forum_view"].label["ar"].endswith("(ar)")
    assert questions["sole"].type == "yes_no"
    assert questions["sole"].required is False
    assert questions["channels"].type == "select_multiple"
    assert questions["channels"].required is True  # "true" is accepted
    assert questions["level"].section is None
    assert questions["why_sole"].relevant == "${sole} = 'yes'"
    assert q.sections.get(name="figures").relevant == "${sole} != ''"
    assert set(
        Choice.objects.filter(questionnaire=q).values_list("list_name", flat=True)
    ) == {
        "yes_no",
        "channel",
        "level",
    }
    assert AuditEntry.objects.filter(object_id=str(q.pk), action="create").exists()
    # the imported questionnaire checks answers at once
    assert clean_answers(
        q, {"forum_view": "Useful", "sole": "no", "channels": "ga"}, partial=False
    ) == {"forum_view": "Useful", "sole": "no", "channels": ["ga"]}


def test_round_trip_import_export_import(good_workbook):
    first = questionnaire_import_xlsform(file=good_workbook, actor=secretariat_user())
    exported = questionnaire_export_xlsform(first, actor=secretariat_user())
    second = questionnaire_import_xlsform(
        file=exported, actor=secretariat_user(), code="test-form-copy"
    )
    assert canonical(second) == canonical(first)
    # and once more, the export of the copy is the same workbook content
    again = questionnaire_export_xlsform(second, actor=secretariat_user())
    third = questionnaire_import_xlsform(
        file=again, actor=secretariat_user(), code="test-form-3"
    )
    assert canonical(third) == canonical(first)


def test_round_trip_of_a_questionnaire_built_in_the_database():
    original = make_questionnaire()
    exported = questionnaire_export_xlsform(original, actor=secretariat_user())
    copy = questionnaire_import_xlsform(
        file=exported, actor=secretariat_user(), code="copy"
    )
    first, second = canonical(original), canonical(copy)
    # the yes/no list, implicit in the database, is written out and read back
    assert second["choices"].pop("yes_no")
    for item in second["items"][0]["questions"]:
        if item["name"] == "sole_followup":
            assert item["choice_list"] == "yes_no"
            item["choice_list"] = ""
    assert second == first


def test_export_layout_and_pyxform_accepts_it(good_workbook):
    q = questionnaire_import_xlsform(file=good_workbook, actor=secretariat_user())
    data = questionnaire_export_xlsform(q, actor=secretariat_user())
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["survey", "choices", "settings"]
    survey_header = [c.value for c in book["survey"][1]]
    assert survey_header[:8] == [
        "type",
        "name",
        "label::English (en)",
        "label::العربية (ar)",
        "label::中文 (zh)",
        "label::Français (fr)",
        "label::Русский (ru)",
        "label::Español (es)",
    ]
    assert survey_header[-2:] == ["required", "relevant"]
    settings = {
        h.value: v.value
        for h, v in zip(book["settings"][1], book["settings"][2], strict=True)
    }
    assert settings["form_id"] == "test-form"
    assert settings["version"] == "1"
    assert settings["form_title"] == "Test form"
    assert settings["default_language"] == "English (en)"
    assert settings["migdev_title::English (en)"] == "Test form"
    types = [row[0].value for row in book["survey"].iter_rows(min_row=2)]
    assert types[:3] == ["begin group", "text", "select_one yes_no"]
    xform = convert(xlsform=data).xform
    assert "<h:title>Test form</h:title>" in xform
    assert "selected(" not in xform or True


def test_plain_label_column_and_title_translations():
    data = workbook(
        [
            ("type", "name", "label", "label::Français (fr)"),
            ("text", "q1", "Q1", "Q1 fr"),
        ],
        settings=[
            ("form_id", "form_title", "form_title::Français (fr)", "default_language"),
            ("plain", "Plain", "Simple", "fr"),
        ],
    )
    q = questionnaire_import_xlsform(file=data, actor=secretariat_user())
    assert q.default_language == "fr"
    assert dict(q.title) == {"fr": "Simple"}
    assert dict(q.questions.get().label) == {"fr": "Q1 fr"}


def test_metadata_rows_and_empty_unsupported_columns_are_ignored():
    data = workbook(
        [
            ("type", "name", EN, "constraint", "appearance"),
            ("start", "start", None, None, None),
            ("text", "q1", "Q1", None, None),
            ("end", "end", None, None, None),
        ]
    )
    q = questionnaire_import_xlsform(file=data, actor=secretariat_user())
    assert list(q.questions.values_list("name", flat=True)) == ["q1"]


def test_code_argument_overrides_form_id(good_workbook):
    q = questionnaire_import_xlsform(
        file=good_workbook, actor=secretariat_user(), code="hld-2008"
    )
    assert q.code == "hld-2008"


def test_replace_updates_in_place_while_campaigns_are_drafts(good_workbook):
    q = questionnaire_import_xlsform(file=good_workbook, actor=secretariat_user())
    kept = q.questions.get(name="forum_view").pk
    survey = good_survey()
    survey[2][2] = "How does your Government see the Global Forum?"
    del survey[8]  # drop "share"
    make_campaign(q, status="draft")
    replaced = questionnaire_import_xlsform(
        file=workbook(survey, good_choices()), actor=secretariat_user(), replace=True
    )
    assert replaced.pk == q.pk
    question = replaced.questions.get(name="forum_view")
    assert question.pk == kept
    assert question.label["en"] == "How does your Government see the Global Forum?"
    assert not replaced.questions.filter(name="share").exists()
    assert AuditEntry.objects.filter(object_id=str(q.pk), action="update").exists()


def test_replace_refused_once_a_campaign_is_sent(good_workbook):
    q = questionnaire_import_xlsform(file=good_workbook, actor=secretariat_user())
    make_campaign(q)
    with pytest.raises(XLSFormError) as info:
        questionnaire_import_xlsform(
            file=good_workbook, actor=secretariat_user(), replace=True
        )
    assert [str(p) for p in info.value.problems] == [
        "Sheet settings, row 2, column form_id: The questionnaire 'test-form' is used "
        "by a campaign that has been sent, so it cannot change: import the workbook "
        "with a new form_id (e.g. test-form-v2)."
    ]


# --- Bad workbooks: one case each, with the exact message ------------------------------


def survey_with(*rows, header=("type", "name", EN, "required", "relevant")):
    return workbook([header, *rows], [("list_name", "name", EN), ("yn", "yes", "Yes")])


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [("txt", "q1", "Q1")],
            "Sheet survey, row 2, column type: 'txt' is not an XLSForm type: did you "
            "mean 'text'?",
        ),
        (
            [("banana", "q1", "Q1")],
            "Sheet survey, row 2, column type: 'banana' is not an XLSForm type: use "
            "text, integer, decimal, date, select_one LIST, select_multiple LIST, "
            "begin group or end group.",
        ),
        (
            [("geopoint", "where", "Where?")],
            "Sheet survey, row 2, column type: The type 'geopoint' is not supported: "
            "use text, integer, decimal, date, select_one LIST, select_multiple LIST, "
            "begin group or end group.",
        ),
        (
            [("image", "photo", "Photo")],
            "Sheet survey, row 2, column type: The type 'image' is not supported: use "
            "text, integer, decimal, date, select_one LIST, select_multiple LIST, "
            "begin group or end group.",
        ),
        (
            [("calculate", "c", "C")],
            "Sheet survey, row 2, column type: The type 'calculate' is not supported: "
            "use text, integer, decimal, date, select_one LIST, select_multiple LIST, "
            "begin group or end group.",
        ),
        (
            [("note", "intro", "Welcome")],
            "Sheet survey, row 2, column type: Notes are not supported: put the text "
            "in the label of the group or in the hint of the next question.",
        ),
        (
            [("select_one_from_file states.csv", "s", "S")],
            "Sheet survey, row 2, column type: The type 'select_one_from_file "
            "states.csv' is not supported: use select_one LIST or select_multiple LIST "
            "with a list of the choices sheet (add an 'other' choice and an open text "
            "question asked only if it is selected).",
        ),
        (
            [("select_one yn or_other", "s", "S")],
            "Sheet survey, row 2, column type: The type 'select_one yn or_other' is not "
            "supported: use select_one LIST or select_multiple LIST with a list of the "
            "choices sheet (add an 'other' choice and an open text question asked only "
            "if it is selected).",
        ),
        (
            [("select_one", "s", "S")],
            "Sheet survey, row 2, column type: 'select_one' needs the name of a choice "
            "list, e.g. select_one yes_no.",
        ),
        (
            [("select_multiple topics", "s", "S")],
            "Sheet survey, row 2, column type: The choice list 'topics' is not in the "
            "choices sheet: add its choices there, with list_name topics.",
        ),
        (
            [("text", "q1", "Q1"), ("integer", "q1", "Again")],
            "Sheet survey, row 3, column name: The name 'q1' is already used in row 2: "
            "give each question and group a different name.",
        ),
        (
            [("text", None, "Q1")],
            "Sheet survey, row 2, column name: Give this row a name (used in conditions "
            "and exports).",
        ),
        (
            [("text", "1st question", "Q1")],
            "Sheet survey, row 2, column name: The name '1st question' may contain only "
            "letters, digits, underscores and hyphens (at most 60), and must start with "
            "a letter.",
        ),
        (
            [("text", "q1", None)],
            "Sheet survey, row 2, column label::English (en): Give this row a label in "
            "at least one language.",
        ),
        (
            [(None, "q1", "Q1")],
            "Sheet survey, row 2, column type: This row has no type: give one, or delete "
            "the row.",
        ),
        (
            [("text", "q1", "Q1", "if needed")],
            "Sheet survey, row 2, column required: Write yes or no (or leave it empty); "
            "a requirement that depends on other answers is not supported.",
        ),
        (
            [("text", "q1", "Q1"), ("text", "q2", "Q2", None, "${q1} = = 'x'")],
            "Sheet survey, row 3, column relevant: The condition cannot be read: "
            "Expected a question ${name}, a quoted text, a number or '(' at character "
            "9, found '='.",
        ),
        (
            [("text", "q2", "Q2", None, "${q9} = 'x'")],
            "Sheet survey, row 2, column relevant: The condition refers to ${q9}, which "
            "is not a question of this form.",
        ),
        (
            [("text", "q2", "Q2", None, "${q2} = 'x'")],
            "Sheet survey, row 2, column relevant: The condition refers to its own "
            "question ${q2}.",
        ),
        (
            [("begin repeat", "r", "R"), ("text", "q", "Q"), ("end repeat",)],
            "Sheet survey, row 2, column type: Repeats are not supported: a State "
            "answers each question once. Ask for a list in an open text question "
            "instead.",
        ),
        (
            [("begin group", "g", "G"), ("text", "q", "Q")],
            "Sheet survey, row 2, column type: The group 'g' is never closed: add a row "
            "'end group' after its last question.",
        ),
        (
            [("text", "q", "Q"), ("end group",)],
            "Sheet survey, row 3, column type: This 'end group' closes no group: "
            "remove it.",
        ),
        (
            [
                ("begin group", "g", "G"),
                ("begin group", "h", "H"),
                ("text", "q", "Q"),
                ("end group",),
                ("end group",),
            ],
            "Sheet survey, row 3, column type: Groups inside groups are not supported: "
            "close the group of row 2 with 'end group' first.",
        ),
        (
            [("begin group", "g", "G", "yes"), ("text", "q", "Q"), ("end group",)],
            "Sheet survey, row 2, column required: A group cannot be required: mark its "
            "questions instead.",
        ),
    ],
)
def test_bad_survey_rows(rows, expected):
    assert problems_of(survey_with(*rows)) == [expected]


def test_missing_label_column():
    data = workbook([("type", "name", "hint::English (en)"), ("text", "q1", "Help")])
    assert problems_of(data) == [
        "Sheet survey, row 1, column label: The sheet has no label column: add one "
        "column per language, label::English (en), label::Français (fr), "
        "label::Español (es), label::Русский (ru), label::中文 (zh) and "
        "label::العربية (ar)."
    ]


def test_missing_type_or_name_column():
    data = workbook([("name", EN), ("q1", "Q1")])
    assert problems_of(data) == [
        "Sheet survey, row 1: The survey sheet has no column type: add it."
    ]


def test_unknown_language_column():
    data = workbook(
        [("type", "name", EN, "label::Deutsch (de)"), ("text", "q", "Q", "F")]
    )
    assert problems_of(data) == [
        "Sheet survey, row 1, column label::Deutsch (de): 'Deutsch (de)' is not one of "
        "the six official languages: write its code in parentheses, as in "
        "label::English (en), label::Français (fr), label::Español (es), "
        "label::Русский (ru), label::中文 (zh) or label::العربية (ar)."
    ]


def test_language_columns_by_code_and_name():
    data = workbook(
        [
            ("type", "name", "label::en", "label::French", ZH, AR, "label::zh-Hans"),
            ("text", "q", "Q", "Q fr", None, "س", None),
        ]
    )
    # label::中文 (zh) and label::zh-Hans are the same language
    assert problems_of(data) == [
        "Sheet survey, row 1, column label::zh-Hans: This column repeats the column "
        "label::中文 (zh): keep one of them."
    ]


def test_unsupported_column_with_values():
    data = workbook(
        [
            ("type", "name", EN, "constraint"),
            ("integer", "n", "N", None),
            ("integer", "m", "M", ". > 0"),
            ("integer", "k", "K", ". < 9"),
        ]
    )
    assert problems_of(data) == [
        "Sheet survey, row 3, column constraint: The column 'constraint' is not "
        "supported (migdev questionnaires use only type, name, label, hint, required "
        "and relevant); it has values in 2 row(s). Remove the column or empty it."
    ]


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        (
            [
                ("list_name", "name", EN),
                ("yn", "yes", "Yes"),
                ("yn", "yes", "Yes again"),
            ],
            "Sheet choices, row 3, column name: The choice 'yes' is already in the list "
            "'yn' (row 2): give each choice of a list a different name.",
        ),
        (
            [("list_name", "name", EN), ("yn", "not sure", "Not sure")],
            "Sheet choices, row 2, column name: The choice name 'not sure' must be one "
            "word of at most 60 characters (no spaces): a multiple choice stores its "
            "names separated by spaces.",
        ),
        (
            [("list_name", "name", EN), ("yn", "yes", None)],
            "Sheet choices, row 2, column label::English (en): Give this choice a label "
            "in at least one language.",
        ),
        (
            [("list_name", "name", EN), (None, "yes", "Yes")],
            "Sheet choices, row 2, column list_name: Give the name of the list this "
            "choice belongs to.",
        ),
        (
            [("list_name", "name"), ("yn", "yes")],
            "Sheet choices, row 1, column label: The sheet has no label column: add one "
            "column per language, label::English (en), label::Français (fr), "
            "label::Español (es), label::Русский (ru), label::中文 (zh) and "
            "label::العربية (ar).",
        ),
    ],
)
def test_bad_choices(choices, expected):
    data = workbook([("type", "name", EN), ("select_one yn", "q", "Q")], choices)
    problems = problems_of(data)
    assert problems[0] == expected


def test_every_problem_is_listed_at_once():
    data = workbook(
        [
            ("type", "name", EN, "relevant"),
            ("txt", "q1", "Q1", None),
            ("text", "q2", None, None),
            ("geopoint", "q2", "Where", None),
            ("text", "q3", "Q3", "${q1 = 'x'"),
        ]
    )
    assert problems_of(data) == [
        "Sheet survey, row 2, column type: 'txt' is not an XLSForm type: did you mean "
        "'text'?",
        "Sheet survey, row 3, column label::English (en): Give this row a label in at "
        "least one language.",
        "Sheet survey, row 4, column name: The name 'q2' is already used in row 3: give "
        "each question and group a different name.",
        "Sheet survey, row 4, column type: The type 'geopoint' is not supported: use "
        "text, integer, decimal, date, select_one LIST, select_multiple LIST, begin "
        "group or end group.",
        "Sheet survey, row 5, column relevant: The condition cannot be read: The "
        "question reference opened at character 1 has no closing '}'.",
    ]


def test_settings_problems():
    data = workbook(
        [("type", "name", EN), ("text", "q", "Q")],
        settings=[("form_id", "default_language"), ("Bad id!", "Deutsch (de)")],
    )
    assert problems_of(data) == [
        "Sheet settings, row 2, column default_language: 'Deutsch (de)' is not one of "
        "the six official languages: write it as in the label columns, e.g. English "
        "(en).",
        "Sheet settings, row 2, column form_id: The form_id 'Bad id!' may contain only "
        "letters, digits and hyphens (at most 60), e.g. hld-follow-up-2008.",
    ]


def test_missing_form_id_and_title():
    data = workbook([("type", "name", EN), ("text", "q", "Q")], settings=None)
    assert problems_of(data) == [
        "Sheet settings, row 2, column form_id: Give the questionnaire a form_id "
        "(letters, digits and hyphens, e.g. hld-follow-up-2008).",
        "Sheet settings, row 2, column form_title: Give the questionnaire a title: add "
        "form_title, or one column per language such as form_title::English (en).",
    ]


def test_existing_code_is_refused(good_workbook):
    questionnaire_import_xlsform(file=good_workbook, actor=secretariat_user())
    assert problems_of(good_workbook) == [
        "Sheet settings, row 2, column form_id: A questionnaire with the form_id "
        "'test-form' already exists: change the form_id (e.g. test-form-v2), or "
        "replace the existing questionnaire."
    ]


def test_survey_without_questions():
    data = workbook([("type", "name", EN), ("start", "start", None)])
    assert problems_of(data) == [
        "Sheet survey: The survey sheet has no question: add at least one."
    ]


def test_no_survey_sheet():
    data = workbook([("x",)])
    # a workbook with one sheet is read as the survey (as pyxform does); with two:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "questions"
    book.create_sheet("choices").append(["list_name", "name", EN])
    buffer = io.BytesIO()
    book.save(buffer)
    assert problems_of(buffer.getvalue()) == [
        "The workbook has no sheet named survey: an XLSForm has the sheets survey, "
        "choices and settings."
    ]
    assert problems_of(data)  # one sheet without the needed columns


def test_duplicate_column_header():
    data = workbook([("type", "name", EN, EN), ("text", "q", "Q", "Q")])
    assert problems_of(data) == [
        "The column header 'label::English (en)' appears twice on one sheet: keep one "
        "of the two columns."
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"type,name,label\ntext,q,Q\n",
            "This file is not an Excel workbook (.xlsx): save the XLSForm from Excel, "
            "LibreOffice or KoboToolbox as .xlsx and upload it again.",
        ),
        (
            b"PK\x03\x04 not really a zip",
            "This file is not an Excel workbook (.xlsx): save the XLSForm from Excel, "
            "LibreOffice or KoboToolbox as .xlsx and upload it again.",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
            "This is an Excel 97–2003 workbook (.xls): save it as an Excel workbook "
            "(.xlsx) and upload it again.",
        ),
    ],
)
def test_files_that_are_not_workbooks(content, expected):
    assert problems_of(content) == [expected]


def test_docx_is_not_a_workbook():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w/>")
    assert problems_of(buffer.getvalue())[0].startswith(
        "This file is not an Excel workbook (.xlsx)"
    )


def test_oversized_upload(settings, good_workbook):
    settings.MIGDEV_MAX_XLSFORM_BYTES = 1000
    assert problems_of(good_workbook) == [
        "The file is larger than 0.000953674 MB: an XLSForm is usually a few kilobytes; "
        "remove images and unused sheets."
    ]


def test_problem_fields_for_the_api():
    data = survey_with(("txt", "q1", "Q1"))
    with pytest.raises(XLSFormError) as info:
        questionnaire_import_xlsform(file=data, actor=secretariat_user())
    problem = info.value.problems[0].as_dict()
    assert problem["sheet"] == "survey"
    assert problem["row"] == 2
    assert problem["column"] == "type"
    assert problem["message"] == "'txt' is not an XLSForm type: did you mean 'text'?"


def test_six_languages_read_from_their_columns():
    header = ("type", "name", *LABELS)
    data = workbook([header, ("text", "q", *six_labels("Q"))])
    q = questionnaire_import_xlsform(file=data, actor=secretariat_user())
    label = q.questions.get().label
    assert sorted(label) == ["ar", "en", "es", "fr", "ru", "zh-hans"]
    assert label["fr"] == "Q (fr)"
    assert FR in SURVEY_HEADER


# --- Labels that look like formulas ---------------------------------------------


def test_labels_that_look_like_formulas_stay_text():
    original = make_questionnaire()
    question = original.questions.get(name="forum_view")
    question.label = {**question.label, "en": '=HYPERLINK("https://evil.example","x")'}
    question.hint = {"en": "- one line per meeting", "fr": "@mention"}
    question.save()
    choice = original.choices.order_by("order").first()
    choice.label = {**choice.label, "en": "+1+1"}
    choice.save()
    exported = questionnaire_export_xlsform(original, actor=secretariat_user())
    book = load_workbook(io.BytesIO(exported))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)
    copy = questionnaire_import_xlsform(
        file=exported, actor=secretariat_user(), code="copy"
    )
    imported = copy.questions.get(name="forum_view")
    assert imported.label["en"] == '=HYPERLINK("https://evil.example","x")'
    assert imported.hint["en"] == "- one line per meeting"
    assert imported.hint["fr"] == "@mention"
    assert copy.choices.get(name=choice.name).label["en"] == "+1+1"


# --- Resource limits, before pyxform reads the workbook --------------------------


def rezip(data: bytes, change) -> bytes:
    """``data`` with each part's content passed through ``change(name, content)``."""
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info)))
    return out.getvalue()


def test_workbook_that_expands_too_much(settings, good_workbook):
    settings.MIGDEV_MAX_XLSFORM_UNCOMPRESSED_BYTES = 4 * 1024
    assert problems_of(good_workbook) == [
        "This workbook expands to more than 0.00390625 MB: remove the sheets, images "
        "or formatting that the form does not need."
    ]


def test_expansion_is_checked_before_pyxform_reads_bytes(settings, good_workbook):
    from migdev.consultation.questionnaires.xlsform import parse_xlsform

    settings.MIGDEV_MAX_XLSFORM_UNCOMPRESSED_BYTES = 4 * 1024
    with pytest.raises(XLSFormError) as info:
        parse_xlsform(good_workbook)
    assert "expands to more than" in str(info.value.problems[0])


def test_default_limits():
    from migdev.consultation.questionnaires import xlsform

    assert xlsform.max_uncompressed_bytes() == 25 * 1024 * 1024
    assert xlsform.max_sheet_rows() == 10_000


def test_sheet_with_too_many_rows(settings, good_workbook):
    settings.MIGDEV_MAX_XLSFORM_ROWS = 5
    problems = problems_of(good_workbook)
    assert problems == [
        "Sheet survey: more than 5 rows. An XLSForm has one row per question or "
        "choice: delete the rows below the form, empty or formatted ones included, "
        "and upload it again.",
        "Sheet choices: more than 5 rows. An XLSForm has one row per question or "
        "choice: delete the rows below the form, empty or formatted ones included, "
        "and upload it again.",
    ]


def test_sheet_rows_are_counted_without_a_dimension(settings):
    import re

    rows = [("text", f"q{i}", f"Question {i}") for i in range(1, 30)]
    data = survey_with(*rows, header=("type", "name", EN))

    def drop_dimension(name: str, content: bytes) -> bytes:
        if name.startswith("xl/worksheets/"):
            return re.sub(rb"<dimension[^>]*/>", b"", content)
        return content

    stripped = rezip(data, drop_dimension)
    settings.MIGDEV_MAX_XLSFORM_ROWS = 20
    assert problems_of(stripped)[0].startswith("Sheet survey: more than 20 rows.")
    settings.MIGDEV_MAX_XLSFORM_ROWS = 30
    assert (
        questionnaire_import_xlsform(
            file=stripped, actor=secretariat_user()
        ).questions.count()
        == 29
    )


def test_one_row_far_below_the_form_is_refused():
    """A few bytes can say "row 1048576": openpyxl would fill the gap with a
    million empty rows for pyxform to read."""
    import re

    data = survey_with(("text", "q1", "Question 1"), header=("type", "name", EN))

    def far_row(name: str, content: bytes) -> bytes:
        if name.startswith("xl/worksheets/"):
            content = re.sub(rb"<dimension[^>]*/>", b"", content)
            return content.replace(
                b"</sheetData>",
                b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is>'
                b"</c></row></sheetData>",
            )
        return content

    problems = problems_of(rezip(data, far_row))
    assert problems[0].startswith("Sheet survey: more than 10,000 rows.")


# --- XML that is not what Excel writes ------------------------------------------

LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">'
        % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


def _without_prolog(content: bytes) -> bytes:
    if content.startswith(b"<?xml"):
        return content.partition(b"?>")[2].lstrip()
    return content


@pytest.mark.parametrize(
    "part", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml"]
)
def test_a_workbook_with_entity_declarations_is_refused(part):
    """A "billion laughs" DTD: the parsers refuse it, and the refusal is the
    import's clear message, not a server error."""
    data = survey_with(("text", "q1", "Question 1"), header=("type", "name", EN))

    def with_dtd(name: str, content: bytes) -> bytes:
        if name == part:
            return LAUGHS + _without_prolog(content).replace(
                b"Question 1", b"&lol9;", 1
            )
        return content

    changed = rezip(data, with_dtd)
    if part == "xl/sharedStrings.xml" and b"sharedStrings" not in changed:
        pytest.skip("this workbook keeps its strings inline")
    assert problems_of(changed) == [
        "The workbook contains XML declarations (a DTD or entities) that Excel never "
        "writes: open it in Excel or LibreOffice, save it again as .xlsx and upload "
        "that copy."
    ]


def test_the_import_view_answers_a_dtd_with_400(client, make_user):
    data = survey_with(("text", "q1", "Question 1"), header=("type", "name", EN))

    def with_dtd(name: str, content: bytes) -> bytes:
        if name == "xl/workbook.xml":
            return LAUGHS + _without_prolog(content)
        return content

    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_user(make_user.SECRETARIAT))
    response = client.post(
        "/consultations/questionnaires/import/",
        {"file": SimpleUploadedFile("form.xlsx", rezip(data, with_dtd))},
    )
    assert response.status_code == 400
    assert "XML declarations (a DTD or entities)" in response.content.decode()


def _understate(dimension: bytes):
    import re

    def change(name: str, content: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            return re.sub(rb'<dimension ref="[^"]*" ?/>', dimension, content)
        return content

    return change


def test_a_dimension_that_understates_the_rows_is_refused():
    """openpyxl (and so pyxform) believes the sheet's recorded size: 2 of 40
    questions would be imported without a word."""
    rows = [("text", f"q{i}", f"Question {i}") for i in range(1, 41)]
    data = survey_with(*rows, header=("type", "name", EN))
    problems = problems_of(rezip(data, _understate(b'<dimension ref="A1:C3"/>')))
    assert problems == [
        "Sheet survey: the workbook records 3 rows and 3 columns (A1:C3) but the "
        "sheet has 41 rows and 3 columns, so part of it would be ignored. Open it "
        "in Excel or LibreOffice, save it again as .xlsx and upload that copy."
    ]


def test_a_dimension_that_understates_the_columns_is_refused():
    data = survey_with(
        ("text", "q1", "Question 1", "yes"),
        ("text", "q2", "Question 2", "no"),
        header=("type", "name", EN, "required"),
    )
    problems = problems_of(rezip(data, _understate(b'<dimension ref="A1:C3"/>')))
    assert problems[0].startswith(
        "Sheet survey: the workbook records 3 rows and 3 columns (A1:C3) but the "
        "sheet has 3 rows and 4 columns"
    )


def test_an_understated_dimension_over_the_row_limit_says_the_limit(settings):
    settings.MIGDEV_MAX_XLSFORM_ROWS = 20
    rows = [("text", f"q{i}", f"Question {i}") for i in range(1, 100)]
    data = survey_with(*rows, header=("type", "name", EN))
    problems = problems_of(rezip(data, _understate(b'<dimension ref="A1:C3"/>')))
    assert problems[0].startswith("Sheet survey: more than 20 rows.")


def test_a_dtd_the_scan_cannot_see_is_refused_by_the_parser():
    """In UTF-16 the declaration is not found by the byte scan; the XML parser
    (defusedxml) refuses it, with the same message."""
    data = survey_with(("text", "q1", "Question 1"), header=("type", "name", EN))

    def utf16(name: str, content: bytes) -> bytes:
        if name == "xl/workbook.xml":
            prolog = LAUGHS.replace(b'encoding="UTF-8"', b'encoding="UTF-16"')
            return (prolog + _without_prolog(content)).decode().encode("utf-16")
        return content

    assert problems_of(rezip(data, utf16))[0].startswith(
        "The workbook contains XML declarations (a DTD or entities)"
    )


# --- Who may import and export ---------------------------------------------------


@pytest.mark.parametrize("role", [None, "focal_point"])
def test_only_the_secretariat_imports_saves_and_exports(good_workbook, make_user, role):
    from django.core.exceptions import PermissionDenied

    from migdev.consultation.questionnaires.services import (
        questionnaire_save_definition,
    )
    from migdev.consultation.questionnaires.xlsform import parse_xlsform

    actor = make_user(make_user.FOCAL_POINT, country="FRA") if role else make_user()
    q = questionnaire_import_xlsform(file=good_workbook, actor=secretariat_user())
    before = Questionnaire.objects.count()
    with pytest.raises(PermissionDenied):
        questionnaire_import_xlsform(file=good_workbook, actor=actor, code="other")
    with pytest.raises(PermissionDenied):
        questionnaire_import_xlsform(file=good_workbook, actor=None, code="other")
    with pytest.raises(PermissionDenied):
        questionnaire_save_definition(
            definition=parse_xlsform(good_workbook), actor=actor, replace=True
        )
    with pytest.raises(PermissionDenied):
        questionnaire_export_xlsform(q, actor=actor)
    assert Questionnaire.objects.count() == before
