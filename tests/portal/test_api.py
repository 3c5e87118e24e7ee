"""The portal's open API: profiles, the data query and its downloads, bad
input, conditional requests and the caches' end on publication."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as _

from migdev.indicators import services

from .conftest import STOCK, make_release

pytestmark = pytest.mark.django_db


def _json(response):
    assert response["Content-Type"].startswith("application/json"), response.content
    return response.json()


def test_profile_is_public_and_in_the_language_asked(published) -> None:
    stock, _flows = published
    client = Client()
    r = client.get("/api/v1/areas/FRA/profile", {"lang": "zh-hans"})
    assert r.status_code == 200
    body = _json(r)
    assert body["area"]["name"] == "法国" and body["language"] == "zh-hans"
    assert body["stock"]["release"] == stock.identifier
    assert r["ETag"] and r["Last-Modified"]
    by_m49 = _json(client.get("/api/v1/areas/250/profile", HTTP_ACCEPT_LANGUAGE="ru"))
    assert by_m49["area"]["name"] == "Франция"
    region = _json(client.get("/api/v1/areas/002/profile"))
    assert region["area"]["kind"] == "region"
    missing = client.get("/api/v1/areas/XYZ/profile")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_profile_answers_304_and_changes_with_a_publication(
    published, secretariat, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    first = client.get("/api/v1/areas/FRA/profile")
    etag = first["ETag"]
    again = client.get("/api/v1/areas/FRA/profile", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and not again.content
    since = client.get(
        "/api/v1/areas/FRA/profile", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert since.status_code == 304
    newer = make_release(
        "test-stock",
        [r if r[0] != "migrant_share" else (*r[:7], r[7] + 1, r[8]) for r in STOCK],
        tag="2",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.release_publish(actor=secretariat, release=newer)
    after = client.get("/api/v1/areas/FRA/profile", HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200 and after["ETag"] != etag
    body = after.json()
    assert body["stock"]["release"] == newer.identifier
    assert body["share_of_population"]["series"][-1]["value"] == 14.1


def test_drafts_only_for_the_secretariat(published, secretariat) -> None:
    draft = make_release("test-stock", STOCK[:3], tag="draft")
    url = "/api/v1/areas/FRA/profile"
    hidden = Client().get(url, {"release": draft.identifier})
    assert hidden.status_code == 400
    assert hidden.json()["error"]["details"]["allowed"] == sorted(
        r.identifier for r in published
    )
    data = Client().get("/api/v1/data", {"release": draft.identifier})
    assert data.status_code == 400 and data.json()["error"]["field"] == "release"
    client = Client()
    client.force_login(secretariat)
    seen = client.get(url, {"release": draft.identifier})
    assert seen.status_code == 200 and seen["ETag"]
    assert seen.json()["releases"][0]["status"] == "draft"
    rows = client.get("/api/v1/data", {"release": draft.identifier}).json()
    assert rows["count"] == 3


def test_data_query_several_values_per_dimension(published) -> None:
    stock, _ = published
    client = Client()
    page = _json(
        client.get(
            "/api/v1/data?indicator=migrant_stock&area=FRA,504&area=903"
            "&year=2020&sex=M&sex=F&age=_T"
        )
    )
    got = {
        (v["area_iso3"] or str(v["area"]), v["sex"], v["value"]) for v in page["items"]
    }
    assert got == {("FRA", "M", 4000.0), ("FRA", "F", 4500.0)}
    assert page["releases"][0]["identifier"] == stock.identifier
    assert all(v["release"] == stock.identifier for v in page["items"])
    origins = _json(
        client.get(
            "/api/v1/data",
            {"indicator": "migrant_stock", "area": "FRA", "origin": "DZA,MAR"},
        )
    )
    assert sorted(v["origin"] for v in origins["items"]) == [12, 504]
    region = _json(client.get("/api/v1/data", {"area": "002", "year": "2010"}))
    assert [v["value"] for v in region["items"]] == [20000.0]
    quarters = _json(client.get("/api/v1/data", {"area": "MAR", "year": "2024"}))
    assert {v["period"] for v in quarters["items"]} == {"2024Q1", "2024Q2"}


def test_data_pages(published) -> None:
    client = Client()
    first = _json(client.get("/api/v1/data", {"area": "FRA", "limit": 5}))
    assert first["count"] > 5 and len(first["items"]) == 5
    seen = [tuple(sorted(v.items())) for v in first["items"]]
    url = first["next"]
    while url:
        page = _json(client.get(url))
        seen += [tuple(sorted(v.items())) for v in page["items"]]
        url = page["next"]
    assert len(seen) == first["count"] == len(set(seen))


@pytest.mark.parametrize(
    ("query", "parameter", "allowed"),
    [
        ({"indicator": "migrant_stok"}, "indicator", "migrant_stock"),
        ({"area": "FRA,XYZ"}, "area", "FRA"),
        ({"origin": "QQQ"}, "origin", "DZA"),
        ({"year": "1800"}, "year", "2020"),
        ({"sex": "X"}, "sex", "M"),
        ({"age": "200+"}, "age", "65+"),
        ({"limit": "5000"}, "limit", "1-200"),
        ({"format": "pdf"}, "format", "xlsx"),
    ],
)
def test_bad_input_names_the_parameter_and_what_it_may_be(
    published, query, parameter, allowed
) -> None:
    r = Client().get("/api/v1/data", query, HTTP_ACCEPT_LANGUAGE="fr")
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["code"] == "invalid_parameter"
    assert error["field"] == parameter == error["details"]["parameter"]
    assert allowed in error["details"]["allowed"]
    assert error["message"]


@pytest.mark.parametrize(
    ("query", "parameter", "allowed"),
    [
        ({"indicator": "remittances_paid", "origin": "QQQ"}, "origin", ["_T"]),
        ({"origin": "QQQ"}, "origin", ["_T", "DZA", "ESP", "MAR", "2003"]),
        ({"release": "nope.v1"}, "release", ["test-remittances.v1", "test-stock.v1"]),
    ],
)
def test_every_refused_value_lists_what_is_allowed(
    published, query, parameter, allowed
) -> None:
    """An origin the releases hold no values by still offers _T (all
    origins), and points to where every area code is listed."""
    r = Client().get("/api/v1/data", query)
    assert r.status_code == 400
    details = r.json()["error"]["details"]
    assert details["parameter"] == parameter
    assert sorted(details["allowed"]) == sorted(allowed)
    assert details["see"].startswith("/api/v1/")


def test_the_message_lists_the_refused_values_as_the_language_does(published):
    r = Client().get(
        "/api/v1/data", {"area": "XYZ,QQQ"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert "XYZ、QQQ" in r.json()["error"]["message"]


def test_lang_lists_the_six_languages(published) -> None:
    r = Client().get("/api/v1/data", {"lang": "xx"})
    assert r.status_code == 400
    details = r.json()["error"]["details"]
    assert details == {
        "given": ["xx"],
        "allowed": ["ar", "zh-hans", "en", "fr", "ru", "es"],
    }


def test_a_long_allowed_list_is_cut_and_says_how_long(published, monkeypatch) -> None:
    from migdev.portal import query

    monkeypatch.setattr(query, "ALLOWED_SHOWN", 2)
    r = Client().get("/api/v1/data", {"area": "XYZ"})
    details = r.json()["error"]["details"]
    assert details["allowed"] == ["903", "ESP"]  # values only, no "…"
    assert details["allowed_count"] == 4
    assert details["see"] == "/api/v1/states, /api/v1/groupings"


def test_a_download_over_the_limit_is_refused(published, monkeypatch) -> None:
    from migdev.portal import api

    monkeypatch.setattr(api, "DOWNLOAD_LIMIT", 3)
    r = Client().get("/api/v1/data", {"area": "FRA", "format": "csv"})
    assert r.status_code == 400
    assert r.json()["error"]["details"]["parameter"] == "format"
    ok = Client().get(
        "/api/v1/data",
        {"area": "MAR", "indicator": "remittances_paid", "format": "csv"},
    )
    assert ok.status_code == 200


def test_csv_and_xlsx_downloads_read_back(published) -> None:
    from openpyxl import load_workbook

    stock, _flows = published
    query = {
        "indicator": "migrant_stock",
        "area": "FRA",
        "year": "2020",
        "sex": "_T",
        "age": "_T",
        "origin": "_T",
    }
    r = Client().get("/api/v1/data", {**query, "format": "csv", "lang": "fr"})
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    assert "attachment" in r["Content-Disposition"] and r["ETag"]
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    with translation.override("fr"):
        value, name, release = _("value"), _("area name"), _("release")
    assert value != "value" and name != "area name"  # the headers are French
    assert float(row[value]) == 8500.0 and row[name] == "France"
    assert row[release] == stock.identifier
    x = Client().get("/api/v1/data", {**query, "format": "xlsx", "lang": "ar"})
    book = load_workbook(io.BytesIO(x.content), read_only=False)
    sheet = book.worksheets[0]
    assert sheet.sheet_view.rightToLeft
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][13] == 8500.0 and values[1][5] == "فرنسا"
    about = list(book.worksheets[1].iter_rows(values_only=True))
    assert any(r and r[0] == stock.identifier for r in about)


def test_sdmx_downloads_read_back_with_sdmx1(published, tmp_path) -> None:
    from migdev.stats.sdmx import read_sdmx_csv, read_sdmx_xml

    query = {
        "indicator": "migrant_stock",
        "area": "FRA",
        "sex": "M,F",
        "age": "_T",
        "origin": "_T",
    }
    r = Client().get("/api/v1/data", {**query, "format": "sdmx-csv"})
    assert r.status_code == 200
    path = tmp_path / "data.csv"
    path.write_bytes(r.content)
    frame = read_sdmx_csv(path)
    got = sorted(zip(frame["period"], frame["sex"], frame["value"], strict=True))
    assert got == [
        ("2010", "F", 3400.0),
        ("2010", "M", 3600.0),
        ("2020", "F", 4500.0),
        ("2020", "M", 4000.0),
    ]
    z = Client().get("/api/v1/data", {**query, "format": "sdmx-ml"})
    assert z["Content-Type"] == "application/zip"
    zipfile.ZipFile(io.BytesIO(z.content)).extractall(tmp_path / "ml")
    xml = read_sdmx_xml(tmp_path / "ml" / "structure.xml", tmp_path / "ml" / "data.xml")
    assert sorted(xml["value"]) == [3400.0, 3600.0, 4000.0, 4500.0]


def test_data_answers_304_without_a_query(published, django_assert_num_queries) -> None:
    client = Client()
    url = "/api/v1/data?indicator=migrant_stock&area=FRA&year=2020"
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    with django_assert_num_queries(0):
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    other = client.get(url + "&sex=M", HTTP_IF_NONE_MATCH=first["ETag"])
    assert other.status_code == 200


def test_release_download_whole(published) -> None:
    stock, _ = published
    r = Client().get(f"/api/v1/downloads/{stock.identifier}.csv")
    assert r.status_code == 200 and r["ETag"].count("-") == 1
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + len(STOCK)
    again = Client().get(
        f"/api/v1/downloads/{stock.identifier}.csv", HTTP_IF_NONE_MATCH=r["ETag"]
    )
    assert again.status_code == 304
    assert Client().get("/api/v1/downloads/nothing.v1.csv").status_code == 404
    assert Client().get(f"/api/v1/downloads/{stock.identifier}.pdf").status_code == 404
