from __future__ import annotations

import datetime as dt

import pytest

from migdev.registry.models import Country


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture
def support(make_user):
    return make_user(make_user.FORUM_SUPPORT)


@pytest.fixture
def state():
    return lambda iso3: Country.objects.get(iso3=iso3)


@pytest.fixture
def demo(db):
    from migdev.forum.demo import load_demo

    load_demo()
