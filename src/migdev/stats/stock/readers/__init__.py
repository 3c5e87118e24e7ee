"""Readers of the official UN DESA International Migrant Stock workbooks."""

from migdev.stats.stock.readers.un_desa import (
    classification_from_annex,
    classification_from_un_table,
    read_un_sheet,
    read_un_workbook,
)

__all__ = [
    "classification_from_annex",
    "classification_from_un_table",
    "read_un_sheet",
    "read_un_workbook",
]
