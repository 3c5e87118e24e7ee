"""Wire every app's router into the one API."""

from migdev.api.base import api
from migdev.registry.api import router as registry_router

api.add_router("", registry_router)
