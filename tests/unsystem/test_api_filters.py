"""Filters of the activities and instruments lists: a bad value is a 400 or an
empty page, never a 404 nor a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("cycle", [2**63 + 5, -1, 0, 999999])
def test_an_unknown_cycle_gives_an_empty_page(client, cycle):
    response = client.get("/api/v1/activities", {"cycle": cycle})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_an_unknown_mechanism_is_a_bad_parameter(client):
    response = client.get("/api/v1/instruments", {"mechanism": "a_majority"})
    assert response.status_code == 400
    body = response.json()["error"]
    assert "a_majority" in str(body)
