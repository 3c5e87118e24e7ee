"""Membership, standing and names as of a date: the list the UN had that day."""

from __future__ import annotations

import datetime as dt

import pytest

from migdev.registry import selectors
from migdev.registry.models import Country

pytestmark = pytest.mark.django_db


def _items(response) -> list[dict]:
    """Every item of a paged list, following its next links."""
    items: list[dict] = []
    while True:
        assert response.status_code == 200, response.content
        page = response.json()
        items.extend(page["items"])
        if not page["next"]:
            return items
        response = response.client.get(page["next"])


def _codes(response) -> set[str]:
    return {s["iso3"] for s in _items(response)}


# --- Member States and observers on a day ----------------------------------------


def test_status_and_group_agree_on_the_members_of_2008(client):
    by_status = _codes(client.get("/api/v1/states?status=member&as_of=2008-07-15"))
    by_group = _codes(client.get("/api/v1/states?group=un-members&as_of=2008-07-15"))
    assert len(by_status) == 192
    assert by_status == by_group
    assert "SSD" not in by_status and "MNE" in by_status
    # Admitted on 14 July 2011: not a member the day before, a member that day.
    assert "SSD" not in _codes(
        client.get("/api/v1/states?status=member&as_of=2011-07-13")
    )
    assert "SSD" in _codes(client.get("/api/v1/states?status=member&as_of=2011-07-14"))


@pytest.mark.parametrize(
    "day", ["2000-11-01", "2002-09-09", "2002-09-10", "2008-04-30", "2012-11-29"]
)
def test_status_and_group_agree_every_day(client, day):
    for status, group in (("member", "un-members"), ("observer", "un-observers")):
        assert _codes(client.get(f"/api/v1/states?status={status}&as_of={day}")) == (
            _codes(client.get(f"/api/v1/states?group={group}&as_of={day}"))
        )


def test_observer_standing_is_dated(client):
    def observers(day):
        response = client.get(f"/api/v1/states?status=observer&as_of={day}")
        return {s["iso3"]: s["standing"] for s in _items(response)}

    assert observers("2008-07-15") == {
        "VAT": "observer_state",
        "PSE": "observer_entity",
    }
    assert observers("2012-11-29") == {"VAT": "observer_state", "PSE": "observer_state"}
    # Switzerland was an observer State until its admission on 10 September 2002.
    assert observers("2001-06-01")["CHE"] == "observer_state"
    assert "CHE" not in observers("2002-09-10")
    che = client.get("/api/v1/states/CHE?as_of=2001-06-01").json()
    assert (che["status"], che["standing"]) == ("observer", "observer_state")


def test_a_state_admitted_later_is_an_area_then(client):
    """South Sudan: independent on 9 July 2011, admitted on 14 July 2011."""
    ssd = client.get("/api/v1/states/SSD?as_of=2011-07-10").json()
    assert ssd["status"] == "area"
    assert "un-members" not in {g["code"] for g in ssd["groupings"]}
    assert "SSD" in _codes(client.get("/api/v1/states?status=area&as_of=2011-07-10"))
    assert "SSD" not in _codes(client.get("/api/v1/states?status=area"))


def test_no_list_of_a_day_has_what_did_not_exist_yet(client):
    """In 2008 South Sudan was part of the Sudan, Montenegro a State for two
    years, Curaçao part of the Netherlands Antilles (registry/data/since.csv)."""
    for query in ("status=area&", ""):
        codes = _codes(client.get(f"/api/v1/states?{query}as_of=2005-07-15"))
        assert not {"SSD", "MNE", "CUW", "SXM", "BES"} & codes, query
        codes = _codes(client.get(f"/api/v1/states?{query}as_of=2008-07-15"))
        assert not {"SSD", "CUW", "SXM", "BES"} & codes, query
    assert "MNE" in _codes(client.get("/api/v1/states?as_of=2008-07-15"))
    ssd = client.get("/api/v1/states/SSD?as_of=2008-07-15").json()
    assert ssd["exists_from"] == "2011-07-09"
    assert client.get("/api/v1/states/FRA").json()["exists_from"] is None
    areas_2008 = _codes(client.get("/api/v1/states?status=area&as_of=2008-07-15"))
    assert {"GRL", "HKG", "PRI"} <= areas_2008
    assert "CUW" in _codes(client.get("/api/v1/states?status=area&as_of=2010-10-10"))


def test_area_lists_before_the_history_is_complete_are_refused(client):
    """Areas are what is neither member nor observer: before the lists of
    members are complete (the seats of Czechoslovakia…), so is theirs not."""
    response = client.get("/api/v1/states?status=area&as_of=1990-01-01")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "history_incomplete"
    ok = client.get("/api/v1/states?status=area&as_of=2000-11-01")
    assert ok.status_code == 200


def test_member_lists_before_the_history_is_complete_are_refused(client):
    for query in ("status=member", "group=un-members", "status=observer"):
        response = client.get(f"/api/v1/states?{query}&as_of=1995-01-01")
        assert response.status_code == 400, query
        body = response.json()["error"]
        assert body["code"] == "history_incomplete"
        assert body["complete_from"] == "2000-11-01"
        assert "2000-11-01" in body["message"]


def test_states_on_the_opening_day_of_2008():
    states = selectors.states_on(dt.date(2008, 3, 18))
    codes = {c.iso3 for c in states}
    assert len(states) == 194
    assert {"VAT", "PSE"} <= codes and "SSD" not in codes
    standings = selectors.standings_on([c.pk for c in states], dt.date(2008, 3, 18))
    assert list(standings.values()).count(selectors.MEMBER_STATE) == 192


def test_the_2008_campaign_goes_to_192_members_and_2_observers():
    from migdev.consultation.campaigns import services
    from tests.consultation.factories import make_questionnaire, secretariat, six

    campaign = services.campaign_create(
        actor=secretariat(),
        questionnaire=make_questionnaire("as-of-2008"),
        title=six("Consultation"),
        letter=six("<p>Dear Permanent Representative,</p>"),
        opens_on=dt.date(2008, 3, 18),
        deadline=dt.date(2008, 4, 30),
    )
    codes = set(campaign.recipients.values_list("country__iso3", flat=True))
    assert len(codes) == 194
    assert "SSD" not in codes and {"VAT", "PSE"} <= codes


def test_a_campaign_before_the_membership_history_is_refused_clearly():
    from django.core.exceptions import ValidationError

    from migdev.consultation.campaigns import services
    from tests.consultation.factories import make_questionnaire, secretariat, six

    with pytest.raises(ValidationError) as info:
        services.campaign_create(
            actor=secretariat(),
            questionnaire=make_questionnaire("as-of-1995"),
            title=six("Consultation"),
            letter=six("<p>Dear Permanent Representative,</p>"),
            opens_on=dt.date(1995, 3, 1),
            deadline=dt.date(1995, 4, 30),
        )
    assert "2000-11-01" in str(info.value.message_dict["opens_on"])


# --- Pages -----------------------------------------------------------------------


def test_the_states_page_of_2008_lists_192_members_with_their_names(client):
    page = client.get("/states/?status=member&as_of=2008-07-15")
    assert page.status_code == 200
    html = page.content.decode()
    assert "192 countries or areas" in html
    assert "Swaziland" in html and "Eswatini" not in html
    assert "South Sudan" not in html
    # Alphabetical by the names of that day, accents aside.
    assert html.index("Côte d") < html.index("Croatia") < html.index("Czech Republic")


def test_the_ldc_page_before_its_history_says_from_when(client):
    page = client.get("/groupings/941/?as_of=1985-01-01")
    assert page.status_code == 400
    assert "from 1990-01-01" in page.content.decode()
    assert client.get("/groupings/941/?as_of=1990-06-01").status_code == 200


# --- Names of the day ------------------------------------------------------------

NAMES_2008 = {
    "MKD": "The former Yugoslav Republic of Macedonia",
    "CZE": "Czech Republic",
    "CPV": "Cape Verde",
    "LBY": "Libyan Arab Jamahiriya",
    "SWZ": "Swaziland",
    "TUR": "Turkey",
    "PSE": "Palestine",
    "BOL": "Bolivia",
}


def test_the_api_gives_the_names_of_2008(client):
    states = _items(client.get("/api/v1/states?as_of=2008-07-15&lang=en"))
    by_iso3 = {s["iso3"]: s for s in states}
    for iso3, name in NAMES_2008.items():
        assert by_iso3[iso3]["name"] == name, iso3
    assert by_iso3["CZE"]["names"]["fr"] == "République tchèque"
    assert by_iso3["CPV"]["names"]["fr"] == "Cap-Vert"
    assert by_iso3["LBY"]["names"]["ar"] == "الجماهيرية العربية الليبية"
    assert by_iso3["PSE"]["names"]["zh-hans"] == "巴勒斯坦"
    assert by_iso3["SWZ"]["names"]["ru"] == "Свазиленд"
    today = {s["iso3"]: s["name"] for s in _items(client.get("/api/v1/states?lang=en"))}
    assert today["MKD"] == "North Macedonia" and today["TUR"] == "Türkiye"
    one = client.get("/api/v1/states/MKD?as_of=2008-07-15&lang=fr").json()
    assert one["name"] == "ex-République yougoslave de Macédoine"


@pytest.mark.parametrize(
    ("iso3", "last_day_of_old", "old", "new"),
    [
        (
            "MKD",
            "2019-02-13",
            "The former Yugoslav Republic of Macedonia",
            "North Macedonia",
        ),
        ("CZE", "2016-05-16", "Czech Republic", "Czechia"),
        ("CPV", "2013-10-23", "Cape Verde", "Cabo Verde"),
        ("LBY", "2011-09-15", "Libyan Arab Jamahiriya", "Libya"),
        ("SWZ", "2018-04-18", "Swaziland", "Eswatini"),
        ("TUR", "2022-05-31", "Turkey", "Türkiye"),
        ("PSE", "2012-12-16", "Palestine", "State of Palestine"),
        ("SRB", "2006-06-02", "Serbia and Montenegro", "Serbia"),
    ],
)
def test_a_name_changes_on_the_day_the_un_recorded(iso3, last_day_of_old, old, new):
    country = Country.objects.get(iso3=iso3)
    last = dt.date.fromisoformat(last_day_of_old)
    assert selectors.country_name(country, last, "en") == old
    assert selectors.country_name(country, last + dt.timedelta(days=1), "en") == new
    assert selectors.country_name(country, None, "en") == new


def test_the_template_filter_and_the_bulk_helper_agree():
    from django.template import Context, Template

    countries = list(
        selectors.with_former_names(Country.objects.filter(iso3__in=NAMES_2008))
    )
    day = dt.date(2008, 7, 15)
    bulk = selectors.names_on(countries, day)
    template = Template("{% load registry_names %}{{ c|name_on:day }}")
    for c in countries:
        rendered = template.render(Context({"c": c, "day": day}))
        assert rendered == bulk[c.pk].get_text("en") == NAMES_2008[c.iso3]


def test_lists_sort_by_the_names_of_the_day_in_the_language():
    from django.utils import translation

    countries = Country.objects.filter(iso3__in=["TUR", "TKM", "TUV", "CZE", "CHL"])
    day = dt.date(2008, 7, 15)
    assert [
        c.iso3 for c in selectors.sort_by_name(countries, day=day, language="en")
    ] == [
        "CHL",
        "CZE",
        "TUR",
        "TKM",
        "TUV",
    ]
    with translation.override("zh-hans"):
        # 智利 zhìlì, 捷克共和国 jiékè, 土耳其 tǔ'ěrqí, 土库曼斯坦 tǔkùmàn, 图瓦卢 túwǎlú
        assert [c.iso3 for c in selectors.sort_by_name(countries, day=day)] == [
            "CZE",
            "TUR",
            "TKM",
            "TUV",
            "CHL",
        ]


# --- Dated groups ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "count", "absent", "present"),
    [
        # Liberia, included in 1990, counts from 1 January (year-only date).
        ("1990-06-01", 42, {"AGO", "ERI", "KHM", "ZMB"}, {"LBR", "BWA", "CPV", "YEM"}),
        ("1992-01-01", 47, {"AGO", "ERI"}, {"KHM", "COD", "MDG", "SLB", "ZMB", "BWA"}),
        ("1995-01-01", 48, {"BWA", "SEN"}, {"AGO", "ERI"}),
        ("2008-07-15", 49, {"CPV", "SSD"}, {"TLS", "SEN", "MDV"}),
    ],
)
def test_ldc_history_back_to_1990(client, day, count, absent, present):
    codes = _codes(client.get(f"/api/v1/states?group=941&as_of={day}"))
    assert len(codes) == count
    assert not (codes & absent) and present <= codes


def test_groups_say_from_when_their_history_is_complete(client):
    groupings = {
        g["code"]: g for g in _items(client.get("/api/v1/groupings?as_of=1985-01-01"))
    }
    assert groupings["941"]["complete_from"] == "1990-01-01"
    assert groupings["941"]["members"] is None
    assert groupings["150"]["complete_from"] is None
    assert groupings["150"]["members"] > 40
    response = client.get("/api/v1/states?group=941&as_of=1989-12-31")
    assert response.status_code == 400
    assert response.json()["error"]["complete_from"] == "1990-01-01"
    lldc = client.get("/api/v1/states?group=1636&as_of=2005-01-01")
    assert lldc.status_code == 400 and "2011-07-09" in lldc.json()["error"]["message"]
    # A country's own groupings leave out those not known on the day.
    ago = client.get("/api/v1/states/AGO?as_of=1985-01-01").json()
    assert "941" not in {g["code"] for g in ago["groupings"]}
    assert "002" in {g["code"] for g in ago["groupings"]}


def test_arabic_lists_sort_under_the_letter_after_the_article():
    countries = Country.objects.filter(
        iso3__in=["BRA", "JOR", "RUS", "BHR", "ARG", "ETH", "AZE"]
    )
    order = [c.iso3 for c in selectors.sort_by_name(countries, language="ar")]
    # As the UN's Arabic list of Member States: الاتحاد الروسي، إثيوبيا، أذربيجان،
    # الأرجنتين، الأردن … البحرين، البرازيل
    assert order == ["RUS", "ETH", "AZE", "ARG", "JOR", "BHR", "BRA"]
