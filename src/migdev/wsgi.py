import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

# A server started without DJANGO_SETTINGS_MODULE runs the production
# settings (DEBUG off); `migdev demo` and the CLI choose the dev settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migdev.settings.production")
application = get_wsgi_application()

# The URLs, and with them every app's views and the API, load now: under
# `gunicorn --preload` the workers are forked with them loaded, instead of
# each paying for them (about a second) on its first request.
get_resolver().url_patterns  # noqa: B018
