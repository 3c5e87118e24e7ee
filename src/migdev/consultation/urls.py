"""Pages of the consultation module, under /consultations/."""

from django.urls import include, path

urlpatterns = [
    path("", include("migdev.consultation.campaigns.urls")),
    path("questionnaires/", include("migdev.consultation.questionnaires.urls")),
    path("replies/", include("migdev.consultation.responses.urls")),
    path("analysis/", include("migdev.consultation.analysis.urls")),
]
