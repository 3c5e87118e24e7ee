"""The message catalogs are complete in the five languages other than English."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "src" / "migdev" / "locale"
LANGUAGES = ["ar", "zh_Hans", "fr", "ru", "es"]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[-+ #0]*\d*[sdif]|%[sdif]")


def _entries(path: Path):
    """(flags, msgid, [msgstr…]) for each entry of a .po file."""
    entries, flags, current, key = [], [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current:
                entries.append((flags, current))
            flags, current, key = [], {}, None
        elif line.startswith("#,"):
            flags += [f.strip() for f in line[2:].split(",")]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            current[key] = ast.literal_eval(value)
    return entries


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    problems = []
    for flags, entry in _entries(path):
        msgid = entry.get("msgid", "")
        if "fuzzy" in flags:
            problems.append(f"fuzzy: {msgid[:60]!r}")
        if not msgid:
            continue
        translations = [v for k, v in entry.items() if k.startswith("msgstr")]
        if not all(t.strip() for t in translations):
            problems.append(f"untranslated: {msgid[:60]!r}")
        wanted = sorted(set(PLACEHOLDER.findall(msgid + entry.get("msgid_plural", ""))))
        for t in translations:
            named = sorted(set(PLACEHOLDER.findall(t)))
            if [p for p in named if p.startswith("%(")] != [
                p for p in wanted if p.startswith("%(")
            ] and "msgid_plural" not in entry:
                problems.append(f"placeholders differ: {msgid[:60]!r}")
    assert not problems, f"{language}: {len(problems)} problem(s):\n" + "\n".join(
        problems[:30]
    )


@pytest.mark.skipif(
    not shutil.which("msgfmt"), reason="gettext's msgfmt is not installed"
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_compiles_cleanly(language, tmp_path):
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "x.mo"), str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
