"""Admin views of the analysis, read-only: themes and codings are written on the
codebook and coding pages, whose services check the rules (open questions only,
quotes taken from the answer) and write the audit trail."""

from __future__ import annotations

from django.contrib import admin

from migdev.consultation.analysis.models import Coding, Theme
from migdev.core.admin import ReadOnlyAdmin


@admin.register(Theme)
class ThemeAdmin(ReadOnlyAdmin):
    list_display = ("code", "__str__", "question", "order")
    list_filter = ("question__questionnaire",)
    search_fields = ("code", "label", "question__name")
    list_select_related = ("question",)


@admin.register(Coding)
class CodingAdmin(ReadOnlyAdmin):
    list_display = ("theme", "recipient", "quote", "coder", "created_at")
    list_filter = ("theme__question__questionnaire", "theme")
    search_fields = ("quote", "recipient__country__iso3", "theme__code")
    list_select_related = (
        "theme",
        "recipient__country",
        "recipient__campaign",
        "coder",
    )
