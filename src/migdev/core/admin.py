"""Admin support: every edit made in the admin goes to the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from migdev.core.audit import AuditEntry, audit_record, snapshot
from migdev.core.tokens import ApiToken, new_secret, token_revoke


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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Issue and revoke API tokens: the secret is shown once, after saving."""

    list_display = (
        "prefix",
        "name",
        "user",
        "scope",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("scope", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "prefix", "user__username")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
    actions = ["revoke"]

    def get_fields(self, request: Any, obj: Any = None) -> Any:
        if obj is None:
            return ("user", "name", "scope")
        return (
            "user",
            "name",
            "scope",
            "prefix",
            "created_at",
            "last_used_at",
            "revoked_at",
        )

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        if obj is None:
            return ()
        # A token's owner and scope are what it was issued with.
        return ("user", "scope", "prefix", "created_at", "last_used_at", "revoked_at")

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = None
            raw = None
            if change:
                before = snapshot(ApiToken.objects.get(pk=obj.pk))
            else:
                raw, obj.prefix, obj.digest = new_secret()
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                instance=obj,
                action=AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE,
                before=before,
            )
        if raw:
            self.message_user(
                request,
                _(
                    "Copy the token now, it will not be shown again: %(token)s — "
                    "send it as the header Authorization: Bearer %(token)s"
                )
                % {"token": raw},
                messages.WARNING,
            )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: Any, queryset: Any) -> None:
        for token in queryset:
            token_revoke(token=token, actor=request.user)
        self.message_user(
            request,
            _("Tokens revoked: %(count)d. They are refused from now on.")
            % {"count": queryset.count()},
        )
