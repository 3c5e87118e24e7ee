from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "migdev.web"
    label = "web"
    verbose_name = _("Web shell")


class MigdevAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the secretariat-only site."""

    default = False
    default_site = "migdev.web.admin_site.SecretariatAdminSite"
