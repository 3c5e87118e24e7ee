"""The REST API of migdev, version 1: one PlatformAPI; each app adds its router
(``migdev.api.urls``). The conventions (errors, pagination, authentication,
languages) live in the platform layer, ``migdev.core.api``."""

from __future__ import annotations

from migdev.core.api import PlatformAPI, public_auth

api = PlatformAPI(
    title="migdev API",
    version="1",
    urls_namespace="api-v1",
    auth=public_auth,
    description=(
        "Open data and workflows of migdev: the registry of States, groupings and "
        "organizations, the consultations of Member States; more modules add their "
        "endpoints here.\n\n"
        "**Reading.** Reads of published data are public. Every list is a page: "
        "`?limit=` (1 to 200, default 50) rows from `?offset=`, with `count` (all "
        "rows), `next` and `previous` (addresses of the neighbouring pages, null at "
        "the ends) and `items`. A query parameter an address does not know is "
        "refused (400 `unknown_parameter`), so that a misspelt filter never returns "
        "the wrong rows.\n\n"
        "**Credentials.** Either the session of the site (log in; writes then need "
        "the `X-CSRFToken` header) or an API token: `Authorization: Bearer mdv_…`. "
        "A token acts with its user's roles; a *read* token may only GET, a "
        "*write* token may also change records. The secretariat issues and revokes "
        "tokens in the admin or with `migdev api_token`. Every record is checked "
        "against the user's roles.\n\n"
        "**Errors** are JSON objects, whatever the status: "
        '`{"error": {"code": "...", "message": "...", "details": ...}}` — 400 '
        "invalid input (`details` says what to fix), 401 no or bad credentials, "
        "403 not allowed, 404 not found, 409 conflict, 410 gone, 413 body too "
        "large, 500 server error (logged)."
    ),
)
