"""Pages of the Global Forum, under /forum/."""

from django.urls import path

from migdev.forum import views

app_name = "forum"

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/<int:edition>/", views.meeting_detail, name="meeting"),
    path(
        "meetings/<int:edition>/register/",
        views.delegation_register,
        name="register",
    ),
    path(
        "delegations/<int:delegation_id>/decide/",
        views.delegation_decide,
        name="delegation-decide",
    ),
    path("practices/", views.practice_list, name="practices"),
]
