from django.urls import path

from migdev.unsystem import views

app_name = "unsystem"

urlpatterns = [
    path("", views.cycle_list, name="cycles"),
    path("cycles/new/", views.cycle_new, name="cycle_new"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle"),
    path("cycles/<int:pk>/close/", views.cycle_close, name="cycle_close"),
    path("cycles/<int:pk>/chapter-iv/", views.chapter_iv, name="chapter_iv"),
    path("contributions/<int:pk>/", views.contribute, name="contribute"),
    path("contributions/<int:pk>/follow-ups/", views.follow_ups, name="follow_ups"),
    path("link/<str:token>/", views.link_contribute, name="link"),
    path("gmg/", views.gmg, name="gmg"),
    path("gmg/chairs/new/", views.chair_new, name="chair_new"),
    path("coordination-meetings/", views.meeting_list, name="meetings"),
    path("coordination-meetings/<int:number>/", views.meeting_detail, name="meeting"),
    path("activities/<int:pk>/review/", views.review, name="review"),
]
