"""Builders for XLSForm workbooks in tests."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from openpyxl import Workbook

EN, FR, ES, RU, ZH, AR = (
    "label::English (en)",
    "label::Français (fr)",
    "label::Español (es)",
    "label::Русский (ru)",
    "label::中文 (zh)",
    "label::العربية (ar)",
)
LABELS = (EN, FR, ES, RU, ZH, AR)


def workbook(
    survey: Sequence[Sequence[Any]],
    choices: Sequence[Sequence[Any]] | None = None,
    settings: Sequence[Sequence[Any]] | None = (
        ("form_id", "version", "form_title", "default_language"),
        ("test-form", "1", "Test form", "English (en)"),
    ),
) -> bytes:
    """An .xlsx XLSForm; each sheet is given as rows, the first row the headers."""
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(list(row))
    for name, rows in (("choices", choices), ("settings", settings)):
        if rows is None:
            continue
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def six_labels(en: str) -> list[str]:
    return [en, f"{en} (fr)", f"{en} (es)", f"{en} (ru)", f"{en} (zh)", f"{en} (ar)"]


SURVEY_HEADER = ("type", "name", *LABELS, "hint::English (en)", "required", "relevant")


def good_survey() -> list[list[Any]]:
    return [
        list(SURVEY_HEADER),
        ["begin group", "forum", *six_labels("The Global Forum"), None, None, None],
        [
            "text",
            "forum_view",
            *six_labels("How does your Government view the Forum?"),
            "A few sentences.",
            "yes",
            None,
        ],
        ["select_one yes_no", "sole", *six_labels("Sole mechanism?"), None, "no", None],
        [
            "text",
            "why_sole",
            *six_labels("Why?"),
            None,
            None,
            "${sole} = 'yes'",
        ],
        ["end group"],
        ["begin group", "figures", *six_labels("Figures"), None, None, "${sole} != ''"],
        ["integer", "meetings", *six_labels("Meetings"), None, None, None],
        ["decimal", "share", *six_labels("Share"), None, None, "${meetings} > 0"],
        ["date", "since", *six_labels("Since"), None, None, None],
        [
            "select_multiple channel",
            "channels",
            *six_labels("Channels"),
            None,
            "true",
            None,
        ],
        ["end group"],
        ["select_one level", "level", *six_labels("Level"), None, None, None],
    ]


def good_choices() -> list[list[Any]]:
    return [
        ["list_name", "name", *LABELS],
        ["yes_no", "yes", *six_labels("Yes")],
        ["yes_no", "no", *six_labels("No")],
        ["channel", "ga", *six_labels("General Assembly")],
        ["channel", "regional", *six_labels("Regional meetings")],
        ["level", "global", *six_labels("Global")],
        ["level", "national", *six_labels("National")],
    ]


@pytest.fixture
def good_workbook() -> bytes:
    return workbook(good_survey(), good_choices())


def secretariat_user() -> Any:
    """A user with the secretariat role: the questionnaires services check
    their actor."""
    from migdev.registry.models import RoleAssignment
    from migdev.registry.services import role_assign

    user, created = get_user_model().objects.get_or_create(
        username="questionnaires-secretariat"
    )
    if created:
        role_assign(user=user, role=RoleAssignment.Role.SECRETARIAT)
    return user
