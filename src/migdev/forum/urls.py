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
    path("meetings/<int:edition>/report/", views.meeting_report, name="meeting-report"),
    path(
        "delegations/<int:delegation_id>/decide/",
        views.delegation_decide,
        name="delegation-decide",
    ),
    path("chairs/new/", views.chair_new, name="chair-new"),
    path("friends-meetings/new/", views.friends_meeting_new, name="friends-new"),
    path("practices/", views.practice_list, name="practices"),
    path("practices/submit/", views.practice_submit, name="practice-submit"),
    path(
        "practices/<int:practice_id>/review/",
        views.practice_review,
        name="practice-review",
    ),
    path("focal-points/", views.focal_points, name="focal-points"),
    path("support-unit/", views.support_unit, name="support-unit"),
]
