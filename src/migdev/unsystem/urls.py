from django.urls import path

from migdev.unsystem import views

app_name = "unsystem"

urlpatterns = [
    path("", views.cycle_list, name="cycles"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle"),
    path("cycles/<int:pk>/chapter-iv/", views.chapter_iv, name="chapter_iv"),
    path("contributions/<int:pk>/", views.contribute, name="contribute"),
    path("activities/<int:pk>/review/", views.review, name="review"),
]
