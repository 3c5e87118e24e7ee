from django.urls import path

from migdev.consultation.questionnaires import views

app_name = "questionnaires"

urlpatterns = [
    path("", views.questionnaire_list, name="list"),
    path("import/", views.questionnaire_import, name="import"),
    path("<int:pk>/", views.questionnaire_detail, name="detail"),
    path(
        "<int:pk>/translations/",
        views.questionnaire_translations,
        name="translations",
    ),
    path("<int:pk>/preview/", views.questionnaire_preview, name="preview"),
    path("<int:pk>/xlsform/", views.questionnaire_xlsform, name="xlsform"),
]
