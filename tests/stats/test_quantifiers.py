"""Tests of migdev.stats.quantifiers: the phrases of A/63/265 ¶22 and the rules."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from migdev.stats.quantifiers import (
    FRACTION_TOLERANCE,
    LANGUAGES,
    RULES,
    describe,
    number_word,
    quantify,
    rule_rows,
)

# The phrases come from the message catalogs, read once on first use: read
# them now, not inside an example that hypothesis times against its deadline.
quantify(1, 2)

# -------------------------------------------------------------- A/63/265, ¶22


def test_61_of_64_is_almost_all() -> None:
    """¶22: almost all of the 64 replies saw the Forum as a useful outcome."""
    q = quantify(61, 64)
    assert q.key == "almost_all"
    assert q.phrases == {
        "ar": "جميعها تقريبا",
        "zh-hans": "几乎所有",
        "en": "almost all",
        "fr": "presque tous",
        "ru": "почти все",
        "es": "casi todos",
    }


def test_3_of_64_is_only_three() -> None:
    """¶22: only three gave no view or did not see the Forum as an outcome."""
    q = quantify(3, 64)
    assert q.key == "only_n"
    assert q.phrases == {
        "ar": "ثلاث فقط",
        "zh-hans": "只有三个",
        "en": "only three",
        "fr": "trois seulement",
        "ru": "только три",
        "es": "solo tres",
    }


def test_11_of_64_is_one_sixth() -> None:
    """¶22: one sixth thought the Forum should be the sole follow-up."""
    q = quantify(11, 64, lang="zh")
    assert q.key == "one_sixth"
    assert q.phrase == "六分之一"
    assert q.fraction == Fraction(1, 6)
    assert str(q) == "六分之一"


# ---------------------------------------------------------------- table cases


@pytest.mark.parametrize(
    ("count", "base", "key", "en"),
    [
        (0, 64, "none", "none"),
        (64, 64, "all", "all"),
        (1, 1, "all", "all"),
        (3, 7, "three", "three"),
        (1, 64, "only_n", "only one"),
        (2, 64, "only_n", "only two"),
        (32, 64, "half", "half"),
        (33, 64, "about_half", "about half"),
        (48, 64, "three_quarters", "three quarters"),
        (43, 64, "two_thirds", "two thirds"),
        (21, 64, "one_third", "one third"),
        (16, 64, "a_quarter", "a quarter"),
        (13, 64, "one_fifth", "one fifth"),
        (55, 64, "most", "most"),
        (38, 64, "a_majority", "a majority"),
        (27, 64, "many", "many"),
        (10, 64, "one_sixth", "one sixth"),
        (18, 100, "some", "some"),
        (7, 64, "several", "several"),
        (5, 64, "a_few", "a few"),
        (58, 64, "almost_all", "almost all"),
    ],
)
def test_rule_table(count: int, base: int, key: str, en: str) -> None:
    q = quantify(count, base)
    assert (q.key, q.phrase) == (key, en)
    assert q.share == count / base


def test_only_one_in_french_is_un_seul() -> None:
    assert describe(1, 64, "fr") == "un seul"


@pytest.mark.parametrize(("count", "base"), [(1, 10), (2, 20), (1, 12), (2, 15)])
def test_one_or_two_are_never_several(count: int, base: int) -> None:
    """1 of 10 and 2 of 20 gave "several"; a report says "only one"."""
    q = quantify(count, base)
    assert q.key == "only_n"
    assert q.phrase == f"only {number_word(count)}"


def test_10_of_64_reads_as_one_sixth_as_the_report_would() -> None:
    assert quantify(10, 64).key == "one_sixth"
    assert describe(10, 64, "zh-hans") == "六分之一"


def test_most_is_the_reports_word() -> None:
    """A/63/265 ¶21: 大部分答卷人 ("most respondents")."""
    assert quantify(55, 64).key == "most"
    assert [describe(55, 64, code) for code in LANGUAGES] == [
        "معظمها",
        "大部分",
        "most",
        "la plupart",
        "большая часть",
        "la mayoría",
    ]


def test_russian_agrees_with_the_neuter_gosudarstvo() -> None:
    assert describe(0, 64, "ru") == "ни одно"
    assert describe(1, 64, "ru") == "только одно"
    assert describe(1, 5, "ru") == "одно"
    assert describe(2, 64, "ru") == "только два"


def test_arabic_none_is_not_nobody() -> None:
    """«لا أحد» means "nobody" (people); States take the feminine «ولا واحدة»."""
    assert describe(0, 64, "ar") == "ولا واحدة"
    assert "أحد" not in describe(0, 64, "ar")


def test_phrases_come_from_the_message_catalogs() -> None:
    """The catalogs are the phrases' one source: every phrase is a catalog
    entry (context "quantifier") whose translation is what quantify() says."""
    from pathlib import Path

    from babel.messages.pofile import read_po

    from migdev import languages

    locale = Path(languages.__file__).parent / "locale"
    cases = [(0, 64), (1, 64), (3, 64), (11, 64), (55, 64), (61, 64), (64, 64)]
    for language in languages.LANGUAGES:
        if language.code == "en":
            continue
        path = locale / language.locale / "LC_MESSAGES" / "django.po"
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for count, base in cases:
            english = describe(count, base, "en")
            translated = describe(count, base, language.code)
            if english.startswith("only ") and count > 1:
                continue  # "only {n}" with the number word
            entry = catalog.get(english, context="quantifier")
            assert entry is not None and not entry.fuzzy, (language.code, english)
            assert entry.string == translated, (language.code, english)


def test_count_style() -> None:
    q = quantify(61, 64, style="count", lang="zh")
    assert q.key == "n_of_base"
    assert q.phrase == "64个中的61个"
    assert q.phrases["en"] == "61 of 64"
    assert q.phrases["fr"] == "61 sur 64"


@pytest.mark.parametrize(
    ("n", "lang", "word"),
    [
        (3, "en", "three"),
        (3, "fr", "trois"),
        (3, "es", "tres"),
        (3, "ru", "три"),
        (3, "zh", "三个"),
        (1, "ru", "одно"),
        (1, "ar", "واحدة"),
        (3, "ar", "ثلاث"),
        (2, "zh", "两个"),
        (10, "en", "ten"),
        (11, "en", "11"),
        (11, "zh", "11个"),
    ],
)
def test_number_word(n: int, lang: str, word: str) -> None:
    assert number_word(n, lang) == word  # type: ignore[arg-type]


def test_every_phrase_in_six_languages() -> None:
    for base in (1, 5, 9, 10, 64, 193):
        for count in range(base + 1):
            q = quantify(count, base)
            assert set(q.phrases) == set(LANGUAGES)
            assert all(q.phrases.values())


def test_rule_rows_list_the_table_in_order() -> None:
    rows = rule_rows("fr")
    assert [r.order for r in rows] == list(range(1, len(RULES) + 1))
    assert [r.key for r in rows] == [r.key for r in RULES]
    assert rows[3].phrase == "presque tous"
    assert next(r for r in rows if r.key == "only_n").phrase == "trois seulement"


@pytest.mark.parametrize(
    ("count", "base", "error"),
    [
        (1, 0, ValueError),
        (5, 4, ValueError),
        (-1, 4, ValueError),
        (1.5, 4, TypeError),
        (True, 4, TypeError),
    ],
)
def test_invalid_input(count: object, base: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        quantify(count, base)  # type: ignore[arg-type]


def test_invalid_lang_style_and_tolerance() -> None:
    with pytest.raises(ValueError, match="use one of ar, zh-hans"):
        quantify(1, 2, lang="de")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="style"):
        quantify(1, 2, style="vague")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="tolerance"):
        quantify(1, 2, tolerance=0.5)


def test_numpy_integers_are_accepted() -> None:
    np = pytest.importorskip("numpy")
    assert quantify(np.int64(61), np.int64(64)).key == "almost_all"


# ------------------------------------------------------------------ invariants

counts_and_bases = st.integers(min_value=1, max_value=2000).flatmap(
    lambda base: st.tuples(st.integers(min_value=0, max_value=base), st.just(base))
)

MAJORITY_KEYS = {"a_majority", "most", "almost_all", "all"}
# Vague quantifiers in increasing order; fraction phrases stand apart.
VAGUE_RANK = {
    "none": 0,
    "only_n": 1,
    "a_few": 1,
    "several": 2,
    "some": 3,
    "many": 4,
    "a_majority": 5,
    "most": 6,
    "almost_all": 7,
    "all": 8,
}


@given(counts_and_bases)
def test_all_only_when_count_is_base(case: tuple[int, int]) -> None:
    count, base = case
    assert (quantify(count, base).key == "all") == (count == base)


@given(counts_and_bases)
def test_none_iff_zero(case: tuple[int, int]) -> None:
    count, base = case
    assert (quantify(count, base).key == "none") == (count == 0)


@given(counts_and_bases)
def test_majority_only_if_more_than_half(case: tuple[int, int]) -> None:
    count, base = case
    if quantify(count, base).key in MAJORITY_KEYS:
        assert count * 2 > base


@given(counts_and_bases, st.floats(min_value=0, max_value=0.2))
def test_fraction_phrases_are_within_tolerance(
    case: tuple[int, int], tolerance: float
) -> None:
    count, base = case
    q = quantify(count, base, tolerance=tolerance)
    if q.fraction is not None:
        assert abs(count / base - q.fraction) <= q.fraction * tolerance + 1e-12


@given(counts_and_bases)
def test_default_tolerance(case: tuple[int, int]) -> None:
    count, base = case
    q = quantify(count, base)
    if q.fraction is not None:
        assert abs(count / base - q.fraction) <= q.fraction * FRACTION_TOLERANCE + 1e-12


@given(st.integers(min_value=10, max_value=2000), st.data())
def test_vague_quantifiers_are_monotone(base: int, data: st.DataObject) -> None:
    a = data.draw(st.integers(min_value=0, max_value=base))
    b = data.draw(st.integers(min_value=a, max_value=base))
    qa, qb = quantify(a, base), quantify(b, base)
    if qa.key in VAGUE_RANK and qb.key in VAGUE_RANK:
        assert VAGUE_RANK[qa.key] <= VAGUE_RANK[qb.key]


@given(counts_and_bases)
def test_deterministic(case: tuple[int, int]) -> None:
    count, base = case
    assert quantify(count, base) == quantify(count, base)
