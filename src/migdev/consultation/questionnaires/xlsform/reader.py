"""Read an XLSForm workbook into a checked ``FormDefinition``: the
settings, choices and survey sheets, every problem reported at once."""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext
from pyxform.errors import PyXFormError
from pyxform.xls2json_backends import xlsx_to_dict

from migdev.consultation.questionnaires.xlsform.choices import (
    parse_choices,
)
from migdev.consultation.questionnaires.xlsform.definition import (
    FormDefinition,
)
from migdev.consultation.questionnaires.xlsform.problems import (
    Problem,
    XLSFormError,
)
from migdev.consultation.questionnaires.xlsform.settings import (
    parse_settings,
)
from migdev.consultation.questionnaires.xlsform.survey import (
    parse_survey,
)
from migdev.consultation.questionnaires.xlsform.upload import (
    check_workbook_limits,
    declarations_problem,
    is_refused_xml,
)


def parse_xlsform(data: bytes) -> FormDefinition:
    """Read and check an XLSForm workbook; raises ``XLSFormError`` with every problem."""
    check_workbook_limits(data)
    try:
        book = xlsx_to_dict(io.BytesIO(data))
    except (PyXFormError, ValueError, KeyError, zipfile.BadZipFile) as error:
        if is_refused_xml(error):
            raise XLSFormError([declarations_problem()]) from None
        message = str(error)
        if message.startswith("Duplicate column header:"):
            header = message.partition(":")[2].strip()
            raise XLSFormError(
                [
                    Problem(
                        gettext(
                            "The column header '%(column)s' appears twice on one sheet: "
                            "keep one of the two columns."
                        )
                        % {"column": header}
                    )
                ]
            ) from None
        raise XLSFormError(
            [
                Problem(
                    gettext(
                        "The workbook cannot be read (%(error)s): save it again as .xlsx."
                    )
                    % {"error": message[:200]}
                )
            ]
        ) from None
    sheet_names = [str(s).lower() for s in book.get("sheet_names", [])]
    problems: list[Problem] = []
    if "survey" not in sheet_names:
        raise XLSFormError(
            [
                Problem(
                    gettext(
                        "The workbook has no sheet named survey: an XLSForm has the "
                        "sheets survey, choices and settings."
                    )
                )
            ]
        )
    for extra in ("external_choices", "entities", "osm"):
        if extra in sheet_names and book.get(extra):
            problems.append(
                Problem(
                    gettext(
                        "The sheet %(sheet)s is not supported: migdev questionnaires use "
                        "only the survey, choices and settings sheets. Delete it."
                    )
                    % {"sheet": extra},
                    extra,
                )
            )

    settings_info = parse_settings(book, problems)
    default_language = settings_info["default_language"]
    choices = parse_choices(book, default_language, problems)
    items = parse_survey(book, default_language, choices, problems)
    if problems:
        raise XLSFormError(problems)
    return FormDefinition(
        code=settings_info["form_id"],
        version=settings_info["version"],
        title=settings_info["title"],
        default_language=default_language,
        items=items,
        choices={name: values for name, (values, _row) in choices.items()},
    )
