"""Pages of the reports, under /reports/."""

from django.urls import path

from migdev.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<slug:slug>/", views.report_detail, name="detail"),
    path("<slug:slug>/status/", views.status_change, name="status"),
    path("<slug:slug>/edit/<str:language>/", views.template_edit, name="edit"),
    path("<slug:slug>/comment/<str:language>/", views.comment_add, name="comment"),
    path(
        "<slug:slug>/confirm/<str:language>/",
        views.translation_confirm,
        name="confirm",
    ),
    path("<slug:slug>/build/", views.build_new, name="build-new"),
    path("<slug:slug>/builds/<int:pk>/", views.build_detail, name="build"),
    path("<slug:slug>/builds/<int:pk>/<str:fmt>/", views.build_file, name="build-file"),
    path("<slug:slug>/compare/", views.build_compare, name="compare"),
]
