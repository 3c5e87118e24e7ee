from django.urls import path

from migdev.consultation.analysis import views

app_name = "analysis"

urlpatterns = [
    path("campaigns/<int:pk>/", views.tally_page, name="tally"),
    path("campaigns/<int:pk>/codebook/", views.codebook, name="codebook"),
    path(
        "campaigns/<int:pk>/questions/<int:question_id>/themes/add/",
        views.theme_add,
        name="theme-add",
    ),
    path(
        "campaigns/<int:pk>/themes/<int:theme_id>/",
        views.theme_edit,
        name="theme-edit",
    ),
    path(
        "campaigns/<int:pk>/questions/<int:question_id>/coding/",
        views.coding_list,
        name="coding-list",
    ),
    path(
        "campaigns/<int:pk>/questions/<int:question_id>/coding/<str:iso3>/",
        views.coding_edit,
        name="coding",
    ),
    *(
        path(
            f"campaigns/<int:pk>/{name}.{fmt}",
            view,
            {"fmt": fmt},
            name=f"{name}-{fmt}",
        )
        for name, view in (
            ("replies", views.replies_export),
            ("tally", views.tally_export),
        )
        for fmt in ("csv", "xlsx")
    ),
]
