from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from migdev.api.urls import api
from migdev.core.modules import installed_modules
from migdev.web import views as web_views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("favicon.ico", web_views.favicon, name="favicon"),
]

# Pages carry their language in the path (/fr/states/FRA/); English has none.
urlpatterns += i18n_patterns(
    path("", web_views.home, name="home"),
    path("modules/<slug:module>/", web_views.module, name="module"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Each installed module's pages, as its app declares them.
    *(
        path(module.prefix, include(module.urls))
        for module in installed_modules()
        if module.urls
    ),
    prefix_default_language=False,
)

handler400 = "migdev.web.views.bad_request"
handler403 = "migdev.web.views.permission_denied"
handler404 = "migdev.web.views.page_not_found"
handler500 = "migdev.web.views.server_error"
