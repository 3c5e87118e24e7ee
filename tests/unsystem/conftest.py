import pytest


@pytest.fixture(autouse=True)
def themes(db):
    from migdev.cooperation.services import themes_load

    themes_load()
