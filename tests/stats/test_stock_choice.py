"""The rule that picks a way of choosing from the out-of-fold table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from migdev.stats.stock.backtest import _loss_se, choose_way, nested_selection


def _table(rows: list[tuple[str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["procedure", "loss", "se"])


def test_one_se_rule_prefers_the_least_free_way_within_the_noise() -> None:
    table = _table(
        [
            ("forward selection", 13.16, 0.40),
            ("top 84", 13.27, 0.38),
            ("top 20", 13.49, 0.39),
            ("best candidate", 13.50, 0.41),
        ]
    )
    # 13.27 and 13.49 lie within 13.16 + 0.40; the mean of all chooses least.
    assert choose_way(table) == "top 84"
    assert choose_way(table, rule="lowest") == "forward selection"


def test_one_se_rule_keeps_the_best_when_the_others_are_clearly_worse() -> None:
    table = _table(
        [("forward selection", 12.0, 0.2), ("top 8", 12.5, 0.2), ("top 84", 13.0, 0.2)]
    )
    assert choose_way(table) == "forward selection"
    # Among ways within the bound, a larger top-k is less free than a smaller
    # one, and the best candidate (the top 1) freer than any top-k.
    table = _table(
        [("best candidate", 12.0, 0.5), ("top 3", 12.1, 0.5), ("top 2", 12.2, 0.5)]
    )
    assert choose_way(table) == "top 3"


def test_unknown_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="rule must be one of"):
        choose_way(_table([("top 2", 1.0, 0.1)]), rule="smallest")


def _errors(ape: list[float], codes: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"location_code": codes, "ape": ape})


def test_loss_se_is_zero_without_spread_and_grows_with_it() -> None:
    codes = list(range(50))
    assert _loss_se(_errors([5.0] * 50, codes)) == 0.0
    rng = np.random.default_rng(1)
    narrow = _loss_se(_errors(list(5 + rng.normal(0, 1, 50)), codes))
    wide = _loss_se(_errors(list(5 + rng.normal(0, 10, 50)), codes))
    assert 0 < narrow < wide
    # Deterministic: the same errors give the same standard error.
    assert _loss_se(_errors([float(i) for i in codes], codes)) == _loss_se(
        _errors([float(i) for i in codes], codes)
    )


def test_nested_table_has_a_standard_error_per_way() -> None:
    rows = []
    for fold in (0, 1):
        for code in range(30):
            rows.append({"fold": fold, "location_code": code, "year": 2000 + fold})
    base = pd.DataFrame(rows)
    rng = np.random.default_rng(2)
    pooled = {}
    for i in range(3):
        frame = base.copy()
        frame["log_ratio"] = rng.normal(0, 0.1 * (i + 1), len(frame))
        frame["published"] = 100.0
        frame["estimated"] = 100.0 * np.exp(frame["log_ratio"])
        frame["ape"] = 100.0 * np.abs(np.expm1(frame["log_ratio"]))
        pooled[i] = frame
    table = nested_selection(pooled, (2, 0))
    assert (table["se"] > 0).all()
    assert choose_way(table) in set(table["procedure"])
