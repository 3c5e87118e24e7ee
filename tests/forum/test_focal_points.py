"""Messages of the support unit to the national focal points (¶14), through
the platform's outbox, over real SMTP on loopback; the migration profiles of
the Steering Group's balance (¶17); the High-level Dialogues' pages and API."""

from __future__ import annotations

import re
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from migdev.forum import selectors, services
from migdev.forum.models import Broadcast
from migdev.outreach.models import Message
from migdev.outreach.services import messages_deliver
from migdev.registry.models import Contact, Country
from tests.forum.conftest import day

pytestmark = pytest.mark.django_db


@pytest.fixture
def focal_points(db):
    def add(iso3, name, email, language):
        return Contact.objects.create(
            kind=Contact.Kind.FOCAL_POINT,
            country=Country.objects.get(iso3=iso3),
            name=name,
            title="Migration and development",
            email=email,
            preferred_language=language,
        )

    return [
        add("FRA", "Jeanne Roux", "jeanne@example.fr", "fr"),
        add("EGY", "Omar Farouk", "omar@example.eg", "ar"),
        add("CHN", "Li Wei", "li@example.cn", "zh-hans"),
        add("MEX", "Ana López", "", "es"),
    ]


def test_a_message_to_all_focal_points_in_each_ones_language(
    support, focal_points, smtp_server
):
    broadcast = services.broadcast_send(
        actor=support,
        subject={
            "en": "Friends of the Forum, 15 March",
            "fr": "Amis du Forum, 15 mars",
        },
        text={"en": "The agenda is attached.", "fr": "L'ordre du jour est joint."},
    )
    report = messages_deliver()
    assert len(report.sent) == 3
    got = {m["rcpt"][0]: m for m in smtp_server.messages}
    fr = got["jeanne@example.fr"]
    assert fr["language"] == "fr" and "Amis du Forum" in fr["subject"]
    assert "Forum mondial" in fr["subject"]
    assert (
        "L'ordre du jour est joint." in fr["email"].get_body(("plain",)).get_content()
    )
    ar = got["omar@example.eg"]
    assert ar["language"] == "ar"
    html = ar["email"].get_body(("html",)).get_content()
    assert 'dir="rtl"' in html and "مصر" in html  # the frame in Arabic
    assert "The agenda is attached." in html  # the text as given (no Arabic version)
    assert (
        "全球移民与发展论坛"
        in got["li@example.cn"]["email"].get_body(("plain",)).get_content()
    )
    # Logged per recipient: Mexico's focal point has no address.
    log = {m.recipient.name: m for m in selectors.broadcast_log(support, broadcast)}
    assert log["Ana López"].status == Message.Status.NO_ADDRESS
    assert log["Jeanne Roux"].status == Message.Status.SENT
    # Idempotent: delivering the broadcast again writes nothing twice.
    from migdev.forum import mail

    assert mail.broadcast_deliver(broadcast, []) == []
    assert messages_deliver().sent == []


def test_a_message_to_chosen_states_and_refusals(
    support, focal_points, smtp_server, make_user
):
    services.broadcast_send(
        actor=support,
        subject="Steering Group",
        text="Geneva, 2 May.",
        states=["FRA", "EGY"],
    )
    messages_deliver()
    assert sorted(m["rcpt"][0] for m in smtp_server.messages) == [
        "jeanne@example.fr",
        "omar@example.eg",
    ]
    with pytest.raises(ValidationError, match="XYZ"):
        services.broadcast_send(
            actor=support, subject="S", text="T", states=["FRA", "XYZ"]
        )
    assert Broadcast.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.broadcast_send(
            actor=make_user(make_user.FOCAL_POINT, country="FRA"), subject="S", text="T"
        )


def test_the_broadcast_page(client, support, focal_points, smtp_server):
    client.force_login(support)
    response = client.post(
        "/forum/focal-points/write/",
        {
            "states": "FRA CHN",
            "language": "en",
            "subject": "Manila",
            "text": "See you <b>there</b>.",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Jeanne Roux" in page and "Li Wei" in page and "Omar Farouk" not in page
    assert "&lt;b&gt;there&lt;/b&gt;" in page
    bad = client.post(
        "/forum/focal-points/write/",
        {"states": "ZZZ", "language": "en", "subject": "S", "text": "T"},
    )
    assert bad.status_code == 400 and "ZZZ" in bad.content.decode()


WRITE = "/forum/focal-points/write/"


def _form_key(client) -> str:
    form = client.get(WRITE).content.decode()
    return re.search(r'name="submission_key" value="([0-9a-f]{32})"', form).group(1)


def test_the_same_form_sent_twice_sends_one_message(
    client, support, focal_points, smtp_server, make_user
):
    """A double click, the back button or a retry sends the form again with
    its one-time key: one message, one mail per focal point."""
    client.force_login(support)
    key = _form_key(client)
    data = {
        "submission_key": key,
        "states": "FRA EGY",
        "language": "en",
        "subject": "Geneva, 2 May",
        "text": "The Steering Group meets.",
    }
    first = client.post(WRITE, data)
    second = client.post(WRITE, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    broadcast = Broadcast.objects.get()
    assert broadcast.submission_key == key
    assert Message.objects.filter(recipient__request=broadcast.request).count() == 2
    messages_deliver()
    assert messages_deliver().sent == []
    assert sorted(m["rcpt"][0] for m in smtp_server.messages) == [
        "jeanne@example.fr",
        "omar@example.eg",
    ]
    # The form opened again is a new message.
    assert _form_key(client) != key
    client.post(WRITE, {**data, "submission_key": _form_key(client)})
    assert Broadcast.objects.count() == 2
    # Someone else's key is refused, not taken for theirs.
    other = make_user(make_user.FORUM_SUPPORT)
    with pytest.raises(ValidationError, match="open the form again"):
        services.broadcast_send(actor=other, subject="S", text="T", submission_key=key)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
)
def test_the_same_form_sent_at_the_same_moment_sends_one_message(
    reference_data, make_user
):
    support = make_user(make_user.FORUM_SUPPORT)
    Contact.objects.create(
        kind=Contact.Kind.FOCAL_POINT,
        country=Country.objects.get(iso3="FRA"),
        name="Jeanne Roux",
        email="jeanne@example.fr",
        preferred_language="fr",
    )
    barrier = threading.Barrier(4)
    results: list = [None] * 4

    def send(i: int) -> None:
        try:
            barrier.wait()
            results[i] = services.broadcast_send(
                actor=support, subject="S", text="T", submission_key="k" * 32
            ).pk
        except Exception as exc:  # the outcome under test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1 and isinstance(results[0], int), results
    assert Broadcast.objects.count() == 1
    assert Message.objects.count() == 1


def test_the_steering_group_balance_by_migration_profile(client, demo, support):
    group = selectors.steering_group(day("2008-07-01"))
    rows = {key: seats for key, _label, seats in group.by_profile}
    assert {s.country.iso3 for s in rows["transit"]} >= {"MAR", "MEX", "TUR", "GRC"}
    assert "PHL" in {s.country.iso3 for s in rows["origin"]}
    assert rows["unknown"] == []
    assert group.warnings == []
    html = client.get("/forum/", {"as_of": "2008-07-01"}).content.decode()
    table = html.split('data-testid="steering-profiles"')[1].split("</table>")[0]
    assert 'data-profile="transit"' in table and "Morocco" in table
    api = client.get("/api/v1/forum/steering-group", {"as_of": "2008-07-01"}).json()
    counts = {p["perspective"]: p["members"] for p in api["profiles"]}
    assert counts["transit"] == len(rows["transit"]) and counts["unknown"] == 0
    morocco = next(m for m in api["members"] if m["iso3"] == "MAR")
    assert morocco["profile"] == ["origin", "transit"]
    assert morocco["profile_basis"] == "recorded"
    # A profile recorded later replaces the earlier one from its first day.
    services.migration_profile_record(
        actor=support,
        country=Country.objects.get(iso3="MEX"),
        perspectives=["destination", "transit"],
        start=day("2020-01-01"),
    )
    later = {
        k: s for k, _l, s in selectors.steering_group(day("2020-06-01")).by_profile
    }
    assert "MEX" in {s.country.iso3 for s in later["destination"]}
    earlier = {
        k: s for k, _l, s in selectors.steering_group(day("2008-07-01")).by_profile
    }
    assert "MEX" not in {s.country.iso3 for s in earlier["destination"]}
    with pytest.raises(ValidationError, match="nomad"):
        services.migration_profile_record(
            actor=support,
            country=Country.objects.get(iso3="FRA"),
            perspectives=["nomad"],
        )


def test_without_any_transit_state_the_balance_warns(demo, support):
    from migdev.forum.models import MigrationProfile

    MigrationProfile.objects.update(transit=False, origin=True)
    group = selectors.steering_group(day("2008-07-01"))
    assert any("transit" in w for w in group.warnings)


def test_the_dialogues_pages_and_api(client, demo):
    html = client.get("/forum/dialogues/hld-2006/").content.decode()
    assert 'data-testid="member-states">132<' in html
    assert "14 September 2006" in html
    assert html.count("<li>") >= 4 + 3  # round tables and key messages
    imrf = client.get("/fr/forum/dialogues/imrf-2022/").content.decode()
    assert "examen des migrations internationales" in imrf
    assert client.get("/forum/dialogues/hld-1999/").status_code == 404
    # A name that is no year is not found either (never a server error).
    for name in ("hld-0", "hld-x", "hld-99999", "hld"):
        assert client.get(f"/forum/dialogues/{name}/").status_code == 404
    body = client.get("/api/v1/forum/dialogues").json()
    kinds = [(d["kind"], d["start"]) for d in body["items"]]
    assert kinds == [
        ("hld", "2006-09-14"),
        ("hld", "2013-10-03"),
        ("imrf", "2022-05-17"),
    ]
    first = body["items"][0]
    assert first["member_states"] == 132 and len(first["round_tables"]) == 4
    assert len(first["key_messages"]) == 3
    # The 132 are counted from the participants recorded (an illustrative
    # list: the source gives the number only), and labelled so.
    assert first["member_states_basis"] == "records"
    assert len(first["participants"]) == 132 and first["participants_illustrative"]
    assert {"BEL", "PHL", "MEX", "MAR"} <= set(first["participants"])
    assert 'data-testid="participants-illustrative"' in html
    assert "Illustrative: the source gives only the number of Member States" in html
    assert html.count('<li data-iso3="') == 132


def test_the_dialogue_count_comes_from_its_records(client, demo, support):
    from migdev.forum.models import Dialogue

    hld = Dialogue.objects.get(kind="hld", start__year=2006)
    hld.participants.remove(Country.objects.get(iso3="BEL"))
    # An observer State that took part is listed, not counted as a Member State.
    hld.participants.add(Country.objects.get(iso3="VAT"))
    html = client.get("/forum/dialogues/hld-2006/").content.decode()
    assert 'data-testid="member-states">131<' in html
    assert "131 Member States took part." in client.get("/forum/").content.decode()
    api = client.get("/api/v1/forum/dialogues").json()["items"][0]
    assert api["member_states"] == 131 and "VAT" in api["participants"]
    # Without a list, the figure the source reports, said to be so.
    services.dialogue_record(
        actor=support,
        kind="hld",
        start=day("2013-10-03"),
        end=day("2013-10-04"),
        place="New York",
        member_states=150,
    )
    html = client.get("/forum/dialogues/hld-2013/").content.decode()
    assert 'data-testid="member-states">150 (as reported' in html
    api = client.get("/api/v1/forum/dialogues").json()["items"][1]
    assert api["member_states"] == 150 and api["member_states_basis"] == "reported"
    assert api["participants"] == [] and not api["participants_illustrative"]
    zh = client.get("/api/v1/forum/dialogues", {"lang": "zh-hans"}).json()["items"][0]
    assert zh["place"] == "纽约"
