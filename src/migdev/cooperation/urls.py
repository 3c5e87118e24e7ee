from django.urls import path

from migdev.cooperation import views

app_name = "cooperation"

urlpatterns = [
    path("", views.home, name="home"),
    path("mechanisms/", views.mechanism_list, name="mechanisms"),
    path("mechanisms/<slug:code>/", views.mechanism_detail, name="mechanism"),
    path(
        "mechanisms/<slug:code>/participants/new/",
        views.participation_new,
        name="participation_new",
    ),
    path(
        "mechanisms/<slug:code>/assessments/new/",
        views.assessment_new,
        name="assessment_new",
    ),
    path(
        "assessments/<int:pk>/review/",
        views.assessment_review,
        name="assessment_review",
    ),
    path("coverage/", views.coverage, name="coverage"),
    path("classification/", views.classification, name="classification"),
    path("instruments/", views.instrument_list, name="instruments"),
    path("instruments/<slug:code>/", views.instrument_detail, name="instrument"),
    path(
        "instruments/<slug:code>/updates/new/",
        views.commitment_update_new,
        name="commitment_update_new",
    ),
    path("funds/", views.fund_list, name="funds"),
    path("funds/<slug:code>/flows/new/", views.flow_new, name="flow_new"),
    path("rates/", views.rates, name="rates"),
    path("tags/", views.tags, name="tags"),
]
