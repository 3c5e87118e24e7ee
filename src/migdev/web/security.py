"""Security helpers of the web shell."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or with MIGDEV_PROXY_COUNT trusted
    proxies in front, the address the outermost of them saw (the one it
    appended to X-Forwarded-For; what a client writes there itself is ignored)."""
    proxies = getattr(settings, "MIGDEV_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
