"""The XLSForm `relevant` subset: parsing, evaluation and errors that name the position."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from migdev.consultation.questionnaires.conditions import (
    ConditionError,
    is_relevant,
    parse_condition,
    referenced_names,
)


@pytest.mark.parametrize(
    ("expression", "answers", "expected"),
    [
        ("", {}, True),
        ("   ", {}, True),
        ("${a} = 'yes'", {"a": "yes"}, True),
        ("${a} = 'yes'", {"a": "no"}, False),
        ("${a} = 'yes'", {}, False),
        ('${a} = "yes"', {"a": "yes"}, True),
        ("${a} != 'yes'", {"a": "no"}, True),
        ("${a} != 'yes'", {}, True),
        ("${a} = ''", {}, True),
        ("${a} = ''", {"a": None}, True),
        ("${a} = ''", {"a": "x"}, False),
        ("${a} != ''", {"a": "x"}, True),
        ("${a} != ''", {"a": []}, False),
        ("${n} > 3", {"n": 4}, True),
        ("${n} > 3", {"n": 3}, False),
        ("${n} >= 3", {"n": 3}, True),
        ("${n} < 3.5", {"n": Decimal("3.4")}, True),
        ("${n} <= 3", {"n": "3"}, True),
        ("${n} > 3", {}, False),
        ("${n} < 3", {}, False),
        ("${n} > 3", {"n": "many"}, False),
        ("${n} = 3", {"n": 3}, True),
        ("${n} = 3", {"n": "3.0"}, True),
        ("${n} != 3", {}, True),
        ("${n} > -1", {"n": 0}, True),
        ("${d} >= '2008-03-18'", {"d": "2008-04-30"}, True),
        ("${d} >= '2008-03-18'", {"d": dt.date(2008, 3, 17)}, False),
        ("${d} < '2008-03-18'", {"d": dt.date(2008, 3, 17)}, True),
        ("${d} = '2008-03-18'", {"d": dt.date(2008, 3, 18)}, True),
        ("${d} > ${e}", {"d": "2008-05-01", "e": "2008-04-30"}, True),
        ("selected(${m}, 'ga')", {"m": ["ga", "regional"]}, True),
        ("selected(${m}, 'ga')", {"m": "regional ga"}, True),
        ("selected(${m}, 'ga')", {"m": ["regional"]}, False),
        ("selected(${m}, 'ga')", {}, False),
        ("selected( ${m} , 'ga' )", {"m": "ga"}, True),
        ("count-selected(${m}) >= 2", {"m": ["a", "b"]}, True),
        ("count-selected(${m}) >= 2", {"m": ["a"]}, False),
        ("${a} = 'yes' and ${b} = 'no'", {"a": "yes", "b": "no"}, True),
        ("${a} = 'yes' and ${b} = 'no'", {"a": "yes", "b": "yes"}, False),
        ("${a} = 'yes' or ${b} = 'no'", {"a": "no", "b": "no"}, True),
        ("${a} = 'yes' AND ${b} = 'no'", {"a": "yes", "b": "no"}, True),
        # and binds tighter than or
        ("${a} = '1' or ${b} = '1' and ${c} = '1'", {"a": "1"}, True),
        ("(${a} = '1' or ${b} = '1') and ${c} = '1'", {"a": "1"}, False),
        ("not(${a} = 'yes')", {"a": "no"}, True),
        ("not(${a} = 'yes')", {"a": "yes"}, False),
        ("not(selected(${m}, 'x')) and ${a} != ''", {"m": ["y"], "a": "1"}, True),
        ("${a}", {"a": "anything"}, True),
        ("${a}", {}, False),
        ("${yn} = 'yes'", {"yn": True}, True),
    ],
)
def test_is_relevant(expression, answers, expected):
    assert is_relevant(expression, answers) is expected


@pytest.mark.parametrize(
    ("expression", "position", "fragment"),
    [
        ("${a} = ", 8, "ends too early"),
        ("${a = 'x'", 1, "no closing '}'"),
        ("${a} = 'x", 8, "is not closed"),
        ("${a} == 'x'", 7, "found '='"),
        ("${a} = 'x' and", 15, "ends too early"),
        ("${a} = 'x' ${b}", 12, "found 'b'"),
        ("(${a} = 'x'", 12, "expected ')'"),
        ("${a} = 'x')", 11, "found ')'"),
        ("${a} = 'x' & ${b}", 12, "Unexpected character '&'"),
        ("${a} = yes", 8, "Unknown word 'yes'"),
        ("selected(${a})", 14, "Expected ','"),
        ("selected('a', 'b')", 10, "a question ${name}"),
        ("$a = 'x'", 1, "Expected '${'"),
        ("${1a} = 'x'", 1, "not a valid question name"),
        ("${a} = 'x' = 'y'", 12, "found '='"),
        ("eval(${a})", 1, "Unknown word 'eval'"),
    ],
)
def test_malformed_conditions_name_the_position(expression, position, fragment):
    with pytest.raises(ConditionError) as info:
        parse_condition(expression)
    assert info.value.position == position
    assert f"character {position}" in str(info.value)
    assert fragment in str(info.value)
    assert isinstance(info.value, ValueError)


def test_referenced_names():
    assert referenced_names("${a} = 'x' or selected(${b}, 'y') and not(${c} > 2)") == {
        "a",
        "b",
        "c",
    }
    assert referenced_names("") == set()


def test_parsed_condition_is_reusable_and_cached():
    condition = parse_condition("${a} = 'yes'")
    assert condition({"a": "yes"}) and not condition({"a": "no"})
    assert parse_condition("${a} = 'yes'") is condition
    assert condition.names == frozenset({"a"})


@given(st.text(max_size=40))
def test_any_text_either_parses_or_raises_condition_error(text):
    try:
        condition = parse_condition(text)
    except ConditionError as error:
        assert 1 <= error.position <= len(text) + 1
    else:
        assert condition({}) in (True, False)
