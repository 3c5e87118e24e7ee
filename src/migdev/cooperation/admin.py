"""The secretariat's data entry for the registers (audited; the models'
``clean()`` refuses the same bad input as the services)."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from migdev.cooperation import services
from migdev.cooperation.models import (
    Assessment,
    AssessmentItem,
    Commitment,
    CommitmentUpdate,
    ExchangeRate,
    Flow,
    Fund,
    Instrument,
    Mechanism,
    Participation,
    Project,
    Theme,
)
from migdev.core.admin import AuditedAdmin


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["country", "organization"]


@admin.register(Mechanism)
class MechanismAdmin(AuditedAdmin):
    list_display = ("code", "__str__", "kind", "founded")
    list_filter = ("kind",)
    search_fields = ("code", "name", "acronym")
    inlines = [ParticipationInline]
    filter_horizontal = ("supporting_organizations", "themes", "tags")


@admin.register(Theme)
class ThemeAdmin(AuditedAdmin):
    list_display = ("code", "__str__", "development")


class AssessmentItemInline(admin.TabularInline):
    model = AssessmentItem
    extra = 0
    can_delete = False
    readonly_fields = ("theme", "level")


@admin.register(Assessment)
class AssessmentAdmin(AuditedAdmin):
    """Assessments are recorded by ``services.assessment_record`` (the checklist
    gives the group); here the group and the review cannot be changed by hand,
    and the review is an action that checks the reviewer is not the assessor."""

    list_display = ("mechanism", "period_start", "period_end", "group", "status")
    list_filter = ("group", "status")
    readonly_fields = (
        "mechanism",
        "group",
        "status",
        "assessor",
        "reviewer",
        "reviewed_at",
    )
    actions = ["review"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Review the selected assessments"))
    def review(self, request, queryset):
        for assessment in queryset:
            try:
                services.assessment_review(request.user, assessment)
            except ValidationError as exc:
                self.message_user(request, "; ".join(exc.messages), level="error")


class CommitmentInline(admin.StackedInline):
    model = Commitment
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(AuditedAdmin):
    list_display = ("code", "__str__", "mechanism", "adopted", "status")
    list_filter = ("status", "kind")
    inlines = [CommitmentInline]
    actions = ["withdraw_today"]

    @admin.action(description=_("Withdraw the selected instruments today"))
    def withdraw_today(self, request, queryset):
        for instrument in queryset:
            services.instrument_withdraw(request.user, instrument, timezone.localdate())


@admin.register(CommitmentUpdate)
class CommitmentUpdateAdmin(AuditedAdmin):
    list_display = ("commitment", "day", "status")
    list_filter = ("status",)


class FlowInline(admin.TabularInline):
    model = Flow
    extra = 0


@admin.register(Fund)
class FundAdmin(AuditedAdmin):
    list_display = ("code", "__str__", "amount", "currency")
    inlines = [FlowInline]
    filter_horizontal = (
        "donor_countries",
        "donor_organizations",
        "managers",
        "themes",
        "tags",
    )


@admin.register(Project)
class ProjectAdmin(AuditedAdmin):
    list_display = ("__str__", "fund")


@admin.register(ExchangeRate)
class ExchangeRateAdmin(AuditedAdmin):
    list_display = ("currency", "year", "usd_per_unit", "source")
