"""Tests of migdev.stats.worldmap: the response map of A/63/265 (¶21, figure)."""

from __future__ import annotations

import csv
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import migdev
from migdev.stats.worldmap import (
    DISCLAIMER,
    NON_RECIPIENT_FILL,
    NOT_REPLIED_FILL,
    REPLIED_FILL,
    SEA_FILL,
    map_codes,
    response_map_png,
    response_map_svg,
    small_states,
)

SVG = "{http://www.w3.org/2000/svg}"

# The 193 Member States of the United Nations, written out here on their own
# so the module's list is checked against an independent one.
UN_MEMBERS = """
AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI
CV KH CM CA CF TD CL CN CO KM CG CR CI HR CU CY CZ KP CD DK DJ DM DO EC EG SV GQ ER
EE SZ ET FJ FI FR GA GM GE DE GH GR GD GT GN GW GY HT HN HU IS IN ID IR IQ IE IL IT
JM JP JO KZ KE KI KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX FM
MC MN ME MA MZ MM NA NR NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA KR
MD RO RU RW KN LC VC WS SM ST SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH
SY TJ TH TL TG TO TT TN TR TM TV UG UA AE GB TZ US UY UZ VU VE VN YE ZM ZW
""".split()


def _registry_states() -> dict[str, set[str]]:
    """Alpha-2 codes by status in the registry's reference table (read as a
    file: no Django here), as the registry's ``states_on`` gives them."""
    table = Path(migdev.__file__).parent / "registry" / "data" / "states.csv"
    with table.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_status: dict[str, set[str]] = {}
    for row in rows:
        by_status.setdefault(row["status"], set()).add(row["iso2"])
    return by_status


_BY_STATUS = _registry_states()
#: The recipients of A/63/265 fn 1 today: the Member States and observer States.
RECIPIENTS = _BY_STATUS["member"] | _BY_STATUS["observer"]

# An illustrative set of 64 replies (the report does not list the States).
REPLIED = UN_MEMBERS[::3][:64]


def _areas(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {
        g.get("class", "").split()[0]: g
        for g in root.iter(f"{SVG}g")
        if "map-element" in g.get("class", "").split()
    }


def _fill(area: ET.Element) -> str:
    style = dict(
        item.split(":", 1) for item in area.get("style", "").split(";") if item
    )
    assert style["fill-opacity"] == "1"
    return style["fill"]


def _texts(svg: str) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter(f"{SVG}text"))


@pytest.fixture(scope="module")
def svg_en() -> str:
    return response_map_svg(REPLIED, recipients=RECIPIENTS)


def test_un_members_list_is_193_distinct_codes() -> None:
    assert len(UN_MEMBERS) == len(set(UN_MEMBERS)) == 193


def test_the_registry_table_has_the_independent_members_and_observers() -> None:
    """The registry's reference table, which the map is drawn from, has the
    193 Member States and the two observer States."""
    assert _BY_STATUS["member"] == set(UN_MEMBERS)
    assert _BY_STATUS["observer"] == {"VA", "PS"}
    assert RECIPIENTS == set(UN_MEMBERS) | {"VA", "PS"}


def test_the_module_holds_no_list_of_states() -> None:
    """Who is a Member State is the registry's to say, not the map's."""
    import migdev.stats.worldmap as worldmap

    for name in ("MEMBER_STATES", "OBSERVER_STATES", "DEFAULT_RECIPIENTS"):
        assert not hasattr(worldmap, name), name
    with pytest.raises(TypeError, match="recipients"):
        response_map_svg(["FR"])  # type: ignore[call-arg]


def test_every_member_and_observer_state_is_on_the_map() -> None:
    missing = (set(UN_MEMBERS) | {"VA", "PS"}) - map_codes()
    assert not missing


def test_exactly_the_replied_states_are_gray(svg_en: str) -> None:
    fills = {code: _fill(area) for code, area in _areas(svg_en).items()}
    gray = {code.upper() for code, fill in fills.items() if fill == REPLIED_FILL}
    assert gray == set(REPLIED)


def test_recipients_that_did_not_reply_are_white(svg_en: str) -> None:
    fills = {code.upper(): _fill(area) for code, area in _areas(svg_en).items()}
    recipients = set(UN_MEMBERS) | {"VA", "PS"}
    white = {code for code, fill in fills.items() if fill == NOT_REPLIED_FILL}
    assert white == recipients - set(REPLIED)
    others = {code for code, fill in fills.items() if fill == NON_RECIPIENT_FILL}
    assert others == map_codes() - recipients
    assert {"GL", "AQ", "EH"} <= others


def test_explicit_recipients_and_case_insensitive_codes() -> None:
    svg = response_map_svg(["fr", "De"], recipients=["FR", "de", "it"])
    fills = {code: _fill(area) for code, area in _areas(svg).items()}
    assert fills["fr"] == fills["de"] == REPLIED_FILL
    assert fills["it"] == NOT_REPLIED_FILL
    assert fills["es"] == NON_RECIPIENT_FILL


def test_legend_names_the_classes(svg_en: str) -> None:
    texts = [t.text for t in _texts(svg_en)]
    assert "Replied" in texts
    assert "No reply" in texts
    assert "Not sent the questionnaire" in texts


def test_unknown_code_raises_naming_it() -> None:
    with pytest.raises(ValueError, match="XX"):
        response_map_svg(["FR", "XX"], recipients=RECIPIENTS)
    with pytest.raises(ValueError, match="ZZ"):
        response_map_svg(["FR"], recipients=["FR", "ZZ"])
    with pytest.raises(ValueError, match="QQ"):
        small_states(["QQ"])


def test_a_reply_from_a_non_recipient_raises() -> None:
    with pytest.raises(ValueError, match="GL"):
        response_map_svg(["GL"], recipients=RECIPIENTS)


def test_a_single_string_is_refused() -> None:
    with pytest.raises(TypeError, match="iterable"):
        response_map_svg("FR", recipients=RECIPIENTS)


@pytest.mark.parametrize("lang", ["ar", "zh", "en", "fr", "ru", "es"])
def test_disclaimer_in_the_language(lang: str) -> None:
    svg = response_map_svg(REPLIED, lang=lang, recipients=RECIPIENTS)  # type: ignore[arg-type]
    expected = DISCLAIMER[lang]  # type: ignore[index]
    got = "".join(
        (t.text or "") + ("" if lang == "zh" else " ")
        for t in _texts(svg)
        if "disclaimer" in t.get("class", "")
    ).strip()
    assert got == expected
    root = ET.fromstring(svg)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang", "").startswith(lang)


def test_french_disclaimer_wording() -> None:
    assert DISCLAIMER["fr"] == (
        "Les frontières et les noms indiqués et les désignations employées sur "
        "cette carte n'impliquent pas reconnaissance ou acceptation officielle de "
        "la part de l'Organisation des Nations Unies."
    )


def test_arabic_text_is_right_to_left() -> None:
    svg = response_map_svg(REPLIED, lang="ar", recipients=RECIPIENTS)
    texts = _texts(svg)
    assert texts
    assert all(t.get("direction") == "rtl" for t in texts)
    assert any("ردت" == t.text for t in texts)


def test_latin_text_is_not_marked_rtl(svg_en: str) -> None:
    assert not any(t.get("direction") for t in _texts(svg_en))


def test_tooltips_use_the_names_given() -> None:
    svg = response_map_svg(
        ["FR"],
        lang="fr",
        names={"FR": "France", "de": "Allemagne"},
        recipients=RECIPIENTS,
    )
    areas = _areas(svg)
    # French puts a no-break space before the colon (Language.label_colon).
    assert areas["fr"].find(f"{SVG}title").text == "France\u00a0: A répondu"  # type: ignore[union-attr]
    assert areas["de"].find(f"{SVG}title").text == "Allemagne\u00a0: Pas de réponse"  # type: ignore[union-attr]


def test_title_default_custom_and_none() -> None:
    default = [
        t.text
        for t in _texts(response_map_svg(["FR"], lang="zh", recipients=RECIPIENTS))
    ]
    assert "会员国答复情况示意图（已作答复的会员国以灰色显示）" in default
    custom = [
        t.text
        for t in _texts(
            response_map_svg(["FR"], title="As of 30 June 2008", recipients=RECIPIENTS)
        )
    ]
    assert "As of 30 June 2008" in custom


def test_svg_is_standalone(svg_en: str) -> None:
    root = ET.fromstring(svg_en)
    assert root.tag == f"{SVG}svg"
    assert svg_en.startswith("<svg")
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg_en
    assert not list(root.iter(f"{SVG}script"))
    assert "http://" not in "".join(
        v for el in root.iter() for k, v in el.attrib.items() if k.endswith("href")
    )
    assert root.get("width") == "1000"


def test_small_states() -> None:
    small = small_states([*UN_MEMBERS, "VA", "PS"])
    for code in ("VA", "MC", "SM", "LI", "MT", "SG", "BH", "AD", "TV", "NR"):
        assert code in small
    for code in ("FR", "BR", "CN", "DE", "NG", "CH", "BE"):
        assert code not in small
    assert small == sorted(small)
    assert small_states(["fr"], threshold=1e9) == ["FR"]


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_png_has_the_requested_width(lang: str) -> None:
    png = response_map_png(REPLIED, lang=lang, width=800, recipients=RECIPIENTS)  # type: ignore[arg-type]
    width, height = _png_size(png)
    assert width == 800
    assert 400 < height < 600
    image_module = pytest.importorskip("PIL.Image")
    import io

    with image_module.open(io.BytesIO(png)) as image:
        assert image.size == (width, height)
        # The replied States are drawn in the flat gray itself.
        colors = {c for _, c in image.convert("RGB").getcolors(maxcolors=1 << 20)}
        assert (0x8C, 0x8C, 0x8C) in colors


def test_svg_is_small_enough_to_inline() -> None:
    """The outlines are simplified for the drawn width: at most 300 KB."""
    svg = response_map_svg(REPLIED, lang="ar", recipients=RECIPIENTS)
    assert len(svg.encode("utf-8")) <= 300_000
    # Every area is still drawn, with at least one outline or dot.
    areas = _areas(svg)
    assert set(areas) == {code.lower() for code in map_codes()}
    assert all(
        area.find(f".//{SVG}path") is not None
        or area.find(f".//{SVG}circle") is not None
        for area in areas.values()
    )


def test_simplified_outlines_keep_their_place() -> None:
    """The largest shape of every visible area stays within a pixel of the
    packaged one (islands under a pixel may go: nobody could see them)."""
    from migdev.stats.worldmap import (
        _map_elements,
        _map_root,
        _map_shapes,
        _path_rings,
        _shape_boxes,
        _simplified_map,
    )

    def largest(groups, shapes) -> dict[str, tuple[float, ...]]:
        boxes = {}
        for g, paths in zip(groups, shapes, strict=True):
            found = list(_shape_boxes(paths))
            if found:
                boxes[g.get("class", "").split()[0]] = max(
                    found, key=lambda b: (b[2] - b[0]) * (b[3] - b[1])
                )
        return boxes

    before = largest(_map_elements(_map_root()), _map_shapes())
    # The simplified map has its transforms applied: its paths are read as
    # they are.
    simplified = _map_elements(ET.fromstring(_simplified_map(1000)))
    after = largest(
        simplified,
        [
            [_path_rings(p.get("d", "")) for p in g.iter(f"{SVG}path")]
            for g in simplified
        ],
    )
    pixel = 2754 / 1000
    visible = [
        code
        for code, b in before.items()
        if (b[2] - b[0]) * (b[3] - b[1]) >= 150  # SMALL_STATE_THRESHOLD
    ]
    assert len(visible) > 150
    for code in visible:
        # ``before`` holds the curves' control points, which lie a little
        # outside the curves: the simplified shape is inside it (rounding
        # aside) and reaches to within a few pixels of its edges.
        (x0, y0, x1, y1), (a0, b0, a1, b1) = before[code], after[code]
        assert x0 - 1 <= a0 < x0 + 3 * pixel, code
        assert y0 - 1 <= b0 < y0 + 3 * pixel, code
        assert x1 - 3 * pixel < a1 <= x1 + 1, code
        assert y1 - 3 * pixel < b1 <= y1 + 1, code


def test_paths_are_read_with_their_transforms() -> None:
    """Absolute and relative commands give the same ring; a curve adds its
    midpoint; a group's and a path's transforms both apply."""
    from migdev.stats.worldmap import _map_shapes, _path_rings, _paths_in

    assert _path_rings("M0 0 L10 0 L10 10 Z") == _path_rings("m0 0 l10 0 0 10z")
    assert _path_rings("M0 0 h10 v10 z m20 20 l1 1") == [
        [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)],
        [(20.0, 20.0), (21.0, 21.0)],
    ]
    assert _path_rings("M0 0 C0 10 10 10 10 0") == [
        [(0.0, 0.0), (5.0, 7.5), (10.0, 0.0)]
    ]
    group = ET.fromstring(
        f'<g xmlns="{SVG[1:-1]}" transform="translate(100,0)">'
        '<path transform="matrix(2 0 0 3 0 0)" d="M1 1 L2 2"/></g>'
    )
    ((_parent, node, matrix),) = _paths_in(group, _identity())
    assert [
        (matrix.a * x + matrix.c * y + matrix.e, matrix.b * x + matrix.d * y + matrix.f)
        for x, y in _path_rings(node.get("d", ""))[0]
    ] == [(102.0, 3.0), (104.0, 6.0)]
    assert len(_map_shapes()) == 250


def _identity():  # type: ignore[no-untyped-def]
    from svgelements import Matrix

    return Matrix()


def test_no_reply_white_stands_out_from_the_sea() -> None:
    svg = response_map_svg(REPLIED, recipients=RECIPIENTS)
    assert SEA_FILL.lower() != NOT_REPLIED_FILL.lower()
    png = response_map_png(REPLIED, width=1000, recipients=RECIPIENTS)
    image_module = pytest.importorskip("PIL.Image")
    import io

    with image_module.open(io.BytesIO(png)) as image:
        rgb = image.convert("RGB")
        # The middle of the Pacific, west of South America, is sea.
        sea = rgb.getpixel((int(rgb.width * 0.08), int(rgb.height * 0.5)))
        assert sea != (255, 255, 255)
        assert sea == tuple(int(SEA_FILL[i : i + 2], 16) for i in (1, 3, 5))
    assert f"fill:{SEA_FILL}" in svg.replace(" ", "") or SEA_FILL in svg


@pytest.mark.parametrize("lang", ["ar", "zh"])
def test_png_draws_parentheses_in_every_script(lang: str) -> None:
    """Parentheses in an Arabic title are drawn, not boxes (Noto Naskh Arabic
    has none; a font further down the list does): a title of parentheses
    differs from one of characters no font has, which show as the missing
    glyph."""
    image_module = pytest.importorskip("PIL.Image")
    import io

    def title_band(title: str) -> bytes:
        png = response_map_png(
            ["FR"], lang=lang, title=title, width=600, recipients=RECIPIENTS
        )  # type: ignore[arg-type]
        with image_module.open(io.BytesIO(png)) as image:
            return image.convert("L").crop((0, 0, image.width, 30)).tobytes()

    drawn = title_band("()")
    assert drawn != title_band("\ue000\ue000")  # private use: in no font
    assert drawn == title_band("()")  # the same title, the same image


def test_modules_import_without_django() -> None:
    """The statistics core stays a library: importing it loads no Django."""
    import subprocess
    import sys

    code = (
        "import sys, migdev.stats.worldmap, migdev.stats.quantifiers; "
        "assert 'django' not in sys.modules, 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
