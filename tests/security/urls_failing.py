"""The site's URLs and one view that fails, to see the 500 page."""

from django.urls import path

from migdev.urls import handler400, handler403, handler404, handler500, urlpatterns


def _fails(request):
    raise RuntimeError("a failure the page must not show")


urlpatterns = [path("fails/", _fails), *urlpatterns]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
