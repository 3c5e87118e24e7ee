from django.urls import path

from migdev.cooperation import views

app_name = "cooperation"

urlpatterns = [
    path("", views.home, name="home"),
    path("mechanisms/", views.mechanism_list, name="mechanisms"),
    path("mechanisms/<slug:code>/", views.mechanism_detail, name="mechanism"),
    path("coverage/", views.coverage, name="coverage"),
    path("classification/", views.classification, name="classification"),
    path("instruments/", views.instrument_list, name="instruments"),
    path("instruments/<slug:code>/", views.instrument_detail, name="instrument"),
    path("funds/", views.fund_list, name="funds"),
]
