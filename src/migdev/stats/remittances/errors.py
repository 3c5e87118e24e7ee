"""Exceptions of :mod:`migdev.stats.remittances`."""

from __future__ import annotations

from migdev.stats.stock.errors import StockInputError

__all__ = ["RemittanceInputError"]


class RemittanceInputError(StockInputError):
    """A price quote, a flow table or a workbook is not as documented; the
    message names the file, sheet, row and column (see
    :class:`~migdev.stats.stock.errors.StockInputError`)."""
