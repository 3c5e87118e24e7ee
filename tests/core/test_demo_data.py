"""The demo content is data, read by one loader (migdev.core.demo_data)."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from migdev.core import demo_data as loader
from migdev.core.demo_data import DemoDataError, demo_data
from migdev.core.i18n import LocalizedText

SRC = Path(__file__).resolve().parents[2] / "src" / "migdev"
#: A demo module keeps the steps; what it loads (texts, names, dates) is in
#: its app's demo_data/ files. Before, the analysis demo alone held 22,511
#: characters of literals.
MAX_LITERAL_CHARACTERS = 2_500


@pytest.fixture
def package(tmp_path, monkeypatch, request):
    """A throwaway package (named after the test) with a demo_data folder."""
    name = f"demo_pkg_{request.node.name.removeprefix('test_')}"
    (tmp_path / name / "demo_data").mkdir(parents=True)
    (tmp_path / name / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name, tmp_path / name / "demo_data"


def test_reads_yaml_with_six_language_texts_and_dates(package):
    name, folder = package
    (folder / "event.yaml").write_text(
        "title: !text\n  en: Dialogue\n  zh-hans: 对话\n"
        "day: 2008-04-30\ntime: 2008-03-18 14:00:00+00:00\n",
        encoding="utf-8",
    )
    data = demo_data(name, "event")
    assert isinstance(data["title"], LocalizedText)
    assert data["title"].get_text("zh-hans") == "对话"
    assert data["day"] == dt.date(2008, 4, 30)
    assert data["time"] == dt.datetime(2008, 3, 18, 14, tzinfo=dt.UTC)


def test_a_text_in_an_unknown_language_names_file_and_line(package):
    name, folder = package
    (folder / "bad.yaml").write_text("a: 1\ntitle: !text\n  en: X\n  zh: Y\n")
    with pytest.raises(DemoDataError, match=r"bad\.yaml, line 4: !text has 'zh'"):
        demo_data(name, "bad")


def test_malformed_or_missing_files_are_named(package):
    name, folder = package
    (folder / "broken.yaml").write_text("a: [1, 2\n")
    with pytest.raises(DemoDataError, match=r"broken\.yaml: not valid YAML"):
        demo_data(name, "broken")
    with pytest.raises(DemoDataError, match=r"absent\.yaml: no such demo data"):
        demo_data(name, "absent")


def test_no_arbitrary_objects(package):
    name, folder = package
    (folder / "unsafe.yaml").write_text("x: !!python/object/apply:os.getcwd []\n")
    with pytest.raises(DemoDataError, match=r"unsafe\.yaml"):
        demo_data(name, "unsafe")


def _literal_characters(path: Path) -> int:
    """Characters of string literals in a module, docstrings aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return sum(
        len(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    )


def test_demo_modules_hold_steps_not_content():
    modules = [
        path
        for path in SRC.rglob("demo.py")
        if "management" not in path.parts  # the `migdev demo` command
    ]
    assert len(modules) >= 5
    heavy = {
        str(path.relative_to(SRC)): chars
        for path in modules
        if (chars := _literal_characters(path)) > MAX_LITERAL_CHARACTERS
    }
    assert heavy == {}, (
        "Demo content belongs in the app's demo_data/*.yaml, read with "
        "migdev.core.demo_data.demo_data (docs/architecture.md)."
    )


def test_every_demo_data_file_loads():
    files = sorted(SRC.rglob(f"{loader.FOLDER}/*.yaml"))
    assert len(files) >= 5
    for path in files:
        package = ".".join(
            ("migdev", *path.parent.parent.relative_to(SRC).parts),
        )
        assert demo_data(package, path.stem) is not None, path
