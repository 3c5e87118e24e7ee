"""Shares as the pages, the API and the files print them.

One rule for every place a percentage is shown: ``count / base`` times 100,
rounded half-up to one decimal (3 of 64 is 4.7 %, 13 of 14 is 92.9 %). The
division is done in decimal arithmetic, so that a share that is exactly
half-way (1 of 16 is 6.25 %) rounds up, as a reader expects, instead of
following the binary value of a float.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

DECIMALS = 1


def percent(
    count: int | None, base: int | None, decimals: int = DECIMALS
) -> Decimal | None:
    """``count`` out of ``base`` as a percentage rounded half-up to ``decimals``
    places; None when the base is missing or zero, or the count is missing.

    >>> percent(3, 64), percent(13, 14), percent(1, 16)
    (Decimal('4.7'), Decimal('92.9'), Decimal('6.3'))
    """
    if count is None or not base:
        return None
    if base < 0 or count < 0:
        raise ValueError(
            f"A share needs a non-negative count and base, got {count}/{base}."
        )
    exact = Decimal(count) * 100 / Decimal(base)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
