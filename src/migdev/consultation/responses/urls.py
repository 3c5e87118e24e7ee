"""Reply pages, under /consultations/replies/."""

from django.urls import path

from migdev.consultation.responses import views

app_name = "responses"

urlpatterns = [
    path("link/<str:token>/", views.link_form, name="link"),
    path(
        "link/<str:token>/versions/<int:number>/",
        views.link_version,
        name="link-version",
    ),
    path("<int:recipient_id>/", views.reply_form, name="reply"),
    path(
        "<int:recipient_id>/versions/<int:number>/",
        views.version_detail,
        name="version",
    ),
    path(
        "<int:recipient_id>/versions/<int:number>/original/",
        views.attachment,
        name="attachment",
    ),
    path("<int:recipient_id>/enter/", views.enter_for_state, name="enter"),
]
