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
    path("focal-points/write/", views.broadcast_new, name="broadcast-new"),
    path(
        "focal-points/messages/<int:broadcast_id>/",
        views.broadcast_detail,
        name="broadcast",
    ),
    path(
        "meetings/<int:edition>/participants.<str:fmt>",
        views.participants_export,
        name="participants",
    ),
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path(
        "meetings/<int:edition>/calendar.ics",
        views.calendar_meeting,
        name="meeting-calendar",
    ),
    path(
        "delegations/<int:delegation_id>/edit/",
        views.delegation_edit,
        name="delegation-edit",
    ),
    path(
        "delegations/<int:delegation_id>/withdraw/",
        views.delegation_withdraw,
        name="delegation-withdraw",
    ),
    path(
        "delegations/<int:delegation_id>/letter.pdf",
        views.delegation_letter,
        name="delegation-letter",
    ),
    path(
        "delegations/<int:delegation_id>/badges.pdf",
        views.delegation_badges,
        name="badges",
    ),
    path("badges/link/<str:token>/", views.badge_by_link, name="badge-link"),
    path("check-in/<str:token>/", views.check_in, name="check-in"),
    path("dialogues/<str:slug>/", views.dialogue_detail, name="dialogue"),
    path("support-unit/", views.support_unit, name="support-unit"),
]
