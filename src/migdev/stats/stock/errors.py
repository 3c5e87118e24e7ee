"""Exceptions raised by :mod:`migdev.stats.stock`.

Every error names where the problem is (file, sheet, row, column) as far as
it is known, and says how to fix it.
"""

from __future__ import annotations

__all__ = ["LayoutError", "StockInputError", "StockWarning"]


class StockInputError(ValueError):
    """An input table or file does not satisfy its documented schema.

    Parameters
    ----------
    message :
        What is wrong and how to fix it.
    file, sheet, row, column :
        Where the problem is, when known. ``row`` is the 1-based spreadsheet
        row for workbooks and the 0-based position for data frames.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.file is not None:
            where.append(f"file {self.file!r}")
        if self.sheet is not None:
            where.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        if not where:
            return self.message
        return f"{', '.join(where)}: {self.message}"

    def located(
        self,
        *,
        file: str | None = None,
        sheet: str | None = None,
    ) -> StockInputError:
        """Return a copy of the error that also names ``file`` and ``sheet``."""
        return type(self)(
            self.message,
            file=file if file is not None else self.file,
            sheet=sheet if sheet is not None else self.sheet,
            row=self.row,
            column=self.column,
        )


class LayoutError(StockInputError):
    """A spreadsheet is not in any of the known UN DESA layouts."""


class StockWarning(UserWarning):
    """A number was extrapolated or modelled by a stated rule; the output
    flags the cells concerned (see the provenance columns)."""
