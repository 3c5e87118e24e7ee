"""Instruments, commitments and implementation rates (¶46–56, ¶64–66)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from migdev.cooperation import selectors, services
from migdev.cooperation.models import Commitment, CommitmentUpdate, Instrument

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def rabat(mechanism, secretariat):
    m = mechanism("rabat-process", kind="interregional")
    return services.instrument_create(
        secretariat,
        mechanism=m,
        code="rabat-2006",
        kind="action_plan",
        title={"en": "Rabat Action Plan"},
        adopted=D(2006, 7, 11),
        commitments=[
            {
                "number": str(n),
                "text": {"en": f"Commitment {n}"},
                "themes": ["remittances"],
            }
            for n in range(1, 5)
        ],
    )


def test_implementation_arithmetic():
    impl = selectors.implementation_compute(
        ["done", "done", "under_way", "dropped", "not_started"], D(2008, 1, 1)
    )
    assert impl.total == 5
    assert impl.rate == 0.5  # 2 done of 4 still pursued
    assert selectors.implementation_compute(["dropped"], D(2008, 1, 1)).rate is None


def test_rate_over_time(rabat, secretariat):
    c1, c2, c3, _c4 = rabat.commitments.order_by("number")
    record = services.commitment_update_record
    record(secretariat, c1, day=D(2007, 3, 1), status="under_way")
    record(
        secretariat,
        c1,
        day=D(2008, 2, 1),
        status="done",
        evidence="Report of the follow-up meeting",
    )
    record(secretariat, c2, day=D(2007, 5, 1), status="done")
    record(secretariat, c3, day=D(2008, 4, 1), status="dropped")
    series = selectors.implementation_series(
        rabat.commitments.all(), selectors.year_ends(rabat.adopted, D(2008, 12, 31))
    )
    assert [s.day for s in series] == [
        D(2006, 12, 31),
        D(2007, 12, 31),
        D(2008, 12, 31),
    ]
    assert [s.rate for s in series] == [0.0, 0.25, pytest.approx(2 / 3)]
    assert series[1].counts == {
        "not_started": 2,
        "under_way": 1,
        "done": 1,
        "dropped": 0,
    }


def test_update_on_a_withdrawn_instrument_is_refused(rabat, secretariat):
    commitment = rabat.commitments.first()
    services.instrument_withdraw(secretariat, rabat, D(2010, 1, 1))
    with pytest.raises(ValidationError, match="was withdrawn on 1 January 2010"):
        services.commitment_update_record(
            secretariat, commitment, day=D(2010, 2, 1), status="done"
        )
    assert not CommitmentUpdate.objects.exists()


def test_a_bad_commitment_saves_nothing(mechanism, secretariat):
    with pytest.raises(ValidationError, match="Commitment 2: Unknown theme: nope"):
        services.instrument_create(
            secretariat,
            mechanism=mechanism("ecowas", kind="formal"),
            code="ecowas-2008",
            kind="common_position",
            title={"en": "ECOWAS Common Approach"},
            adopted=D(2008, 1, 18),
            commitments=[
                {"text": {"en": "One"}},
                {"text": {"en": "Two"}, "themes": ["nope"]},
            ],
        )
    assert not Instrument.objects.exists() and not Commitment.objects.exists()


def test_instrument_pages(client, rabat, secretariat):
    services.commitment_update_record(
        secretariat, rabat.commitments.first(), day=D(2007, 3, 1), status="done"
    )
    assert (
        "25.0 %"
        in client.get("/cooperation/instruments/?as_of=2008-01-01").content.decode()
    )
    html = client.get(
        "/cooperation/instruments/rabat-2006/?as_of=2008-01-01"
    ).content.decode()
    assert "Commitment 4" in html and "31 December 2006" in html


def test_rate_per_mechanism_counts_all_its_instruments(rabat, secretariat, mechanism):
    """A mechanism's rate is over the commitments of all its instruments
    adopted by the day: Rabat's four (2006) and a later plan's two (2009)."""
    record = services.commitment_update_record
    c1, c2, c3, _c4 = rabat.commitments.order_by("number")
    record(secretariat, c1, day=D(2007, 3, 1), status="done")
    record(secretariat, c2, day=D(2008, 5, 1), status="dropped")
    later = services.instrument_create(
        secretariat,
        mechanism=rabat.mechanism,
        code="paris-2008",
        kind="action_plan",
        title={"en": "Paris programme"},
        adopted=D(2008, 11, 25),
        commitments=[{"text": {"en": "One"}}, {"text": {"en": "Two"}}],
    )
    record(secretariat, later.commitments.first(), day=D(2009, 6, 1), status="done")
    record(secretariat, c3, day=D(2009, 6, 1), status="done")
    other = services.instrument_create(
        secretariat,
        mechanism=mechanism("other"),
        code="other-2007",
        kind="declaration",
        title={"en": "Not Rabat's"},
        adopted=D(2007, 1, 1),
        commitments=[{"text": {"en": "Elsewhere"}}],
    )
    record(secretariat, other.commitments.first(), day=D(2007, 2, 1), status="done")

    now, series = selectors.mechanism_implementation(rabat.mechanism, D(2009, 12, 31))
    # 2006: 4 not started; 2007: 1 done of 4; 2008: 1 done of 3 pursued + 2 new
    # (5 pursued); 2009: 3 done of 5 pursued.
    assert [s.day for s in series] == [
        D(2006, 12, 31),
        D(2007, 12, 31),
        D(2008, 12, 31),
        D(2009, 12, 31),
    ]
    assert [s.rate for s in series] == [0.0, 0.25, 0.2, 0.6]
    assert now.counts == {"not_started": 2, "under_way": 0, "done": 3, "dropped": 1}
    # Before any instrument: no series and no rate.
    before, none = selectors.mechanism_implementation(rabat.mechanism, D(2005, 1, 1))
    assert none == [] and before.rate is None and before.total == 0


def test_rate_per_mechanism_on_pages_and_api(client, rabat, secretariat):
    services.commitment_update_record(
        secretariat, rabat.commitments.first(), day=D(2007, 3, 1), status="done"
    )
    html = client.get("/cooperation/mechanisms/?as_of=2008-01-01").content.decode()
    assert "25.0 % (1 of 4)" in html
    html = client.get(
        "/cooperation/mechanisms/rabat-process/?as_of=2008-01-01"
    ).content.decode()
    assert "31 December 2007" in html and "25.0 %" in html
    body = client.get("/api/v1/mechanisms/rabat-process?as_of=2008-01-01").json()
    assert body["implementation"]["rate"] == 0.25
    assert [i["rate"] for i in body["implementation_series"]] == [0.0, 0.25, 0.25]
