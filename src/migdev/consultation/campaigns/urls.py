"""Campaign pages, under /consultations/."""

from django.urls import path

from migdev.consultation.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("campaigns/new/", views.campaign_create, name="create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("campaigns/<int:pk>/dispatch/", views.campaign_dispatch, name="dispatch"),
    path("campaigns/<int:pk>/close/", views.campaign_close, name="close"),
    path("campaigns/<int:pk>/publish/", views.campaign_publish, name="publish"),
    path("campaigns/<int:pk>/tracking/", views.campaign_tracking, name="tracking"),
    path("campaigns/<int:pk>/map/", views.campaign_map, name="map"),
    path(
        "campaigns/<int:pk>/map.svg",
        views.campaign_map_file,
        {"fmt": "svg"},
        name="map-svg",
    ),
    path(
        "campaigns/<int:pk>/map.png",
        views.campaign_map_file,
        {"fmt": "png"},
        name="map-png",
    ),
    path(
        "campaigns/<int:pk>/recipients/<int:rid>/",
        views.recipient_detail,
        name="recipient",
    ),
    path(
        "campaigns/<int:pk>/recipients/<int:rid>/link/",
        views.recipient_link,
        name="recipient-link",
    ),
    path(
        "campaigns/<int:pk>/recipients/<int:rid>/messages/<int:mid>/",
        views.message_action,
        name="message-action",
    ),
]
