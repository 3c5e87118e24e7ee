"""The profile selector: every block from the releases, citing them; regions
and groups; drafts only for the secretariat; JSON-serialisable."""

from __future__ import annotations

import json

import pytest
from django.http import Http404

from migdev.portal import selectors
from migdev.portal.selectors import UnknownArea, area_profile, area_resolve

from .conftest import AFRICA, STOCK, make_release

pytestmark = pytest.mark.django_db


def test_country_profile_blocks_cite_their_release(published) -> None:
    stock, flows = published
    p = area_profile("FRA", language="fr")
    json.dumps(p)  # plain data all the way down
    assert p["area"]["name"] == "France" and p["area"]["m49"] == "250"
    assert p["area"]["kind"] == "country" and p["language"] == "fr"
    series = p["stock"]["series"]
    assert [s["period"] for s in series] == ["2010", "2020"]
    assert series[1]["value"] == 8500.0 and series[1]["lower_95"] == 8000.0
    assert p["stock"]["has_interval"] is True
    assert p["stock"]["release"] == stock.identifier
    assert [s["value"] for s in p["share_of_population"]["series"]] == [10.9, 13.1]
    ratio = p["sex_ratio"]["series"]
    assert [(r["period"], r["ratio"]) for r in ratio] == [
        ("2010", round(100 * 3600 / 3400, 2)),
        ("2020", round(100 * 4000 / 4500, 2)),
    ]
    pyramid = p["age_sex"]
    assert pyramid["period"] == "2020"
    assert pyramid["ages"] == ["0-14", "15-64", "65+"]
    assert pyramid["migrants"]["female"] == [450.0, 3150.0, 900.0]
    assert pyramid["population"]["male"] == [6000.0, 20000.0, 6000.0]
    origins = p["origins"]
    # The residual origin (2003) counts in the total, not among countries.
    assert [o["iso3"] for o in origins["items"]] == ["DZA", "MAR", "ESP"]
    assert origins["items"][1]["name"] == "Maroc"
    assert origins["total"] == 2750.0
    assert origins["items"][0]["share"] == round(100 * 1500 / 2750, 2)
    assert p["refugees"]["count"]["series"][0]["value"] == 400.0
    assert p["refugees"]["share_of_migrants"]["series"][0]["value"] == 4.7
    assert p["remittances"] is None
    costs = p["corridor_costs"]
    assert costs["release"] == flows.identifier and costs["target"] == 3.0
    [sending] = costs["corridors"]
    assert sending["direction"] == "sending"
    assert sending["counterpart"]["iso3"] == "MAR"
    assert sending["period"] == "2024Q2" and sending["value"] == 2.5
    assert sending["above_target"] is False
    cited = {r["identifier"] for r in p["releases"]}
    assert cited == {stock.identifier, flows.identifier}
    assert (
        next(r for r in p["releases"] if r["identifier"] == stock.identifier)[
            "dataset_name"
        ]
        == "test-stock (fr)"
    )


def test_emigrants_remittances_and_corridors_of_morocco(published) -> None:
    stock, _flows = published
    p = area_profile("504", language="en")
    assert p["area"]["iso3"] == "MAR"
    dest = p["destinations"]
    assert [(d["iso3"], d["value"]) for d in dest["items"]] == [
        ("FRA", 1000.0),
        ("ESP", 700.0),
    ]
    assert dest["release"] == stock.identifier and dest["period"] == "2020"
    rem = p["remittances"]
    assert rem["inflows"]["series"][0]["value"] == 11.2e9
    assert rem["outflows"]["series"][0]["value"] == 0.1e9
    assert rem["inflows_gdp"]["series"][0]["value"] == 8.0
    costs = p["corridor_costs"]
    by = {c["counterpart"]["iso3"]: c for c in costs["corridors"]}
    assert by["FRA"]["value"] == 2.5  # the latest quarter
    assert by["ESP"]["above_target"] and by["ESP"]["above_ceiling"]
    assert by["ESP"]["distance_to_target"] == 3.0
    assert costs["average"] == [{"period": "2024Q2", "value": 4.25}]
    assert p["age_sex"] is None and p["origins"] is None


def test_region_profile_reads_the_desa_aggregate(published) -> None:
    p = area_profile("002", language="ar")
    assert p["area"]["kind"] == "region" and p["area"]["name"] == "أفريقيا"
    assert p["area"]["data_codes"] == [AFRICA]
    assert "MAR" in p["area"]["members"]
    assert [s["value"] for s in p["stock"]["series"]] == [20000.0, 25000.0]
    # The DESA code names the same region.
    assert area_resolve("903").key == "002"
    group = area_profile("1636", language="en")
    assert group["area"]["kind"] == "group" and group["stock"] is None


def test_unknown_areas_are_refused(db) -> None:
    for code in ("XYZ", "9999", "", "FR A", "1" * 20):
        with pytest.raises(UnknownArea):
            area_resolve(code)


def test_drafts_only_for_the_secretariat(published, secretariat, make_user) -> None:
    draft = make_release(
        "test-stock",
        [r if r[0] != "migrant_share" else (*r[:7], r[7] + 1, r[8]) for r in STOCK],
        tag="2",
    )
    public = area_profile("FRA", language="en")
    assert public["share_of_population"]["series"][1]["value"] == 13.1
    with pytest.raises(Http404):
        area_profile("FRA", language="en", release=draft.identifier)
    with pytest.raises(Http404):
        area_profile("FRA", language="en", release=draft.identifier, user=make_user())
    seen = area_profile(
        "FRA", language="en", release=draft.identifier, user=secretariat
    )
    assert seen["share_of_population"]["series"][1]["value"] == 14.1
    assert seen["releases"][0]["status"] == "draft"


def test_mechanisms_of_a_country(published) -> None:
    from migdev.cooperation.models import Mechanism, Participation
    from migdev.registry.models import Country

    mechanism = Mechanism.objects.create(
        code="test-process",
        kind="rcp",
        name={"en": "Test Process", "fr": "Processus test"},
    )
    Participation.objects.create(
        mechanism=mechanism, role="member", country=Country.objects.get(iso3="FRA")
    )
    p = area_profile("FRA", language="fr")
    assert [(m["code"], m["name"], m["role"]) for m in p["mechanisms"]] == [
        ("test-process", "Processus test", "member")
    ]
    assert area_profile("MAR", language="fr")["mechanisms"] == []


def test_the_profile_takes_few_queries(
    published, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(25):
        selectors.area_profile("FRA", language="en")


def test_a_residual_origin_is_known_and_named(published, client) -> None:
    """UN DESA's residual origins (2003 "Other", 2001 "Other North", 2002
    "Other South") are no State, but no unknown code either: named in the six
    languages, asked for in a query (no value is an empty answer, not an
    unknown origin), and no page of their own."""
    assert selectors.area_names([2003, 2001], "fr") == {
        2003: "Autres (origine non déclarée ou non distinguée)",
        2001: "Autres pays du Nord",
    }
    assert area_resolve("2002").kind == "other"
    answer = client.get("/api/v1/data?indicator=migrant_stock&origin=2001")
    assert answer.status_code == 200 and answer.json()["count"] == 0
    answer = client.get("/api/v1/data?indicator=migrant_stock&area=FRA&origin=2003")
    assert [row["value"] for row in answer.json()["items"]] == [50.0]
    assert client.get("/portal/areas/2003/").status_code == 404
    csv = client.get(
        "/api/v1/data?indicator=migrant_stock&area=FRA&origin=2003&format=csv&lang=es"
    ).content.decode("utf-8-sig")
    assert "Otros (origen no declarado o no desglosado)" in csv
