from django.urls import path

from migdev.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.release_list, name="releases"),
    path("releases/<str:identifier>/", views.release_detail, name="release"),
]
