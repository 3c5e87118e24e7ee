"""The Django admin, for the secretariat only.

Django's admin trusts ``is_staff`` and model permissions; migdev's roles are
dated. The admin therefore also asks for a secretariat role valid today, so a
staff account whose role has ended loses the admin with it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from migdev.registry.permissions import roles_of


class SecretariatAdminSite(admin.AdminSite):
    site_header = _("migdev administration")
    site_title = _("migdev administration")

    def has_permission(self, request: Any) -> bool:
        return super().has_permission(request) and roles_of(request.user).secretariat
