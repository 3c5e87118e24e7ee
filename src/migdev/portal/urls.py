"""The portal's pages (profiles, maps, comparisons); its data API is under
/api/v1/ (``portal.api``)."""

from django.urls import path, re_path

from migdev.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("areas/<str:code>/", views.profile, name="profile"),
    re_path(
        r"^areas/(?P<code>[A-Za-z0-9]+)/charts/(?P<key>[a-z_]+)\.(?P<fmt>svg|png)$",
        views.chart_image,
        name="chart",
    ),
    path("compare/", views.compare, name="compare"),
    path("map/", views.world_map, name="map"),
    re_path(r"^map\.(?P<fmt>svg|png)$", views.map_image, name="map_image"),
]
