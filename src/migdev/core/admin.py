"""Admin support: every edit made in the admin goes to the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction

from migdev.core.audit import AuditEntry, audit_record, snapshot


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes are written to the audit trail."""

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = None
            if change and obj.pk:
                before = snapshot(type(obj)._default_manager.get(pk=obj.pk))
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                instance=obj,
                action=AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE,
                before=before,
            )

    def delete_model(self, request: Any, obj: Any) -> None:
        with transaction.atomic():
            before = snapshot(obj)
            audit_record(
                actor=request.user,
                instance=obj,
                action=AuditEntry.Action.DELETE,
                before=before,
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                audit_record(
                    actor=request.user,
                    instance=obj,
                    action=AuditEntry.Action.DELETE,
                    before=snapshot(obj),
                )
            super().delete_queryset(request, queryset)


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin that shows records and changes none (they are written by
    services, which check the rules and keep the audit trail)."""

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "content_type", "object_repr")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "actor__username")
    date_hierarchy = "at"
