from django.http import HttpResponse
from django.urls import path

app_name = "forum_test"


def start(request):
    return HttpResponse("<h1>Forum meetings</h1>")


urlpatterns = [path("", start, name="start")]
