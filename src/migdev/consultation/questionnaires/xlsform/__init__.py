"""XLSForm workbooks: read one into a ``FormDefinition``, write one back.

The workbook is read with pyxform (``xlsx_to_dict``: the survey, choices and
settings sheets as rows keyed by column header, row numbers preserved); the
subset migdev supports is then checked here, so that every problem is reported
at once with its sheet, its row as Excel shows it, and its column. Nothing here
touches the database: ``services.questionnaire_import_xlsform`` saves a checked
definition, ``questionnaire_export_xlsform`` writes one with openpyxl.

The supported subset, and why the rest is refused, is documented in
docs/consultation-questionnaires.md.
"""

from __future__ import annotations

from migdev.consultation.questionnaires.compiled import YES_NO_LABELS
from migdev.consultation.questionnaires.xlsform.columns import LANGUAGE_HEADERS
from migdev.consultation.questionnaires.xlsform.definition import (
    ChoiceDef,
    FormDefinition,
    QuestionDef,
    SectionDef,
)
from migdev.consultation.questionnaires.xlsform.problems import Problem, XLSFormError
from migdev.consultation.questionnaires.xlsform.reader import parse_xlsform
from migdev.consultation.questionnaires.xlsform.upload import (
    check_workbook_limits,
    max_sheet_rows,
    max_uncompressed_bytes,
    max_xlsform_bytes,
    read_upload,
)
from migdev.consultation.questionnaires.xlsform.writer import build_xlsform

__all__ = [
    "LANGUAGE_HEADERS",
    "YES_NO_LABELS",
    "ChoiceDef",
    "FormDefinition",
    "Problem",
    "QuestionDef",
    "SectionDef",
    "XLSFormError",
    "build_xlsform",
    "check_workbook_limits",
    "max_sheet_rows",
    "max_uncompressed_bytes",
    "max_xlsform_bytes",
    "parse_xlsform",
    "read_upload",
]
