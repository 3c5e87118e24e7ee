"""Concurrent submissions for one State are taken one after the other
(PostgreSQL row lock): a key is saved once, and of several edits of the same
version only one wins, the others get a conflict."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from migdev.consultation.responses import services
from tests.consultation.factories import make_campaign
from tests.consultation.responses.conftest import ANSWERS, key

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)


def _race(n, fn):
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = fn(i)
        except Exception as exc:  # the outcome under test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_same_key_at_once_saves_one_version(reference_data):
    fra = make_campaign(recipients=("FRA",)).recipients.get()
    k = key()
    results = _race(
        8,
        lambda i: services.response_save(
            recipient=fra,
            answers=ANSWERS,
            kind="submission",
            submission_key=k,
            based_on=None,
            language="fr",
        ),
    )
    assert all(isinstance(r, tuple) for r in results), results
    assert sorted(created for _v, created in results) == [False] * 7 + [True]
    assert len({v.pk for v, _c in results}) == 1
    assert fra.versions.count() == 1


@pytest.mark.django_db(transaction=True)
def test_edits_of_the_same_version_at_once_one_wins(reference_data):
    fra = make_campaign(recipients=("FRA",)).recipients.get()
    results = _race(
        6,
        lambda i: services.response_save(
            recipient=fra,
            answers={**ANSWERS, "forum_view": f"edit {i}"},
            kind="submission",
            submission_key=key(),
            based_on=None,
            language="fr",
        ),
    )
    wins = [r for r in results if isinstance(r, tuple)]
    conflicts = [r for r in results if isinstance(r, services.ResponseConflict)]
    assert len(wins) == 1 and len(conflicts) == 5, results
    assert all(c.latest_version == 1 for c in conflicts)
    assert fra.versions.count() == 1
