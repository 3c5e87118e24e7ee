"""Reply versions in the admin: read only, since a version is never edited
(a change is a new version, made through the reply pages)."""

from django.contrib import admin

from migdev.consultation.responses.models import ResponseVersion
from migdev.core.admin import ReadOnlyAdmin


@admin.register(ResponseVersion)
class ResponseVersionAdmin(ReadOnlyAdmin):
    list_display = (
        "recipient",
        "number",
        "kind",
        "channel",
        "created_by",
        "created_at",
    )
    list_filter = ("kind", "channel", "recipient__campaign")
    search_fields = ("recipient__country__iso3", "submission_key")
    list_select_related = (
        "recipient__campaign__request",
        "recipient__country",
        "created_by",
    )
    ordering = ("-created_at",)
