from django.urls import path

from migdev.registry import views

app_name = "registry"

urlpatterns = [
    path("states/", views.country_list, name="countries"),
    path("states/<str:code>/", views.country_detail, name="country"),
    path(
        "states/<str:code>/contacts/", views.country_contacts, name="country-contacts"
    ),
    path(
        "states/<str:code>/contacts/new/",
        views.country_contact_edit,
        name="country-contact-new",
    ),
    path(
        "states/<str:code>/contacts/<int:pk>/",
        views.country_contact_edit,
        name="country-contact-edit",
    ),
    path(
        "states/<str:code>/contacts/<int:pk>/delete/",
        views.country_contact_delete,
        name="country-contact-delete",
    ),
    path("groupings/", views.grouping_list, name="groupings"),
    path("groupings/<str:code>/", views.grouping_detail, name="grouping"),
    path("organizations/", views.organization_list, name="organizations"),
    path("organizations/<str:code>/", views.organization_detail, name="organization"),
]
