from django.contrib import admin

from migdev.core.admin import AuditedAdmin
from migdev.registry.models import (
    Contact,
    Country,
    FrameworkTarget,
    Grouping,
    GroupMembership,
    Organization,
    OrganizationMembership,
    RoleAssignment,
)


class GroupMembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 0
    autocomplete_fields = ["grouping"]


@admin.register(Country)
class CountryAdmin(AuditedAdmin):
    list_display = ("m49", "iso3", "iso2", "__str__", "status", "un_admission")
    list_filter = ("status",)
    search_fields = ("iso3", "iso2", "m49", "name")
    inlines = [GroupMembershipInline]
    autocomplete_fields = ["administered_by"]


@admin.register(Grouping)
class GroupingAdmin(AuditedAdmin):
    list_display = ("code", "__str__", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("code", "name")


class OrganizationMembershipInline(admin.TabularInline):
    model = OrganizationMembership
    fk_name = "member"
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ("code", "__str__", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("code", "name", "acronym")
    inlines = [OrganizationMembershipInline]


@admin.register(Contact)
class ContactAdmin(AuditedAdmin):
    list_display = ("name", "kind", "country", "organization", "email", "start", "end")
    list_filter = ("kind",)
    search_fields = ("name", "email")
    autocomplete_fields = ["country", "organization", "user"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdmin):
    list_display = ("user", "role", "country", "organization", "start", "end")
    list_filter = ("role",)
    autocomplete_fields = ["user", "country", "organization"]


@admin.register(FrameworkTarget)
class FrameworkTargetAdmin(AuditedAdmin):
    list_display = ("code", "framework", "level", "number", "parent", "checked")
    list_filter = ("framework", "level")
    search_fields = ("code", "number", "title")
