"""Permission rules of this app (see migdev.registry.permissions).

Questionnaires are the secretariat's working documents: only the secretariat
(which passes every rule) may list, read, import, export or change them.
Respondents see a questionnaire's questions through their campaign's response
form, whose rules belong to the campaigns and responses apps.
"""

from __future__ import annotations

from typing import Any

from migdev.consultation.questionnaires.models import Questionnaire
from migdev.registry import permissions


@permissions.rule(
    Questionnaire,
    permissions.VIEW,
    permissions.ADD,
    permissions.CHANGE,
    permissions.DELETE,
)
def _secretariat_only(roles: permissions.Roles, obj: Any) -> bool:
    return roles.secretariat
