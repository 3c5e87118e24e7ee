"""Checks of the registry reference tables (src/migdev/registry/data/*.csv).

The internal checks need nothing but the CSV files. The cross-checks compare them
with the public country lists kept next to the repository in
``../shared/data/country_codes`` and are skipped when that folder is absent.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "src" / "migdev" / "registry" / "data"
SHARED = REPO.parent / "shared" / "data" / "country_codes"

LANGS = ("en", "fr", "es", "ru", "zh", "ar")
STATE_COLUMNS = [
    "iso3",
    "iso2",
    "m49",
    "status",
    "un_admission",
    "administered_by",
    "region",
    "subregion",
    "intermediate_region",
    "ldc",
    "lldc",
    "sids",
    *(f"name_{lang}" for lang in LANGS),
]
REGION_COLUMNS = [
    "code",
    "kind",
    "parent",
    *(f"name_{lang}" for lang in LANGS),
    "complete_from",
]
GROUP_CHANGE_COLUMNS = ["group", "iso3", "start", "end", "note"]
ORG_COLUMNS = [
    "code",
    "kind",
    "parent",
    "gmg_from",
    "gmg_to",
    *(f"acronym_{lang}" for lang in LANGS),
    *(f"name_{lang}" for lang in LANGS),
    "website",
]
ORG_KINDS = {
    "secretariat_department",
    "regional_commission",
    "fund_programme",
    "specialized_agency",
    "research_training_institute",
    "related_organization",
    "regional_intergovernmental_body",
    "regional_consultative_process",
    "inter_agency_group",
    "intergovernmental_process",
    "office",
    "civil_society",
}
FIRST_ADMISSION = dt.date(1945, 10, 24)
LDC_GROUP = "941"


def _read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    path = DATA / name
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{name} must be written without BOM"
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


@pytest.fixture(scope="module")
def states() -> list[dict[str, str]]:
    header, rows = _read("states.csv")
    assert header == STATE_COLUMNS
    return rows


@pytest.fixture(scope="module")
def regions() -> dict[str, dict[str, str]]:
    header, rows = _read("regions.csv")
    assert header == REGION_COLUMNS
    by_code = {r["code"]: r for r in rows}
    assert len(by_code) == len(rows), "duplicate region codes"
    return by_code


@pytest.fixture(scope="module")
def group_changes() -> list[dict[str, str]]:
    header, rows = _read("group_changes.csv")
    assert header == GROUP_CHANGE_COLUMNS
    return rows


@pytest.fixture(scope="module")
def organizations() -> dict[str, dict[str, str]]:
    header, rows = _read("organizations.csv")
    assert header == ORG_COLUMNS
    by_code = {r["code"]: r for r in rows}
    assert len(by_code) == len(rows), "duplicate organization codes"
    return by_code


def _by(states: list[dict[str, str]], key: str) -> dict[str, dict[str, str]]:
    return {r[key]: r for r in states if r[key]}


def ldc_at(
    states: list[dict[str, str]], changes: list[dict[str, str]], when: dt.date
) -> set[str]:
    """ISO3 codes of the least developed countries on a date.

    Starts from the current ``ldc`` flag and undoes the changes of
    group_changes.csv that happened after ``when``.
    """
    members = {r["iso3"] for r in states if r["ldc"] == "1"}
    for change in changes:
        if change["group"] != LDC_GROUP:
            continue
        start = _date(change["start"]) if change["start"] else None
        end = _date(change["end"]) if change["end"] else None
        if end is not None and end > when and (start is None or start <= when):
            members.add(change["iso3"])
        if start is not None and start > when:
            members.discard(change["iso3"])
    return members


# --------------------------------------------------------------------------- states


def test_status_counts(states):
    counts: dict[str, int] = {}
    for r in states:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    assert set(counts) == {"member", "observer", "area"}
    assert counts["member"] == 193
    assert counts["observer"] == 2
    observers = {r["iso3"] for r in states if r["status"] == "observer"}
    assert observers == {"VAT", "PSE"}


def test_codes_unique_and_well_formed(states):
    for key, pattern in (
        ("iso3", r"[A-Z]{3}"),
        ("iso2", r"[A-Z]{2}"),
        ("m49", r"\d{3}"),
    ):
        values = [r[key] for r in states if r[key]]
        assert len(values) == len(set(values)), f"duplicate {key}"
        bad = [v for v in values if not re.fullmatch(pattern, v)]
        assert not bad, f"malformed {key}: {bad}"
    assert all(r["m49"] for r in states)
    # Only the areas M49 gives no ISO code lack one: Channel Islands and Sark.
    no_iso = {r["m49"] for r in states if not r["iso3"] or not r["iso2"]}
    assert no_iso == {"830", "680"}
    assert "XKX" not in _by(states, "iso3"), "Kosovo is not an M49 area"
    assert 245 <= len(states) <= 255


def test_iso_codes_match_iso_3166(states):
    pycountry = pytest.importorskip("pycountry")
    for r in states:
        if not r["iso3"]:
            continue
        country = pycountry.countries.get(alpha_3=r["iso3"])
        assert country is not None, r["iso3"]
        assert (country.alpha_2, country.numeric) == (r["iso2"], r["m49"]), r["iso3"]


def test_every_state_has_six_names(states):
    for r in states:
        for lang in LANGS:
            name = r[f"name_{lang}"]
            assert name and name == name.strip(), (r["m49"], lang)
            assert "\u2019" not in name, (r["m49"], lang, "use the ASCII apostrophe")


def test_un_short_names(states):
    by_iso3 = _by(states, "iso3")
    bol = by_iso3["BOL"]
    assert [bol[f"name_{lang}"] for lang in LANGS] == [
        "Bolivia (Plurinational State of)",
        "Bolivie (État plurinational de)",
        "Bolivia (Estado Plurinacional de)",
        "Боливия (Многонациональное Государство)",
        "多民族玻利维亚国",
        "بوليفيا (دولة - المتعددة القوميات)",
    ]
    assert by_iso3["TUR"]["name_en"] == "Türkiye"
    assert by_iso3["NLD"]["name_en"] == "Netherlands (Kingdom of the)"
    assert by_iso3["CIV"]["name_en"] == "Côte d'Ivoire"
    assert by_iso3["HKG"]["name_en"] == "China, Hong Kong Special Administrative Region"


def test_admission_dates(states):
    today = dt.date.today()
    for r in states:
        if r["status"] == "member":
            assert FIRST_ADMISSION <= _date(r["un_admission"]) <= today, r["iso3"]
        else:
            assert r["un_admission"] == "", r["iso3"]
    by_iso3 = _by(states, "iso3")
    for iso3, date in {
        "USA": "1945-10-24",
        "RUS": "1945-10-24",
        "JPN": "1956-12-18",
        "DEU": "1973-09-18",
        "YEM": "1947-09-30",
        "TZA": "1961-12-14",
        "CZE": "1993-01-19",
        "SVK": "1993-01-19",
        "MNE": "2006-06-28",
        "SRB": "2000-11-01",
        "SSD": "2011-07-14",
        "CHE": "2002-09-10",
    }.items():
        assert by_iso3[iso3]["un_admission"] == date, iso3


def test_administering_state(states):
    by_iso3 = _by(states, "iso3")
    for r in states:
        if r["status"] != "area":
            assert r["administered_by"] == "", r["iso3"]
        elif r["administered_by"]:
            assert by_iso3[r["administered_by"]]["status"] == "member", r["m49"]
    unadministered = {
        r["m49"] for r in states if r["status"] == "area" and not r["administered_by"]
    }
    assert unadministered == {"010", "732"}  # Antarctica, Western Sahara
    assert by_iso3["HKG"]["administered_by"] == "CHN"
    assert by_iso3["GRL"]["administered_by"] == "DNK"
    assert by_iso3["PRI"]["administered_by"] == "USA"


def test_region_chain(states, regions):
    for r in states:
        region, sub, inter = r["region"], r["subregion"], r["intermediate_region"]
        if r["iso3"] == "ATA":
            assert region == sub == inter == ""
            continue
        assert regions[region]["kind"] == "region", r["m49"]
        assert (
            regions[sub]["kind"] == "subregion" and regions[sub]["parent"] == region
        ), r["m49"]
        if inter:
            assert regions[inter]["kind"] == "intermediate_region", r["m49"]
            assert regions[inter]["parent"] == sub, r["m49"]
        else:
            children = [c for c in regions.values() if c["parent"] == sub]
            assert not children, (
                f"{r['m49']}: subregion {sub} is split, intermediate region missing"
            )


def test_flags(states):
    for r in states:
        for key in ("ldc", "lldc", "sids"):
            assert r[key] in ("0", "1"), (r["m49"], key)
    assert sum(r["lldc"] == "1" for r in states) == 32
    # LDC and LLDC are lists of UN Member States.
    for r in states:
        if r["ldc"] == "1" or r["lldc"] == "1":
            assert r["status"] == "member", r["m49"]


# -------------------------------------------------------------------------- regions


def test_regions_hierarchy(regions):
    kinds = {
        "world",
        "region",
        "subregion",
        "intermediate_region",
        "development_group",
        "income_group",
    }
    parent_kind = {
        "region": "world",
        "subregion": "region",
        "intermediate_region": "subregion",
    }
    for code, r in regions.items():
        assert r["kind"] in kinds, code
        for lang in LANGS:
            assert r[f"name_{lang}"].strip(), (code, lang)
        if r["kind"] in parent_kind:
            assert re.fullmatch(r"\d{3}", code), code
            assert regions[r["parent"]]["kind"] == parent_kind[r["kind"]], code
        else:
            assert r["parent"] == "", code
    assert regions["001"]["kind"] == "world"
    assert {c for c, r in regions.items() if r["kind"] == "region"} == {
        "002",
        "019",
        "142",
        "150",
        "009",
    }
    assert {"901", "902", "941", "934", "1636", "1637"} <= set(regions)
    assert {"1500", "1501", "1502", "1503", "1517"} <= set(regions)


# -------------------------------------------------------------------- group changes


def test_group_changes(states, regions, group_changes):
    by_iso3 = _by(states, "iso3")
    today = dt.date.today()
    for c in group_changes:
        assert regions[c["group"]]["kind"] in ("development_group", "income_group"), c
        assert c["iso3"] in by_iso3, c
        assert c["start"] or c["end"], c
        start = _date(c["start"]) if c["start"] else None
        end = _date(c["end"]) if c["end"] else None
        if start and end:
            assert start < end, c
        if c["group"] == LDC_GROUP:
            current = by_iso3[c["iso3"]]["ldc"] == "1"
            if end is not None and end <= today:
                assert not current, f"{c['iso3']} left the LDC category on {end}"
            elif start is not None and start <= today:
                assert current, f"{c['iso3']} is in the LDC category since {start}"
    # Graduations named in the table's documentation.
    graduated = {
        c["iso3"]: c["end"]
        for c in group_changes
        if c["group"] == LDC_GROUP and c["end"]
    }
    assert graduated["BWA"] == "1994-12-20"
    assert graduated["STP"] == "2024-12-13"


# -------------------------------------------------------------------- organizations

# DOMAIN.md §1: GMG members in mid-2008 (A/63/265 ¶44): the named entities plus
# the five UN regional commissions.
GMG_MID_2008 = {
    "desa",
    "ilo",
    "iom",
    "ohchr",
    "unctad",
    "undp",
    "unesco",
    "unfpa",
    "unhcr",
    "unicef",
    "unitar",
    "unodc",
    "world-bank",
    "eca",
    "ece",
    "eclac",
    "escap",
    "escwa",
}


def test_organizations(organizations):
    for code, o in organizations.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code), code
        assert o["kind"] in ORG_KINDS, code
        if o["parent"]:
            assert o["parent"] in organizations, code
            assert o["parent"] != code
        for lang in LANGS:
            assert o[f"name_{lang}"].strip(), (code, lang)
        assert o["website"] == "" or o["website"].startswith("https://"), code
        for key in ("gmg_from", "gmg_to"):
            if o[key]:
                _date(o[key])
        if o["gmg_to"]:
            assert o["gmg_from"] and o["gmg_from"] < o["gmg_to"], code
    assert organizations["desa-pd"]["parent"] == "desa"
    assert organizations["uis"]["parent"] == "unesco"
    regional_commissions = {
        c for c, o in organizations.items() if o["kind"] == "regional_commission"
    }
    assert regional_commissions == {"eca", "ece", "eclac", "escap", "escwa"}
    rcps = {
        c
        for c, o in organizations.items()
        if o["kind"] == "regional_consultative_process"
    }
    assert len(rcps) >= 13


def test_gmg_membership_mid_2008(organizations):
    when = "2008-07-01"
    members = {
        code
        for code, o in organizations.items()
        if o["gmg_from"]
        and o["gmg_from"] <= when
        and (not o["gmg_to"] or o["gmg_to"] > when)
    }
    assert members == GMG_MID_2008


def test_ilo_acronyms(organizations):
    ilo = organizations["ilo"]
    assert [ilo[f"acronym_{lang}"] for lang in LANGS[:5]] == [
        "ILO",
        "OIT",
        "OIT",
        "МОТ",
        "劳工组织",
    ]
    assert ilo["name_ar"] == "منظمة العمل الدولية"


# ---------------------------------------------------------- cross-check (shared data)

UNSD_FILE = "unsd_m49_methodology_with_dev_status.csv"
IOM_FILE = "iom_gdidata_countrynames.csv"
# Vintages of the two files (see their PROVENANCE): the UNSD download predates
# Vanuatu's LDC graduation (Dec 2020); the IOM table carries the LDC list of 2024.
UNSD_VINTAGE = dt.date(2020, 6, 30)
IOM_VINTAGE = dt.date(2024, 6, 30)
# M49 puts Guernsey, Jersey and Sark under intermediate region 830 "Channel
# Islands"; UN DESA tabulates 830 as one area, so this registry keeps 830 as an
# area row and does not also use it as a region.
UNDER_CHANNEL_ISLANDS = {"831", "832", "680"}
# Codes in the IOM table that the M49 list of countries or areas does not
# carry: Taiwan (158), the former Netherlands Antilles (530, dissolved 2010)
# and IOM's "unknown origin" (2003).
IOM_NOT_M49 = {"158": "TWN", "530": "ANT", "2003": "OOO"}


def _shared(name: str) -> list[dict[str, str]]:
    if not SHARED.is_dir():
        pytest.skip(f"../shared/data/country_codes is absent: {SHARED} not found")
    path = SHARED / name
    if not path.is_file():
        pytest.skip(f"../shared/data/country_codes is absent: {path} not found")
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _code(value: str) -> str:
    return value.strip().zfill(3) if value.strip() else ""


@pytest.fixture(scope="module")
def unsd() -> dict[str, dict[str, str]]:
    return {_code(r["M49 Code"]): r for r in _shared(UNSD_FILE)}


@pytest.fixture(scope="module")
def iom() -> dict[str, dict[str, str]]:
    # Rows without an M49 code (Abyei, Kosovo, Tibet, ...) are not M49 areas,
    # nor are the extra codes IOM keeps for its data.
    rows = {_code(r["m49"]): r for r in _shared(IOM_FILE) if r["m49"].strip()}
    for code, iso3 in IOM_NOT_M49.items():
        assert rows.pop(code)["iso3"] == iso3
    return rows


@pytest.mark.shared_data
def test_m49_iso3_pairs_match_unsd(states, unsd):
    ours = {r["m49"]: r["iso3"] for r in states}
    theirs = {code: r["ISO-alpha3 Code"].strip() for code, r in unsd.items()}
    # 830 Channel Islands is an area here (UN DESA), a region in M49.
    assert set(ours) - set(theirs) == {"830"}
    assert set(theirs) <= set(ours)
    diff = {
        code: (ours[code], iso3) for code, iso3 in theirs.items() if ours[code] != iso3
    }
    assert not diff


@pytest.mark.shared_data
def test_m49_iso_pairs_match_iom(states, iom):
    ours = {r["m49"]: (r["iso2"], r["iso3"]) for r in states}
    theirs = {code: (r["iso2"].strip(), r["iso3"].strip()) for code, r in iom.items()}
    # IOM gives Channel Islands the user-assigned codes XC/XCX; M49 gives none.
    assert theirs.pop("830") == ("XC", "XCX")
    diff = {c: (ours.get(c), t) for c, t in theirs.items() if ours.get(c) != t}
    assert not diff
    missing = set(ours) - set(theirs) - {"830"}
    assert missing <= {"680"}, missing  # IOM has no row for Sark


@pytest.mark.shared_data
def test_regions_match_unsd(states, unsd):
    diff = {}
    for r in states:
        if r["m49"] not in unsd:
            continue
        u = unsd[r["m49"]]
        theirs = (
            _code(u["Region Code"]),
            _code(u["Sub-region Code"]),
            _code(u["Intermediate Region Code"]),
        )
        if r["m49"] in UNDER_CHANNEL_ISLANDS:
            assert theirs[2] == "830"
            theirs = (*theirs[:2], "")
        ours = (r["region"], r["subregion"], r["intermediate_region"])
        if ours != theirs:
            diff[r["m49"]] = (ours, theirs)
    assert not diff


@pytest.mark.shared_data
def test_regions_match_iom(states, iom):
    diff = {}
    for r in states:
        if r["m49"] not in iom:
            continue
        i = iom[r["m49"]]
        theirs = (
            _code(i["region_code"]),
            _code(i["subregion_code"]),
            _code(i["intregion_code"]),
        )
        ours = (r["region"], r["subregion"], r["intermediate_region"])
        if ours != theirs:
            diff[r["m49"]] = (ours, theirs)
    assert not diff


@pytest.mark.shared_data
@pytest.mark.parametrize(
    "flag,column",
    [
        ("lldc", "Land Locked Developing Countries (LLDC)"),
        ("sids", "Small Island Developing States (SIDS)"),
    ],
)
def test_lldc_sids_match_unsd(states, unsd, flag, column):
    ours = {r["m49"] for r in states if r[flag] == "1"}
    theirs = {code for code, r in unsd.items() if r[column].strip().lower() == "x"}
    assert ours == theirs, (sorted(ours - theirs), sorted(theirs - ours))


@pytest.mark.shared_data
@pytest.mark.parametrize("flag", ["lldc", "sids"])
def test_lldc_sids_match_iom(states, iom, flag):
    ours = {r["m49"] for r in states if r[flag] == "1"}
    theirs = {code for code, r in iom.items() if r[flag].strip() == "1"}
    assert ours == theirs, (sorted(ours - theirs), sorted(theirs - ours))


@pytest.mark.shared_data
def test_ldc_matches_unsd_at_its_vintage(states, group_changes, unsd):
    by_m49 = _by(states, "m49")
    ours = {by_m49[c]["iso3"] for c in unsd if by_m49[c]["iso3"]} & ldc_at(
        states, group_changes, UNSD_VINTAGE
    )
    column = "Least Developed Countries (LDC)"
    theirs = {
        r["ISO-alpha3 Code"].strip()
        for r in unsd.values()
        if r[column].strip().lower() == "x"
    }
    assert ours == theirs, (sorted(ours - theirs), sorted(theirs - ours))


@pytest.mark.shared_data
def test_ldc_matches_iom_at_its_vintage(states, group_changes, iom):
    ours = ldc_at(states, group_changes, IOM_VINTAGE)
    theirs = {r["iso3"].strip() for r in iom.values() if r["ldc"].strip() == "1"}
    assert ours == theirs, (sorted(ours - theirs), sorted(theirs - ours))
