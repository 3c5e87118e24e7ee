"""Fields: what ``{{ name args }}`` in a report template stands for.

Every field is a resolver registered under its name with the arguments it
takes. A resolver reads a module's public selectors (never its models) and
returns a :class:`Value` with its :class:`Provenance`: which selector, with
which arguments, over which records or release. The resolvers of each module
are in ``migdev.reports.sources``.

A resolver raises :class:`FieldError` with a message for the secretariat when
the data does not exist ("no campaign hld-2009", "no data before 18 March
2008"); the build adds the block and the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from migdev.core.errors import BadInput


class FieldError(ValueError):
    """A field that cannot be filled; the message says why."""


@dataclass(frozen=True)
class Provenance:
    """Where a value comes from: the selector (``query``), its arguments, the
    release and the records it counted."""

    query: str
    args: dict[str, str]
    records: tuple[str, ...] = ()
    release: str = ""
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "args": self.args,
            "records": list(self.records),
            "release": self.release,
            "note": self.note,
        }


@dataclass(frozen=True)
class Value:
    """A filled field. ``kind``: number, text, date, list, figure, table.

    ``data`` is what was read (an int, a date, a list of names…), ``text``
    the value written in the report's language, ``comparable`` what a
    comparison of two builds compares (JSON)."""

    kind: str
    text: str
    comparable: Any
    provenance: Provenance
    image_png: bytes = b""
    image_svg: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    header: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    """What a build is made for: its language, its day and its reader."""

    language: str
    as_of: dt.date
    user: Any = None
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, hash=False)

    def remember(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per build for ``key`` (a tally read by ten fields)."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def day(self, given: str | None, default: dt.date | None = None) -> dt.date:
        """The day a field asks for, never after the build's day: data "as
        of 15 July 2008" in a build as of 30 June is the data of 30 June."""
        if given:
            try:
                day = dt.date.fromisoformat(given)
            except ValueError as exc:
                raise FieldError(
                    f"{given!r} is not a date: write it as YYYY-MM-DD"
                ) from exc
        else:
            day = default or self.as_of
        return min(day, self.as_of)


Resolver = Callable[..., Value]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    resolver: Resolver
    args: tuple[str, ...]
    required: tuple[str, ...]
    help: str
    block_kinds: tuple[str, ...] = ()
    examples: tuple[str, ...] = field(default_factory=tuple)


_FIELDS: dict[str, FieldSpec] = {}


def register(
    name: str,
    *,
    args: tuple[str, ...] = (),
    required: tuple[str, ...] = (),
    help: str = "",
    block_kinds: tuple[str, ...] = (),
) -> Callable[[Resolver], Resolver]:
    """Register ``resolver(ctx, **args) -> Value`` as the field ``name``.
    ``block_kinds``: where its value may stand (a figure in a figure block)."""

    def decorate(resolver: Resolver) -> Resolver:
        _FIELDS[name] = FieldSpec(
            name, resolver, tuple(args), tuple(required), help, tuple(block_kinds)
        )
        return resolver

    return decorate


def specs() -> list[FieldSpec]:
    """The registered fields, by name (the editor's list)."""
    _load_sources()
    return [_FIELDS[k] for k in sorted(_FIELDS)]


def spec(name: str) -> FieldSpec:
    _load_sources()
    try:
        return _FIELDS[name]
    except KeyError:
        close = [k for k in _FIELDS if k.split(".")[-1] == name.split(".")[-1]]
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise FieldError(f"there is no field {name}{hint}") from None


def resolve(name: str, args: dict[str, str], ctx: Context, block_kind: str) -> Value:
    """The value of one field, or :class:`FieldError`. Every field also takes
    ``cap=yes``: a capital first letter, at the start of a sentence."""
    field_spec = spec(name)
    args = dict(args)
    capitalize = args.pop("cap", "") == "yes"
    unknown = sorted(set(args) - set(field_spec.args))
    if unknown:
        allowed = ", ".join(field_spec.args) or "none"
        raise FieldError(
            f"the field {name} takes no argument {unknown[0]} (it takes: {allowed})"
        )
    missing = [a for a in field_spec.required if not args.get(a)]
    if missing:
        raise FieldError(f"the field {name} needs the argument {missing[0]}")
    if field_spec.block_kinds and block_kind not in field_spec.block_kinds:
        raise FieldError(
            f"the field {name} stands in a [{field_spec.block_kinds[0]}] block, "
            f"not in a [{block_kind}] block"
        )
    try:
        value = field_spec.resolver(ctx, **args)
    except BadInput as exc:
        raise FieldError(exc.message) from exc
    if value.kind in ("figure", "table") and block_kind not in ("figure", "table"):
        raise FieldError(
            f"the field {name} is a {value.kind}: put it in a [{value.kind}] block"
        )
    if capitalize and value.text:
        # At the start of a sentence: "Almost all", "Только три".
        value = replace(value, text=value.text[0].upper() + value.text[1:])
    return value


_LOADED = False


def _load_sources() -> None:
    """Import the resolvers (they register themselves)."""
    global _LOADED
    if not _LOADED:
        from migdev.reports import sources  # noqa: F401

        _LOADED = True
