"""The language of an API answer: the ``lang`` parameter for names, else the
request's ``Accept-Language``, else English.

The site's pages carry their language in the address (``/fr/…``) and Django
reads ``Accept-Language`` only at ``/``; the API's addresses have no language
prefix, so ``ApiLanguageMiddleware`` negotiates it for them: the first of the
six languages the header accepts, English when it names none. Names follow it
where ``lang`` is not given (``language_param``), and so do error messages.
The site's language cookie is not read: an API answer depends on the request
alone, and says so with ``Vary: Accept-Language``."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

from migdev.core.api.errors import API_PREFIX


def accepted_language(header: str) -> str:
    """The first of the site's languages ``header`` accepts, else the default."""
    for tag, _quality in parse_accept_lang_header(header or ""):
        if tag == "*":
            break
        try:
            return translation.get_supported_language_variant(tag)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class ApiLanguageMiddleware:
    """After ``LocaleMiddleware``: under /api/, activate the language the
    request's ``Accept-Language`` asks for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        language = accepted_language(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        return response
