"""The secretariat's admin of data releases (audited).

Releases, datasets and indicators are made by the import commands, never
added here. A release's numbers and provenance are read-only; review and
publish are actions through the services (which check the rules and keep the
audit trail), and a published release can only be viewed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from migdev.core.admin import AuditedAdmin
from migdev.core.i18n import listed
from migdev.indicators import services
from migdev.indicators.models import Dataset, Indicator, Release


class MadeByImportsAdmin(AuditedAdmin):
    """Records the import commands create: changed here, never added or
    deleted (their releases' values refer to them)."""

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Dataset)
class DatasetAdmin(MadeByImportsAdmin):
    list_display = ("code", "kind")
    list_filter = ("kind",)
    search_fields = ("code",)
    fields = ("code", "kind", "name")
    readonly_fields = ("code", "kind")


@admin.register(Indicator)
class IndicatorAdmin(MadeByImportsAdmin):
    list_display = ("code", "unit", "tag_list")
    search_fields = ("code",)
    fields = ("code", "unit", "name", "tags")
    readonly_fields = ("code", "unit")
    filter_horizontal = ("tags",)

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description=_("Global Compact objectives and SDG targets"))
    def tag_list(self, obj: Indicator) -> str:
        return listed(t.code for t in obj.tags.all())


@admin.register(Release)
class ReleaseAdmin(MadeByImportsAdmin):
    list_display = (
        "identifier",
        "dataset",
        "status",
        "illustrative",
        "value_count",
        "created_at",
        "published_at",
    )
    list_filter = ("status", "illustrative", "dataset")
    search_fields = ("identifier",)
    list_select_related = ("dataset",)
    date_hierarchy = "created_at"
    actions = ["review", "publish"]
    #: What stays as imported: the numbers and their provenance.
    provenance = (
        "identifier",
        "dataset",
        "version",
        "status",
        "source",
        "method",
        "licence",
        "publisher",
        "reference_dates",
        "illustrative",
        "command",
        "inputs",
        "checksum",
        "value_count",
        "created_at",
        "created_by",
        "reviewed_at",
        "reviewed_by",
        "published_at",
        "published_by",
    )
    fields = ("title", *provenance)
    readonly_fields = provenance

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request: Any, obj: Release, form: Any, change: bool) -> None:
        # Only the title is editable: through the service (rules, audit).
        services.release_retitle(actor=request.user, release=obj, title=obj.title)

    def _step(self, request: Any, queryset: Any, service: Any, done: str) -> None:
        count = 0
        for release in queryset:
            try:
                service(actor=request.user, release=release)
            except (services.WorkflowError, PermissionDenied) as exc:
                self.message_user(request, f"{release}: {exc}", level=messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Mark the selected releases as reviewed"))
    def review(self, request: Any, queryset: Any) -> None:
        self._step(
            request,
            queryset,
            services.release_review,
            _("Releases marked as reviewed: %(count)d."),
        )

    @admin.action(description=_("Publish the selected releases"))
    def publish(self, request: Any, queryset: Any) -> None:
        self._step(
            request,
            queryset,
            services.release_publish,
            _("Releases published: %(count)d."),
        )
