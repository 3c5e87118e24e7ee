"""The authorization matrix: every URL pattern of the site × every role
(anonymous, each role, a login whose role has ended) × GET and each write
method, against one table of expected answers.

The patterns come from the URL configuration itself, so a new URL without a
line in EXPECTED fails ``test_every_url_has_an_entry``. Each write is sent in
a savepoint that is rolled back (pages get an empty form, the API a valid body,
see BODIES): what matters is who is refused. The admin's patterns share one rule (its site admits a current
secretariat only), checked on every one of them.

Columns: anon, sec, fp, fpo, rep, fs, ended (see tests/security/world.py).
Answers: a status code; ``3l`` is a redirect to the login page; ``-`` where a
code must merely not be 5xx (not used for refusals).
Run with MIGDEV_MATRIX_PRINT=1 to print what the site answers, in this form.
"""

from __future__ import annotations

import copy
import json
import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.world import ROLE_NAMES, ROLES, build_world, url_kwargs

WRITES = ("POST", "PUT", "PATCH", "DELETE")

# The API validates a body before its view asks who is calling: its writes are
# sent with a valid body, so that the answer is the view's (pages get an empty
# form, which their views refuse or reject after the permission check).
_REPLY = {
    "kind": "draft",
    "answers": {"forum_view": "Matrix"},
    "submission_key": "matrix-write",
    "based_on": 1,
}
_CONTACT = {"kind": "focal_point", "name": "Matrix", "email": "matrix@example.org"}
BODIES: dict[tuple[str, str], dict] = {
    ("api/v1/states/<code>/contacts", "POST"): _CONTACT,
    ("api/v1/states/<code>/contacts/<contact_id>", "PUT"): _CONTACT,
    ("api/v1/campaigns", "POST"): {
        "questionnaire": "hld-test",
        "title": {"en": "Matrix"},
        "letter": {"en": "<p>Matrix</p>"},
        "opens_on": "2030-01-01",
        "deadline": "2030-02-01",
        "recipients": ["FRA"],
    },
    ("api/v1/campaigns/<campaign_id>/recipients/<recipient_id>/follow-ups", "POST"): {
        "kind": "call",
        "at": "2020-01-01T10:00:00Z",
        "outcome": "Matrix",
    },
    ("api/v1/replies/<recipient_id>", "POST"): _REPLY,
    ("api/v1/links/<token>/reply", "POST"): _REPLY,
    ("api/v1/questions/<question_id>/themes", "POST"): {
        "code": "matrix",
        "labels": {"en": "Matrix"},
    },
    ("api/v1/themes/<theme_id>", "PUT"): {"code": "useful", "labels": {"en": "Useful"}},
    ("api/v1/replies/<recipient_id>/codings/<question_id>", "PUT"): {"themes": []},
    ("api/v1/forum/practices", "POST"): {
        "state": "FRA",
        "language": "fr",
        "title": "Matrix",
        "description": "Matrix",
        "themes": ["coherence"],
    },
    ("api/v1/forum/meetings/<edition>/delegations", "POST"): {
        "state": "FRA",
        "delegates": [{"name": "Matrix"}],
    },
    ("api/v1/forum/delegations/<delegation_id>/delegates", "PUT"): {
        "delegates": [{"name": "Matrix"}]
    },
    ("api/v1/forum/delegations/<delegation_id>/status", "POST"): {
        "status": "accredited"
    },
    # Multipart: a workbook that is not one (the secretariat gets its 400).
    ("api/v1/questionnaires/import", "POST"): {"file": b"not a workbook"},
}

# route → {method: answers by role}; "W" stands for every write method not listed.
# Columns:        anon sec fp fpo rep fs ended
EXPECTED: dict[str, dict[str, str]] = {
    "api/v1/areas/<code>/profile": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/data": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/downloads/<name>": {
        "GET": "404 404 404 404 404 404 404",
        "W": "405 405 405 405 405 405 405",
    },
    "portal/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "portal/areas/<str:code>/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "portal/^areas/(?P<code>[A-Za-z0-9]+)/charts/(?P<key>[a-z_]+)\\.(?P<fmt>svg|png)$": {
        "GET": "404 404 404 404 404 404 404",
        "W": "405 405 405 405 405 405 405",
    },
    "portal/compare/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "portal/map/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "portal/^map\\.(?P<fmt>svg|png)$": {
        "GET": "400 400 400 400 400 400 400",
        "W": "405 405 405 405 405 405 405",
    },
    "reports/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "reports/<slug:slug>/": {
        "GET": "404 200 404 404 404 404 404",
        "W": "405 405 405 405 405 405 405",
    },
    "reports/<slug:slug>/status/": {
        "GET": "405 405 405 405 405 405 405",
        "POST": "404 302 404 404 404 404 404",
        "W": "405 405 405 405 405 405 405",
    },
    "reports/<slug:slug>/edit/<str:language>/": {
        "GET": "404 200 404 404 404 404 404",
        "POST": "404 200 404 404 404 404 404",
        "W": "405 405 405 405 405 405 405",
    },
    "reports/<slug:slug>/comment/<str:language>/": {
        "GET": "405 405 405 405 405 405 405",
        "POST": "404 302 404 404 404 404 404",
        "W": "405 405 405 405 405 405 405",
    },
    "reports/<slug:slug>/confirm/<str:language>/": {
        "GET": "405 405 405 405 405 405 405",
        "POST": "404 302 404 404 404 404 404",
        "W": "405 405 405 405 405 405 405",
    },
    "reports/<slug:slug>/build/": {
        "GET": "405 405 405 405 405 405 405",
        "POST": "404 302 404 404 404 404 404",
        "W": "405 405 405 405 405 405 405",
    },
    "reports/<slug:slug>/builds/<int:pk>/": {
        "GET": "404 200 404 404 404 404 404",
        "W": "405 405 405 405 405 405 405",
    },
    "reports/<slug:slug>/builds/<int:pk>/<str:fmt>/": {
        "GET": "404 200 404 404 404 404 404",
        "W": "405 405 405 405 405 405 405",
    },
    "reports/<slug:slug>/compare/": {
        "GET": "404 404 404 404 404 404 404",
        "W": "405 405 405 405 405 405 405",
    },
    "favicon.ico": {
        "GET": "200 200 200 200 200 200 200",
        "W": "200 200 200 200 200 200 200",
    },
    "i18n/setlang/": {
        "GET": "302 302 302 302 302 302 302",
        "W": "302 302 302 302 302 302 302",
    },
    "api/v1/openapi.json": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/docs": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/framework-targets": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/mechanisms": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/mechanisms/coverage": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/mechanisms/<mechanism_id>": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/instruments": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/funds": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/assessments": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "cooperation/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "cooperation/mechanisms/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "cooperation/mechanisms/<slug:code>/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "cooperation/coverage/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "cooperation/classification/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "cooperation/instruments/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "cooperation/instruments/<slug:code>/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "cooperation/funds/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/activities": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "un-system/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "un-system/cycles/<int:pk>/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "un-system/cycles/<int:pk>/chapter-iv/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "un-system/contributions/<int:pk>/": {
        "GET": "3l 200 404 404 200 404 404",
        "POST": "3l 400 404 404 400 404 404",
        "PUT": "405 405 405 405 405 405 405",
        "PATCH": "405 405 405 405 405 405 405",
        "DELETE": "405 405 405 405 405 405 405",
    },
    "un-system/activities/<int:pk>/review/": {
        "GET": "3l 200 404 404 404 404 404",
        "POST": "3l 200 404 404 404 404 404",
        "PUT": "405 405 405 405 405 405 405",
        "PATCH": "405 405 405 405 405 405 405",
        "DELETE": "405 405 405 405 405 405 405",
    },
    "api/v1/gmg": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/coordination-meetings": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "cooperation/mechanisms/<slug:code>/participants/new/": {
        "GET": "3l 200 403 403 403 403 403",
        "POST": "3l 400 403 403 403 403 403",
        "PUT": "405 405 405 405 405 405 405",
        "PATCH": "405 405 405 405 405 405 405",
        "DELETE": "405 405 405 405 405 405 405",
    },
    "cooperation/mechanisms/<slug:code>/assessments/new/": {
        "GET": "3l 200 403 403 403 403 403",
        "POST": "3l 400 403 403 403 403 403",
        "PUT": "405 405 405 405 405 405 405",
        "PATCH": "405 405 405 405 405 405 405",
        "DELETE": "405 405 405 405 405 405 405",
    },
    "un-system/gmg/chairs/new/": {
        "GET": "3l 200 403 403 403 403 403",
        "POST": "3l 400 403 403 403 403 403",
        "PUT": "405 405 405 405 405 405 405",
        "PATCH": "405 405 405 405 405 405 405",
        "DELETE": "405 405 405 405 405 405 405",
    },
    "cooperation/assessments/<int:pk>/review/": {
        "GET": "405 405 405 405 405 405 405",
        "POST": "3l 404 404 404 404 404 404",
        "PUT": "405 405 405 405 405 405 405",
        "PATCH": "405 405 405 405 405 405 405",
        "DELETE": "405 405 405 405 405 405 405",
    },
    "cooperation/instruments/<slug:code>/updates/new/": {
        "GET": "3l 200 403 403 403 403 403",
        "POST": "3l 400 403 403 403 403 403",
        "PUT": "405 405 405 405 405 405 405",
        "PATCH": "405 405 405 405 405 405 405",
        "DELETE": "405 405 405 405 405 405 405",
    },
    "cooperation/funds/<slug:code>/flows/new/": {
        "GET": "3l 404 404 404 404 404 404",
        "POST": "3l 404 404 404 404 404 404",
        "PUT": "405 405 405 405 405 405 405",
        "PATCH": "405 405 405 405 405 405 405",
        "DELETE": "405 405 405 405 405 405 405",
    },
    "cooperation/rates/": {
        "GET": "200 200 200 200 200 200 200",
        "POST": "403 400 403 403 403 403 403",
        "PUT": "405 405 405 405 405 405 405",
        "PATCH": "405 405 405 405 405 405 405",
        "DELETE": "405 405 405 405 405 405 405",
    },
    "cooperation/tags/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "un-system/cycles/new/": {
        "GET": "3l 200 403 403 403 403 403",
        "POST": "3l 400 403 403 403 403 403",
        "PUT": "405 405 405 405 405 405 405",
        "PATCH": "405 405 405 405 405 405 405",
        "DELETE": "405 405 405 405 405 405 405",
    },
    "un-system/cycles/<int:pk>/close/": {
        "GET": "405 405 405 405 405 405 405",
        "POST": "3l 302 403 403 403 403 403",
        "PUT": "405 405 405 405 405 405 405",
        "PATCH": "405 405 405 405 405 405 405",
        "DELETE": "405 405 405 405 405 405 405",
    },
    "un-system/contributions/<int:pk>/follow-ups/": {
        "GET": "3l 200 404 404 403 404 404",
        "POST": "3l 400 404 404 403 404 404",
        "PUT": "405 405 405 405 405 405 405",
        "PATCH": "405 405 405 405 405 405 405",
        "DELETE": "405 405 405 405 405 405 405",
    },
    "un-system/link/<str:token>/": {
        "GET": "403 403 403 403 403 403 403",
        "POST": "403 403 403 403 403 403 403",
        "PUT": "405 405 405 405 405 405 405",
        "PATCH": "405 405 405 405 405 405 405",
        "DELETE": "405 405 405 405 405 405 405",
    },
    "un-system/gmg/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "un-system/coordination-meetings/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "un-system/coordination-meetings/<int:number>/": {
        "GET": "404 404 404 404 404 404 404",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/states": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/releases": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/releases/<identifier>": {
        "GET": "404 200 404 404 404 404 404",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/releases/<identifier>/values": {
        "GET": "404 200 404 404 404 404 404",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/indicators": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/states/<code>": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/groupings": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/organizations": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/organizations/<code>": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/states/<code>/contacts": {
        "GET": "401 200 200 403 403 403 403",
        "POST": "401 201 201 403 403 403 403",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/states/<code>/contacts/<contact_id>": {
        "GET": "401 200 200 403 403 403 403",
        "PUT": "401 200 200 403 403 403 403",
        "DELETE": "401 204 204 403 403 403 403",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/questionnaires": {
        "GET": "401 200 403 403 403 403 403",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/questionnaires/<int:questionnaire_id>": {
        "GET": "401 200 403 403 403 403 403",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/questionnaires/<int:questionnaire_id>/xlsform": {
        "GET": "401 200 403 403 403 403 403",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/questionnaires/import": {
        "GET": "405 405 405 405 405 405 405",
        "POST": "401 400 403 403 403 403 403",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/campaigns": {
        "GET": "200 200 200 200 200 200 200",
        "POST": "401 201 403 403 403 403 403",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/campaigns/<campaign_id>": {
        "GET": "404 200 404 404 404 200 404",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/campaigns/<campaign_id>/map.svg": {
        "GET": "404 200 404 404 404 200 404",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/campaigns/<campaign_id>/map.png": {
        "GET": "404 200 404 404 404 200 404",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/campaigns/<campaign_id>/dispatch": {
        "GET": "405 405 405 405 405 405 405",
        "POST": "401 400 404 404 404 403 404",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/campaigns/<campaign_id>/close": {
        "GET": "405 405 405 405 405 405 405",
        "POST": "401 200 404 404 404 403 404",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/campaigns/<campaign_id>/publish": {
        "GET": "405 405 405 405 405 405 405",
        "POST": "401 400 404 404 404 403 404",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/campaigns/<campaign_id>/recipients/<recipient_id>/follow-ups": {
        "GET": "405 405 405 405 405 405 405",
        "POST": "401 201 404 404 404 403 404",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/replies/<recipient_id>": {
        "GET": "401 200 200 404 404 404 404",
        "POST": "401 201 201 404 404 404 404",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/links/<token>/reply": {
        "GET": "200 200 200 200 200 200 200",
        "POST": "201 201 201 201 201 201 201",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/campaigns/<campaign_id>/tally": {
        "GET": "404 200 404 404 404 403 404",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/questions/<question_id>/themes": {
        "GET": "401 200 403 403 403 403 403",
        "POST": "401 201 403 403 403 403 403",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/themes/<theme_id>": {
        "GET": "405 405 405 405 405 405 405",
        "PUT": "401 200 403 403 403 403 403",
        "DELETE": "401 204 403 403 403 403 403",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/replies/<recipient_id>/codings/<question_id>": {
        "GET": "401 200 404 404 404 404 404",
        "PUT": "401 200 404 404 404 404 404",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/forum/meetings": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/forum/troika": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/forum/steering-group": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/forum/friends-meetings": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    # A focal point submits its own State's practice (the secretariat may too).
    "api/v1/forum/practices": {
        "GET": "200 200 200 200 200 200 200",
        "POST": "401 201 201 403 403 403 403",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/forum/dialogues": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    # France's registration: its focal point registers again (the delegates
    # are replaced), the support unit may record any State's.
    "api/v1/forum/meetings/<edition>/delegations": {
        "GET": "405 405 405 405 405 405 405",
        "POST": "401 201 201 403 403 201 403",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/forum/delegations/<delegation_id>": {
        "GET": "401 200 200 404 404 200 404",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/forum/delegations/<delegation_id>/delegates": {
        "GET": "405 405 405 405 405 405 405",
        "PUT": "401 200 200 404 404 200 404",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/forum/delegations/<delegation_id>/status": {
        "GET": "405 405 405 405 405 405 405",
        "POST": "401 200 403 404 404 200 404",
        "W": "405 405 405 405 405 405 405",
    },
    "api/v1/": {
        "GET": "404 404 404 404 404 404 404",
        "W": "404 404 404 404 404 404 404",
    },
    "": {
        "GET": "200 200 200 200 200 200 200",
        "W": "200 200 200 200 200 200 200",
    },
    # Every module has pages of its own now: its entry sends there.
    "modules/<slug:module>/": {
        "GET": "302 302 302 302 302 302 302",
        "W": "302 302 302 302 302 302 302",
    },
    "accounts/login/": {
        "GET": "200 200 200 200 200 200 200",
        "PATCH": "405 405 405 405 405 405 405",
        "DELETE": "405 405 405 405 405 405 405",
        "W": "200 200 200 200 200 200 200",
    },
    "accounts/logout/": {
        "GET": "405 405 405 405 405 405 405",
        "POST": "302 302 302 302 302 302 302",
        "W": "405 405 405 405 405 405 405",
    },
    "states/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "states/<str:code>/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "states/<str:code>/contacts/": {
        "GET": "3l 200 200 403 403 403 403",
        "W": "405 405 405 405 405 405 405",
    },
    "states/<str:code>/contacts/new/": {
        "GET": "3l 200 200 403 403 403 403",
        "POST": "3l 400 400 403 403 403 403",
        "PUT": "405 405 405 405 405 405 405",
        "PATCH": "405 405 405 405 405 405 405",
        "DELETE": "405 405 405 405 405 405 405",
    },
    "states/<str:code>/contacts/<int:pk>/": {
        "GET": "3l 200 200 403 403 403 403",
        "POST": "3l 400 400 403 403 403 403",
        "PUT": "405 405 405 405 405 405 405",
        "PATCH": "405 405 405 405 405 405 405",
        "DELETE": "405 405 405 405 405 405 405",
    },
    "states/<str:code>/contacts/<int:pk>/delete/": {
        "GET": "3l 200 200 403 403 403 403",
        "POST": "3l 302 302 403 403 403 403",
        "PUT": "405 405 405 405 405 405 405",
        "PATCH": "405 405 405 405 405 405 405",
        "DELETE": "405 405 405 405 405 405 405",
    },
    "groupings/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "groupings/<str:code>/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "organizations/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "organizations/<str:code>/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "forum/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "200 200 200 200 200 200 200",
    },
    "forum/meetings/<int:edition>/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "200 200 200 200 200 200 200",
    },
    # A focal point registers its own State's delegation, a reporting
    # officer its organization's (the empty form of the matrix is shown
    # again); no one else has a State or an organization to register.
    "forum/meetings/<int:edition>/register/": {
        "GET": "3l 403 200 200 200 403 403",
        "W": "3l 403 200 200 200 403 403",
    },
    # France's note verbale: its focal point and the support unit read it.
    "forum/delegations/<int:delegation_id>/letter.pdf": {
        "GET": "3l 200 200 404 404 200 404",
        "W": "3l 405 405 405 405 405 405",
    },
    "forum/meetings/<int:edition>/report/": {
        "GET": "405 405 405 405 405 405 405",
        "POST": "3l 302 403 403 403 302 403",
        "W": "405 405 405 405 405 405 405",
    },
    # France's registration: the support unit decides (the empty form sends
    # it back to the meeting); France's focal point may see it, not decide.
    "forum/delegations/<int:delegation_id>/decide/": {
        "GET": "405 405 405 405 405 405 405",
        "POST": "3l 302 403 404 404 302 404",
        "W": "405 405 405 405 405 405 405",
    },
    "forum/practices/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "200 200 200 200 200 200 200",
    },
    "forum/chairs/new/": {
        "GET": "3l 200 403 403 403 200 403",
        "W": "3l 200 403 403 403 200 403",
    },
    "forum/friends-meetings/new/": {
        "GET": "3l 200 403 403 403 200 403",
        "W": "3l 200 403 403 403 200 403",
    },
    # A focal point submits its own State's practices; the support unit
    # reviews them (France may see its own, not decide; others get 404).
    "forum/practices/submit/": {
        "GET": "3l 403 200 200 403 403 403",
        "W": "3l 403 200 200 403 403 403",
    },
    "forum/practices/<int:practice_id>/review/": {
        "GET": "405 405 405 405 405 405 405",
        "POST": "3l 302 403 404 404 302 404",
        "W": "405 405 405 405 405 405 405",
    },
    "forum/focal-points/": {
        "GET": "3l 200 403 403 403 200 403",
        "W": "3l 200 403 403 403 200 403",
    },
    "forum/support-unit/": {
        "GET": "3l 200 403 403 403 200 403",
        "W": "3l 200 403 403 403 200 403",
    },
    "forum/focal-points/write/": {
        "GET": "3l 200 403 403 403 200 403",
        "W": "3l 200 403 403 403 200 403",
    },
    "forum/focal-points/messages/<int:broadcast_id>/": {
        "GET": "3l 200 403 403 403 200 403",
        "W": "3l 200 403 403 403 200 403",
    },
    # The list of participants (names, e-mails) is the support unit's.
    "forum/meetings/<int:edition>/participants.<str:fmt>": {
        "GET": "3l 200 403 403 403 200 403",
        "W": "3l 200 403 403 403 200 403",
    },
    "forum/calendar.ics": {
        "GET": "200 200 200 200 200 200 200",
        "W": "200 200 200 200 200 200 200",
    },
    "forum/meetings/<int:edition>/calendar.ics": {
        "GET": "200 200 200 200 200 200 200",
        "W": "200 200 200 200 200 200 200",
    },
    # France's pending registration: its focal point and the support unit
    # change it (the empty form is shown again) or withdraw it.
    "forum/delegations/<int:delegation_id>/edit/": {
        "GET": "3l 200 200 404 404 200 404",
        "W": "3l 200 200 404 404 200 404",
    },
    "forum/delegations/<int:delegation_id>/withdraw/": {
        "GET": "405 405 405 405 405 405 405",
        "POST": "3l 302 302 404 404 302 404",
        "W": "405 405 405 405 405 405 405",
    },
    # Badges are printed for accredited delegations only (France's is pending).
    "forum/delegations/<int:delegation_id>/badges.pdf": {
        "GET": "3l 404 404 404 404 404 404",
        "W": "3l 404 404 404 404 404 404",
    },
    # The matrix's token is a consultation's link: it names no delegate.
    "forum/badges/link/<str:token>/": {
        "GET": "404 404 404 404 404 404 404",
        "W": "404 404 404 404 404 404 404",
    },
    "forum/check-in/<str:token>/": {
        "GET": "3l 404 403 403 403 404 403",
        "W": "3l 404 403 403 403 404 403",
    },
    "forum/dialogues/<str:slug>/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "200 200 200 200 200 200 200",
    },
    "consultations/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "200 200 200 200 200 200 200",
    },
    "consultations/campaigns/new/": {
        "GET": "3l 200 403 403 403 403 403",
        "W": "3l 200 403 403 403 403 403",
    },
    "consultations/campaigns/<int:pk>/": {
        "GET": "404 200 404 404 404 200 404",
        "W": "404 200 404 404 404 200 404",
    },
    "consultations/campaigns/<int:pk>/edit/": {
        "GET": "3l 200 404 404 404 403 404",
        "W": "3l 200 404 404 404 403 404",
    },
    "consultations/campaigns/<int:pk>/dispatch/": {
        "GET": "3l 200 404 404 404 403 404",
        "POST": "3l 302 404 404 404 403 404",
        "W": "3l 200 404 404 404 403 404",
    },
    "consultations/campaigns/<int:pk>/close/": {
        "GET": "3l 405 405 405 405 405 405",
        "POST": "3l 302 404 404 404 403 404",
        "W": "3l 405 405 405 405 405 405",
    },
    "consultations/campaigns/<int:pk>/publish/": {
        "GET": "3l 405 405 405 405 405 405",
        "POST": "3l 302 404 404 404 403 404",
        "W": "3l 405 405 405 405 405 405",
    },
    "consultations/campaigns/<int:pk>/tracking/": {
        "GET": "404 200 404 404 404 200 404",
        "W": "404 200 404 404 404 200 404",
    },
    "consultations/campaigns/<int:pk>/map/": {
        "GET": "404 200 404 404 404 200 404",
        "W": "404 200 404 404 404 200 404",
    },
    "consultations/campaigns/<int:pk>/map.svg": {
        "GET": "404 200 404 404 404 200 404",
        "W": "404 200 404 404 404 200 404",
    },
    "consultations/campaigns/<int:pk>/map.png": {
        "GET": "404 200 404 404 404 200 404",
        "W": "404 200 404 404 404 200 404",
    },
    "consultations/campaigns/<int:pk>/recipients/<int:rid>/": {
        "GET": "3l 200 404 404 404 200 404",
        "POST": "3l 200 404 404 404 403 404",
        "W": "3l 200 404 404 404 200 404",
    },
    "consultations/campaigns/<int:pk>/recipients/<int:rid>/link/": {
        "GET": "3l 405 405 405 405 405 405",
        "POST": "3l 200 404 404 404 403 404",
        "W": "3l 405 405 405 405 405 405",
    },
    "consultations/campaigns/<int:pk>/recipients/<int:rid>/messages/<int:mid>/": {
        "GET": "3l 405 405 405 405 405 405",
        "POST": "3l 302 404 404 404 403 404",
        "W": "3l 405 405 405 405 405 405",
    },
    "consultations/questionnaires/": {
        "GET": "3l 200 403 403 403 403 403",
        "W": "3l 200 403 403 403 403 403",
    },
    "consultations/questionnaires/import/": {
        "GET": "3l 200 403 403 403 403 403",
        "POST": "3l 200 403 403 403 403 403",
        "W": "3l 405 405 405 405 405 405",
    },
    "consultations/questionnaires/<int:pk>/": {
        "GET": "3l 200 403 403 403 403 403",
        "W": "3l 200 403 403 403 403 403",
    },
    "consultations/questionnaires/<int:pk>/translations/": {
        "GET": "3l 200 403 403 403 403 403",
        "W": "3l 200 403 403 403 403 403",
    },
    "consultations/questionnaires/<int:pk>/preview/": {
        "GET": "3l 200 403 403 403 403 403",
        "W": "3l 200 403 403 403 403 403",
    },
    "consultations/questionnaires/<int:pk>/xlsform/": {
        "GET": "3l 200 403 403 403 403 403",
        "W": "3l 200 403 403 403 403 403",
    },
    "consultations/replies/link/<str:token>/": {
        "GET": "200 200 200 200 200 200 200",
        "POST": "409 409 409 409 409 409 409",
        "W": "405 405 405 405 405 405 405",
    },
    "consultations/replies/link/<str:token>/versions/<int:number>/": {
        "GET": "200 200 200 200 200 200 200",
        "W": "405 405 405 405 405 405 405",
    },
    "consultations/replies/<int:recipient_id>/": {
        "GET": "3l 200 200 404 404 404 404",
        "POST": "3l 409 409 404 404 404 404",
        "W": "3l 405 405 405 405 405 405",
    },
    "consultations/replies/<int:recipient_id>/versions/<int:number>/": {
        "GET": "3l 200 200 404 404 404 404",
        "W": "3l 405 405 405 405 405 405",
    },
    "consultations/replies/<int:recipient_id>/versions/<int:number>/original/": {
        "GET": "3l 200 200 404 404 404 404",
        "W": "3l 405 405 405 405 405 405",
    },
    "consultations/replies/<int:recipient_id>/enter/": {
        "GET": "3l 200 403 404 404 404 404",
        "POST": "3l 400 403 404 404 404 404",
        "W": "3l 405 405 405 405 405 405",
    },
    "consultations/analysis/campaigns/<int:pk>/": {
        "GET": "404 200 404 404 404 403 404",
        "W": "404 200 404 404 404 403 404",
    },
    "consultations/analysis/campaigns/<int:pk>/codebook/": {
        "GET": "404 200 404 404 404 403 404",
        "W": "404 200 404 404 404 403 404",
    },
    "consultations/analysis/campaigns/<int:pk>/questions/<int:question_id>/themes/add/": {
        "GET": "404 200 404 404 404 403 404",
        "W": "404 200 404 404 404 403 404",
    },
    "consultations/analysis/campaigns/<int:pk>/themes/<int:theme_id>/": {
        "GET": "404 200 404 404 404 403 404",
        "W": "404 200 404 404 404 403 404",
    },
    "consultations/analysis/campaigns/<int:pk>/questions/<int:question_id>/coding/": {
        "GET": "404 200 404 404 404 403 404",
        "W": "404 200 404 404 404 403 404",
    },
    "consultations/analysis/campaigns/<int:pk>/questions/<int:question_id>/coding/<str:iso3>/": {
        "GET": "404 200 404 404 404 403 404",
        "POST": "404 302 404 404 404 403 404",
        "W": "404 200 404 404 404 403 404",
    },
    "consultations/analysis/campaigns/<int:pk>/replies.csv": {
        "GET": "404 200 404 404 404 403 404",
        "W": "404 200 404 404 404 403 404",
    },
    "consultations/analysis/campaigns/<int:pk>/replies.xlsx": {
        "GET": "404 200 404 404 404 403 404",
        "W": "404 200 404 404 404 403 404",
    },
    "consultations/analysis/campaigns/<int:pk>/tally.csv": {
        "GET": "404 200 404 404 404 403 404",
        "W": "404 200 404 404 404 403 404",
    },
    "consultations/analysis/campaigns/<int:pk>/tally.xlsx": {
        "GET": "404 200 404 404 404 403 404",
        "W": "404 200 404 404 404 403 404",
    },
    "data/": {
        "GET": "3l 200 403 403 403 403 403",
        "W": "3l 200 403 403 403 403 403",
    },
    "data/releases/<str:identifier>/": {
        "GET": "3l 200 403 403 403 403 403",
        "POST": "3l 302 403 403 403 403 403",
        "W": "3l 405 405 405 405 405 405",
    },
}


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(
                p.url_patterns, prefix + str(p.pattern), p.namespace or namespace
            )
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), namespace


def site_routes() -> tuple[list[str], list[str]]:
    """(the site's routes, the admin's routes), each once, in URLconf order."""
    site, admin = [], []
    for route, namespace in _walk(get_resolver().url_patterns):
        target = admin if namespace == "admin" else site
        if route not in target:
            target.append(route)
    return site, admin


def fill(route: str, kwargs: dict[str, str]) -> str:
    # A regex pattern's anchors may follow its include()'s prefix.
    route = route.replace("^", "").replace("$", "")
    # Regex patterns (the admin's, the portal's images): their named groups
    # first, before the converter syntax below could match inside them.
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: kwargs.get(m.group(1), "0"), route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: kwargs.get(m.group(1), "0"), route)
    return "/" + route.replace("\\", "")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, inside a transaction rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def clients(world):
    out = {}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if role != "anon":
            client.force_login(world.users[role])
        out[role] = client
    return out


def answer(client: Client, method: str, path: str, body: dict | None = None) -> str:
    cookies = copy.deepcopy(client.cookies)  # a logout must not log the next one out
    send = getattr(client, method.lower())
    with transaction.atomic():
        if body is None:
            response = send(path)
        elif "file" in body:
            upload = SimpleUploadedFile("form.xlsx", body["file"])
            response = send(path, {"file": upload})
        else:
            response = send(path, json.dumps(body), content_type="application/json")
        transaction.set_rollback(True)
    client.cookies = cookies
    code = response.status_code
    if code in (301, 302, 303) and (
        "/accounts/login/" in response.get("Location", "")
        or "/admin/login/" in response.get("Location", "")
    ):
        return "3l"
    return str(code)


def expected(route: str, method: str) -> list[str]:
    if route not in EXPECTED:
        pytest.fail(f"{route!r} has no line in EXPECTED: add what each role gets")
    row = EXPECTED[route]
    return row.get(method, row.get("W" if method in WRITES else method, "")).split()


def test_every_url_has_an_entry():
    site, _admin = site_routes()
    missing = [r for r in site if r not in EXPECTED]
    stale = [r for r in EXPECTED if r not in site]
    assert not missing, f"URLs without a line in EXPECTED: {missing}"
    assert not stale, f"lines of EXPECTED that match no URL: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("route", site_routes()[0])
def test_site_url(route, world, clients):
    path = fill(route, url_kwargs(route, world))
    observed = {
        method: [
            answer(clients[role], method, path, BODIES.get((route, method)))
            for role in ROLES
        ]
        for method in ("GET", *WRITES)
    }
    if os.environ.get("MIGDEV_MATRIX_PRINT"):
        print(
            f"\n{route!r}: {{"
            + ", ".join(f"{m!r}: {' '.join(c)!r}" for m, c in observed.items())
            + "},"
        )
        return
    problems = []
    for method, codes in observed.items():
        want = expected(route, method)
        for role, got, exp in zip(ROLES, codes, want, strict=True):
            if got != exp and not (exp == "-" and not got.startswith("5")):
                problems.append(
                    f"{method} as {ROLE_NAMES[role]}: {got}, expected {exp}"
                )
    assert not problems, f"{path}: " + "; ".join(problems)


@pytest.mark.django_db
def test_admin_urls_admit_a_current_secretariat_only(world, clients):
    """Every admin pattern (object ids that do not exist): only the
    secretariat reaches the admin; everyone else, the former secretariat
    included, is sent to the admin's login."""
    _site, admin = site_routes()
    problems = []
    for route in admin:
        path = fill(route, {"app_label": "registry", "object_id": "0"})
        if "logout" in path:
            continue
        for role in ROLES:
            for method in ("GET", "POST"):
                got = answer(clients[role], method, path)
                if path.startswith("/admin/login/"):
                    ok = got in ("200", "302")
                elif role == "sec":
                    ok = got not in ("3l",) and not got.startswith("5")
                else:
                    ok = got == "3l"
                if not ok:
                    problems.append(f"{method} {path} as {ROLE_NAMES[role]}: {got}")
    assert not problems, problems
    assert len(admin) > 50
