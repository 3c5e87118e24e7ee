from __future__ import annotations

import datetime as dt

import pytest

from migdev.cooperation.models import Mechanism
from migdev.core.i18n import LocalizedText
from migdev.registry.models import Country, Organization

D = dt.date
SINCE_2000 = dt.date(2000, 1, 1)


@pytest.fixture(autouse=True)
def themes(db):
    """The checklist (a live-server test earlier in the run may have
    flushed the rows the migration wrote)."""
    from migdev.cooperation.services import themes_load

    themes_load()


@pytest.fixture
def secretariat(make_user):
    return make_user("secretariat")


@pytest.fixture
def country(db):
    def get(iso3: str) -> Country:
        return Country.objects.get(iso3=iso3)

    return get


@pytest.fixture
def mechanism(db):
    def make(code: str, kind: str = Mechanism.Kind.RCP, **kw) -> Mechanism:
        return Mechanism.objects.create(
            code=code, kind=kind, name=LocalizedText({"en": code.upper()}), **kw
        )

    return make


@pytest.fixture
def members(secretariat, country):
    """Add member States (ISO3 codes) to a mechanism from ``start``."""
    from migdev.cooperation import services

    def add(mech, codes, start=SINCE_2000, end=None, illustrative=False):
        return [
            services.participation_add(
                secretariat,
                mech,
                role="member",
                country=country(c),
                start=start,
                end=end,
                illustrative=illustrative,
            )
            for c in codes
        ]

    return add


@pytest.fixture
def iom(db):
    return Organization.objects.get(code="iom")
