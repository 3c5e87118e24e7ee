"""Permission rules of the reports (see migdev.registry.permissions).

The secretariat drafts, reviews and builds reports (it may do everything).
Anyone may read a final report and its final builds; drafts are the
secretariat's.
"""

from __future__ import annotations

from typing import Any

from migdev.registry import permissions
from migdev.registry.permissions import Roles
from migdev.reports.models import Build, Report

VIEW = permissions.VIEW
#: Edit templates, comment, build, move the report through its workflow.
EDIT = "edit"


@permissions.rule(Report, VIEW)
def _report_public_when_final(roles: Roles, obj: Any) -> bool:
    return isinstance(obj, Report) and obj.status == Report.Status.FINAL


@permissions.rule(Build, VIEW)
def _build_public_when_final(roles: Roles, obj: Any) -> bool:
    return isinstance(obj, Build) and obj.final
