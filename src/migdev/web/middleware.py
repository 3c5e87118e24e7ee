"""Security headers of every response."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware
from django.http import HttpRequest, HttpResponse
from django.middleware.common import CommonMiddleware
from django.middleware.locale import LocaleMiddleware
from whitenoise.middleware import WhiteNoiseMiddleware

from migdev.core.middleware import pages_only

# No inline script at all: every script is a static file of the site (no
# event-handler attribute, no javascript: link). An inline <style> element (a
# server-drawn map's own) needs the response's nonce, which templates read as
# ``request.csp_nonce`` (see the ``csp_nonce`` filter). Style attributes, which
# the drawings use for their fills and cannot run anything, are allowed.
POLICY = (
    "default-src 'self'; "
    "script-src 'self'; "
    "style-src 'self' 'nonce-{nonce}'; "
    "style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "base-uri 'none'; "
    "form-action 'self'; "
    "frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    """Set Content-Security-Policy on every response (pages, API, files,
    errors). ``MIGDEV_CSP_REPORT_ONLY`` sends it as a report only."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.csp_nonce = secrets.token_urlsafe(16)  # type: ignore[attr-defined]
        response = self.get_response(request)
        header = (
            "Content-Security-Policy-Report-Only"
            if getattr(settings, "MIGDEV_CSP_REPORT_ONLY", False)
            else "Content-Security-Policy"
        )
        if header not in response:
            response[header] = POLICY.format(nonce=request.csp_nonce)
        return response


# The site's middleware that API requests pass over (``pages_only``): static
# files, the language of pages, trailing-slash redirects, messages. (Django's
# CSRF check and login throttling stay as listed: `check --deploy` and
# django-axes look for them by name; the API's views are exempt from the
# former and check a session's CSRF token themselves.)
PagesWhiteNoiseMiddleware = pages_only(WhiteNoiseMiddleware)
PagesLocaleMiddleware = pages_only(LocaleMiddleware)
PagesCommonMiddleware = pages_only(CommonMiddleware)
PagesMessageMiddleware = pages_only(MessageMiddleware)
