import os

from django.core.asgi import get_asgi_application

# A server started without DJANGO_SETTINGS_MODULE runs the production
# settings (DEBUG off); `migdev demo` and the CLI choose the dev settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migdev.settings.production")
application = get_asgi_application()
