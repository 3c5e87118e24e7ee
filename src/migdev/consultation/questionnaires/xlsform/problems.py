"""What is wrong with a workbook: one ``Problem`` per thing to fix, with its
sheet, row and column; ``XLSFormError`` carries them all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext


@dataclass(frozen=True)
class Problem:
    """One thing to fix in a workbook; ``row`` is the row number Excel shows."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        if self.sheet and self.row and self.column:
            return gettext(
                "Sheet %(sheet)s, row %(row)d, column %(column)s: %(message)s"
            ) % {
                "sheet": self.sheet,
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.sheet and self.row:
            return gettext("Sheet %(sheet)s, row %(row)d: %(message)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "message": self.message,
            }
        if self.sheet:
            return gettext("Sheet %(sheet)s: %(message)s") % {
                "sheet": self.sheet,
                "message": self.message,
            }
        return self.message

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "text": str(self),
        }


class XLSFormError(ValueError):
    """A workbook that cannot be imported; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
