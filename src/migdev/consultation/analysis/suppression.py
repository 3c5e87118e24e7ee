"""Small-group hiding in the public tally: the groups with too few States
that replied (:func:`hidden_groups`) and the cells that would tell a State's
answer, with those that would let them be worked out (:func:`suppressed_cells`).
Arithmetic only: no query."""

from __future__ import annotations

from collections.abc import Sequence

from migdev.registry.groupings import LESS_DEVELOPED, MORE_DEVELOPED, REGIONS

#: A region or development group with fewer States that replied is not shown in
#: the public tally of closed questions, so that no State's answer can be read
#: off it; the secretariat sees every cell.
MIN_GROUP_RESPONDENTS = 3
#: Groups that split the respondents between them: from the count of all
#: respondents and the shown groups of one family, a hidden one could be
#: worked out, so a second is hidden with it (see :func:`hidden_groups`).
GROUP_FAMILIES: tuple[tuple[str, ...], ...] = (
    REGIONS,
    (MORE_DEVELOPED, LESS_DEVELOPED),
)

#: In a shown group of fewer States that replied, a cell where all or none of
#: them gave an answer is not shown in the public tally: the public map says
#: which States replied, so such a cell would tell each one's answer (Oceania
#: 3 of 3 "yes"). See :func:`suppressed_cells`.
SMALL_GROUP_RESPONDENTS = 10


def hidden_groups(
    respondents: dict[str, int],
    *,
    least: int = MIN_GROUP_RESPONDENTS,
    families: Sequence[Sequence[str]] = GROUP_FAMILIES,
) -> frozenset[str]:
    """The group codes whose cells the public tally hides, given the number of
    States that replied in each group.

    A group with fewer than ``least`` respondents is hidden. Since the regions,
    and the more and less developed regions, split the respondents between
    them, the column of all respondents minus the shown groups of a family
    gives the sum of its hidden ones: while the hidden groups of a family hold
    between 1 and ``least - 1`` respondents in all, the smallest shown group of
    that family is hidden too.
    """
    hidden = {code for code, n in respondents.items() if n < least}
    for family in families:
        members = [code for code in family if code in respondents]

        def hidden_sum(members: list[str] = members) -> int:
            return sum(respondents[c] for c in members if c in hidden)

        while 0 < hidden_sum() < least:
            shown = [c for c in members if c not in hidden and respondents[c] > 0]
            if not shown:
                break
            hidden.add(min(shown, key=lambda c: (respondents[c], members.index(c))))
    return frozenset(hidden)


def suppressed_cells(
    counts: dict[str, dict[str, int]],
    respondents: dict[str, int],
    *,
    single_answer: bool,
    hidden: frozenset[str] = frozenset(),
    small: int = SMALL_GROUP_RESPONDENTS,
    families: Sequence[Sequence[str]] = GROUP_FAMILIES,
) -> set[tuple[str, str]]:
    """The (row, group code) cells of one closed question that the public
    tally does not show, besides the groups of :func:`hidden_groups`.

    ``counts`` maps each row (a choice's name, ``""`` for "no answer") to its
    count per group code; ``respondents`` gives the States that replied per
    group, which the public map reveals. A row may be one answer among others
    (``single_answer``: yes/no, select_one) or not (select_multiple).

    *Primary*: in a shown group of 1 to ``small - 1`` respondents, the cell
    of an answer whose count is 0 or all of them says what each of its States
    answered (the "no answer" row is no answer: it only counts for the sums).
    *Complementary*: a hidden cell must not be worked out from what is shown.

    - along a row, the groups of a family (the regions; the more and less
      developed regions) split the column of all respondents: its hidden cells
      (and hidden groups) must be two or more, and hold between none and all
      of their States;
    - down a column, the rows of a single-answer question add up to the
      group's respondents: its hidden cells must be two or more and not all 0.

    The smallest shown group (or the smallest count) is hidden with a cell
    until both hold everywhere; the column of all respondents is never hidden.
    """
    codes = [c for c in respondents if c not in hidden]
    rows = list(counts)

    def count(row: str, code: str) -> int:
        return counts[row].get(code, 0)

    cells = {
        (row, code)
        for row in rows
        for code in codes
        # "no answer" is no answer: it only counts for the sums.
        if row != ""
        and 0 < respondents[code] < small
        and count(row, code) in (0, respondents[code])
    }
    changed = bool(cells)
    while changed:
        changed = False
        for row in rows:
            for family in families:
                members = [c for c in family if c in respondents]
                while True:
                    held = [c for c in members if (row, c) in cells or c in hidden]
                    if not held:
                        break
                    total = sum(count(row, c) for c in held)
                    base = sum(respondents[c] for c in held)
                    if len(held) >= 2 and 0 < total < base:
                        break
                    shown = [c for c in members if c not in held and respondents[c] > 0]
                    if not shown:
                        break
                    pick = min(shown, key=lambda c: (respondents[c], members.index(c)))
                    cells.add((row, pick))
                    changed = True
        if not single_answer:
            continue
        for code in codes:
            while True:
                held = [row for row in rows if (row, code) in cells]
                if not held:
                    break
                if len(held) >= 2 and sum(count(row, code) for row in held) > 0:
                    break
                shown = [row for row in rows if (row, code) not in cells]
                if not shown:
                    break
                pick = min(shown, key=lambda r: (count(r, code) == 0, count(r, code)))
                cells.add((pick, code))
                changed = True
    return cells
