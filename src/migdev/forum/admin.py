"""The Forum in the admin. Records whose rules the services check (chairs and
their overlap, meetings and their civil-society days, delegations and their
accreditation, Friends' attendance, messages to focal points, practices'
review) are shown read-only: they are written on the Forum's pages or through
the API. Descriptive records (themes, Dialogues, staff, money, Steering Group
seats, migration profiles) are edited here, with the audit trail."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from migdev.core.admin import AuditedAdmin, ReadOnlyAdmin
from migdev.forum.models import (
    Broadcast,
    Chairmanship,
    CivilSocietyDay,
    Contribution,
    Delegate,
    Delegation,
    Dialogue,
    DialogueRoundTable,
    Expenditure,
    FriendsMeeting,
    Meeting,
    MigrationProfile,
    Practice,
    Roundtable,
    StaffMember,
    SteeringMembership,
    Theme,
)


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("edition", "__str__", "host", "start", "end", "report_symbol")
    search_fields = ("city", "theme")


@admin.register(Chairmanship)
class ChairmanshipAdmin(ReadOnlyAdmin):
    list_display = ("country", "start", "end", "meeting")


@admin.register(FriendsMeeting)
class FriendsMeetingAdmin(ReadOnlyAdmin):
    list_display = ("date", "place", "illustrative")
    date_hierarchy = "date"


@admin.register(Roundtable)
class RoundtableAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "number", "title")


@admin.register(CivilSocietyDay)
class CivilSocietyDayAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "organizer", "start", "end", "report_date")


class DelegateInline(admin.TabularInline):
    model = Delegate
    extra = 0
    can_delete = False
    fields = ("name", "function", "email", "language")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Delegation)
class DelegationAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "status", "registered_at", "decided_at")
    list_filter = ("status", "meeting")
    inlines = [DelegateInline]
    # The letter is read through the Forum's permission-checked view, never
    # from a storage address (MEDIA_ROOT is served by nothing).
    exclude = ("letter",)
    readonly_fields = ("letter_link",)

    @admin.display(description=_("note verbale or nomination letter"))
    def letter_link(self, obj: Delegation) -> str:
        if not obj.letter:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("forum:delegation-letter", kwargs={"delegation_id": obj.pk}),
            obj.letter_name or "letter.pdf",
        )


@admin.register(Broadcast)
class BroadcastAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "created_by", "created_at", "sent_at")


@admin.register(Practice)
class PracticeAdmin(ReadOnlyAdmin):
    list_display = ("title", "country", "language", "status", "submitted_at")
    list_filter = ("status", "language", "themes", "tags")
    search_fields = ("title", "description")


@admin.register(Theme)
class ThemeAdmin(AuditedAdmin):
    list_display = ("code", "__str__", "sort_order")


class DialogueRoundTableInline(admin.TabularInline):
    model = DialogueRoundTable
    extra = 0


@admin.register(Dialogue)
class DialogueAdmin(AuditedAdmin):
    list_display = ("__str__", "start", "end", "member_states", "illustrative")
    inlines = [DialogueRoundTableInline]
    autocomplete_fields = ["participants"]


@admin.register(SteeringMembership)
class SteeringMembershipAdmin(AuditedAdmin):
    list_display = ("country", "start", "end", "note")
    autocomplete_fields = ["country"]


@admin.register(MigrationProfile)
class MigrationProfileAdmin(AuditedAdmin):
    list_display = ("country", "origin", "transit", "destination", "start", "end")
    autocomplete_fields = ["country"]


@admin.register(StaffMember)
class StaffMemberAdmin(AuditedAdmin):
    list_display = ("name", "function", "source", "government", "start", "end")
    autocomplete_fields = ["government"]


@admin.register(Contribution)
class ContributionAdmin(AuditedAdmin):
    list_display = ("government", "year", "kind", "amount", "currency")
    list_filter = ("year", "kind", "currency")
    autocomplete_fields = ["government"]


@admin.register(Expenditure)
class ExpenditureAdmin(AuditedAdmin):
    list_display = ("year", "meeting", "amount", "currency", "description")
    list_filter = ("year", "currency")
