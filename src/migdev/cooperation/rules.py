"""Permission rules of the cooperation module (see migdev.registry.permissions).

The registers of mechanisms, memberships, instruments, commitments and their
implementation, funds and rates are public reference: anyone may read them.
An assessment is public once reviewed; drafts are the secretariat's. Every
write is the secretariat's (no rule for CHANGE/ADD, so only it passes).
"""

from __future__ import annotations

from migdev.cooperation.models import (
    Assessment,
    Commitment,
    CommitmentUpdate,
    ExchangeRate,
    Flow,
    Fund,
    Instrument,
    Mechanism,
    Participation,
    Project,
    Theme,
)
from migdev.registry import permissions
from migdev.registry.permissions import Roles

VIEW = permissions.VIEW
#: Add or change mechanisms, memberships, instruments, funds, rates.
MANAGE = "manage"


@permissions.rule(Mechanism, VIEW)
@permissions.rule(Participation, VIEW)
@permissions.rule(Instrument, VIEW)
@permissions.rule(Commitment, VIEW)
@permissions.rule(CommitmentUpdate, VIEW)
@permissions.rule(Fund, VIEW)
@permissions.rule(Project, VIEW)
@permissions.rule(Flow, VIEW)
@permissions.rule(ExchangeRate, VIEW)
@permissions.rule(Theme, VIEW)
def _public(roles: Roles, obj: object) -> bool:
    return True


@permissions.rule(Assessment, VIEW)
def _reviewed(roles: Roles, assessment: object) -> bool:
    if isinstance(assessment, type):
        return False
    return assessment.status == Assessment.Status.REVIEWED
