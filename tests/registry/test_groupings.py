"""The grouping codes the platform knows by name (``registry.groupings``) are
the registry's own, and no module spells them again."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from migdev.registry import groupings
from migdev.registry.models import Grouping

SRC = Path(__file__).resolve().parents[2] / "src" / "migdev"


@pytest.mark.django_db
def test_the_named_codes_are_the_registrys_groupings():
    regions = list(
        Grouping.objects.filter(kind=Grouping.Kind.REGION).values_list(
            "code", flat=True
        )
    )
    # Every M49 region, in the registry's order (Africa … Oceania).
    assert tuple(regions) == groupings.REGIONS
    kinds = dict(Grouping.objects.values_list("code", "kind"))
    assert kinds[groupings.WORLD] == Grouping.Kind.WORLD
    for code in (*groupings.DEVELOPMENT_GROUPS, groupings.LESS_DEVELOPED_EXCL_LDC):
        assert kinds[code] == Grouping.Kind.DEVELOPMENT_GROUP, code
    for code in (groupings.UN_MEMBERS, groupings.UN_OBSERVERS):
        assert kinds[code] == Grouping.Kind.MEMBERSHIP, code
    assert {groupings.LLDC, groupings.SIDS} <= set(kinds)
    for code in groupings.MORE_DEVELOPED_REGIONS:
        assert kinds[code] in (Grouping.Kind.REGION, Grouping.Kind.SUBREGION), code


def _tuples_of_region_codes(path: Path) -> list[int]:
    """Lines where a literal tuple, list or set (or the keys of a literal
    dict) holds two or more of the M49 region codes."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Tuple | ast.List | ast.Set | ast.Dict):
            elements = node.keys if isinstance(node, ast.Dict) else node.elts
            values = {
                e.value
                for e in elements
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            }
            if len(values & set(groupings.REGIONS)) >= 2:
                lines.append(node.lineno)
    return lines


def test_no_module_spells_the_regions_again():
    found = {
        str(path.relative_to(SRC)): lines
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts
        and path != SRC / "registry" / "groupings.py"
        and (lines := _tuples_of_region_codes(path))
    }
    assert found == {}
