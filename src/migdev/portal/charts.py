"""The figures of a profile page: each block of an area's profile
(``portal.selectors.area_profile``) as a chart drawn by ``migdev.stats.charts``,
the same numbers as a table, the release it cites and its downloads.

Only shaping here: the numbers come from the profile dict as they are, the
drawing from the stats library; titles are the indicators' names in the
language, or the phrases below.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from migdev.core.i18n import LocalizedText
from migdev.indicators.models import Indicator
from migdev.stats import charts
from migdev.stats.worldmap import format_number

#: Formats offered for each figure's numbers (the data API's downloads).
DOWNLOAD_FORMATS = ("csv", "xlsx")


@dataclass
class Figure:
    """One chart of a page with everything shown beside it."""

    key: str
    title: str
    svg: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""
    release: dict[str, Any] | None = None
    downloads: list[tuple[str, str]] = field(default_factory=list)


def with_year(title: str, year: str) -> str:
    """ "International migrants, 2020" as the active language writes it."""
    return pgettext("title and year", "%(title)s, %(year)s") % {
        "title": title,
        "year": year,
    }


def indicator_names(language: str) -> dict[str, str]:
    """Every indicator's name in ``language``, by code."""
    return {
        code: LocalizedText(name).get_text(language)
        for code, name in Indicator.objects.values_list("code", "name")
    }


def data_url(language: str, fmt: str = "xlsx", **filters: str) -> str:
    """The data API's address for a download of ``filters``."""
    query = {k: v for k, v in filters.items() if v}
    return f"/api/v1/data?{urlencode({**query, 'format': fmt, 'lang': language})}"


def downloads(language: str, **filters: str) -> list[tuple[str, str]]:
    return [
        (fmt.upper(), data_url(language, fmt, **filters)) for fmt in DOWNLOAD_FORMATS
    ]


class Numbers:
    """How a page writes numbers in its language."""

    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(
        self, value: float | None, digits: int = 0, percent: bool = False
    ) -> str:
        if value is None:
            return "–"
        return format_number(value, self.language, digits=digits, percent=percent)


def profile_figures(profile: dict[str, Any], language: str) -> list[Figure]:
    """The figures of a profile, in the order the page shows them; a block
    without data gives none."""
    builder = _Builder(profile, language)
    figures: list[Figure | None] = [
        builder.stock(),
        builder.series("share_of_population", "migrant_share", percent=True, digits=1),
        builder.sex_ratio(),
        builder.series("female_share", "female_share", percent=True, digits=1),
        builder.pyramid(),
        builder.top("origins", _("Main countries of origin of immigrants")),
        builder.top("destinations", _("Main countries of destination of emigrants")),
        builder.refugees(),
        builder.remittances(),
        builder.series(
            "remittances_gdp", "remittances_received_gdp", percent=True, digits=2
        ),
        builder.costs(),
    ]
    return [f for f in figures if f is not None]


class _Builder:
    def __init__(self, profile: dict[str, Any], language: str) -> None:
        self.profile = profile
        self.language = language
        self.names = indicator_names(language)
        self.number = Numbers(language)
        self.releases = {r["identifier"]: r for r in profile.get("releases", [])}
        self.area = profile["area"]

    # -- helpers

    def _cite(self, block: dict[str, Any]) -> dict[str, Any] | None:
        return self.releases.get(block.get("release", ""))

    def _figure(
        self,
        key: str,
        title: str,
        svg: str,
        block: dict[str, Any],
        *,
        filters: dict[str, str] | None = None,
        **rest: Any,
    ) -> Figure:
        """A figure citing ``block``'s release; its numbers downloadable
        through the data API (``filters``: default, the area's values of the
        block's indicator)."""
        if filters is None:
            filters = {
                "area": self.area["key"],
                "indicator": block.get("indicator", ""),
            }
        return Figure(
            key=key,
            title=title,
            svg=svg,
            release=self._cite(block),
            downloads=downloads(self.language, **filters),
            **rest,
        )

    def _block(self, name: str) -> dict[str, Any] | None:
        block = self.profile.get(name)
        if name == "remittances_gdp":
            block = (self.profile.get("remittances") or {}).get("inflows_gdp")
        return block if block and block.get("series") else None

    # -- figures

    def stock(self) -> Figure | None:
        block = self._block("stock")
        if block is None:
            return None
        points = block["series"]
        title = self.names.get("migrant_stock", "migrant_stock")
        interval = bool(block.get("has_interval"))
        series = charts.Series(
            title,
            [p["value"] for p in points],
            low=[p.get("lower_95") for p in points] if interval else None,
            high=[p.get("upper_95") for p in points] if interval else None,
        )
        svg = charts.time_series_svg(
            [p["period"] for p in points],
            [series],
            lang=self.language,
            interval_label=_("Interval (95 %)") if interval else "",
        )
        columns = [_("Year"), _("Migrants")]
        if interval:
            columns += [_("Lower bound (95 %)"), _("Upper bound (95 %)")]
        rows = []
        for p in points:
            row = [p["period"], self.number(p["value"])]
            if interval:
                row += [self.number(p.get("lower_95")), self.number(p.get("upper_95"))]
            rows.append(row)
        note = (
            _("The shaded band is the interval (95 %) of the estimate.")
            if interval
            else ""
        )
        return self._figure(
            "stock", title, svg, block, columns=columns, rows=rows, note=note
        )

    def series(
        self, key: str, indicator: str, *, percent: bool = False, digits: int = 0
    ) -> Figure | None:
        block = self._block(key)
        if block is None:
            return None
        points = block["series"]
        title = self.names.get(indicator, indicator)
        svg = charts.time_series_svg(
            [p["period"] for p in points],
            [charts.Series(title, [p["value"] for p in points])],
            lang=self.language,
            percent=percent,
            digits=digits,
        )
        rows = [[p["period"], self.number(p["value"], digits, percent)] for p in points]
        return self._figure(
            key, title, svg, block, columns=[_("Year"), title], rows=rows
        )

    def sex_ratio(self) -> Figure | None:
        block = self.profile.get("sex_ratio")
        if not block or not block.get("series"):
            return None
        points = block["series"]
        title = _("Sex ratio of migrants (men per 100 women)")
        svg = charts.time_series_svg(
            [p["period"] for p in points],
            [charts.Series(title, [p["ratio"] for p in points])],
            lang=self.language,
            digits=1,
        )
        rows = [
            [
                p["period"],
                self.number(p["male"]),
                self.number(p["female"]),
                self.number(p["ratio"], 1),
            ]
            for p in points
        ]
        columns = [_("Year"), _("Men"), _("Women"), _("Men per 100 women")]
        return self._figure("sex_ratio", title, svg, block, columns=columns, rows=rows)

    def pyramid(self) -> Figure | None:
        block = self.profile.get("age_sex")
        if not block or not block.get("ages"):
            return None
        ages = block["ages"]
        migrants = _shares(block["migrants"]["male"], block["migrants"]["female"])
        population = block.get("population")
        whole = (
            _shares(population["male"], population["female"]) if population else None
        )
        labels = [_("Migrant men"), _("Migrant women")]
        if whole:
            labels.append(_("Whole population"))
        svg = charts.pyramid_svg(
            ages,
            men=migrants[0],
            women=migrants[1],
            population_men=whole[0] if whole else None,
            population_women=whole[1] if whole else None,
            labels=labels,
            lang=self.language,
        )
        columns = [_("Age"), _("Migrant men (%)"), _("Migrant women (%)")]
        if whole:
            columns += [_("All men (%)"), _("All women (%)")]
        rows = []
        for i, age in enumerate(ages):
            row = [age, self.number(migrants[0][i], 1), self.number(migrants[1][i], 1)]
            if whole:
                row += [self.number(whole[0][i], 1), self.number(whole[1][i], 1)]
            rows.append(row)
        title = _("Migrants and the whole population by age and sex, %(year)s") % {
            "year": block["period"]
        }
        note = _(
            "Each age group's share of all migrants (bars) and of the whole population "
            "(outline), in per cent; men to the left, women to the right."
        )
        return self._figure(
            "age_sex",
            title,
            svg,
            block,
            columns=columns,
            rows=rows,
            note=note,
            filters={
                "area": self.area["key"],
                "indicator": "migrant_stock,population",
                "year": block["period"],
            },
        )

    def top(self, key: str, title: str) -> Figure | None:
        block = self.profile.get(key)
        if not block or not block.get("items"):
            return None
        items = block["items"]
        label = self.names.get("migrant_stock", "migrant_stock")
        svg = charts.bar_svg(
            [i["name"] for i in items],
            [charts.Series(label, [i["value"] for i in items])],
            lang=self.language,
        )
        total = block.get("total") or 0
        rows = [
            [
                i["name"],
                self.number(i["value"]),
                # From the numbers, not the rounded share: no double rounding.
                self.number(100 * i["value"] / total if total else None, 1, True),
            ]
            for i in items
        ]
        columns = [_("Country or area"), _("Migrants"), _("Share of the total")]
        return self._figure(
            key,
            with_year(title, block["period"]),
            svg,
            block,
            columns=columns,
            rows=rows,
            filters={
                # Immigrants: the area's values by origin; emigrants: the
                # values whose origin is the area.
                ("area" if key == "origins" else "origin"): self.area["key"],
                "indicator": "migrant_stock",
                "year": block["period"],
            },
        )

    def refugees(self) -> Figure | None:
        block = (self.profile.get("refugees") or {}).get("count")
        if not block or not block.get("series"):
            return None
        return self._counted("refugees", "refugees", block)

    def _counted(self, key: str, indicator: str, block: dict[str, Any]) -> Figure:
        points = block["series"]
        title = self.names.get(indicator, indicator)
        svg = charts.time_series_svg(
            [p["period"] for p in points],
            [charts.Series(title, [p["value"] for p in points])],
            lang=self.language,
        )
        rows = [[p["period"], self.number(p["value"])] for p in points]
        return self._figure(
            key, title, svg, block, columns=[_("Year"), title], rows=rows
        )

    def remittances(self) -> Figure | None:
        blocks = self.profile.get("remittances") or {}
        flows = [
            (name, blocks.get(name))
            for name in ("inflows", "outflows")
            if blocks.get(name) and blocks[name].get("series")
        ]
        if not flows:
            return None
        periods = sorted({p["period"] for _n, b in flows for p in b["series"]})
        by_flow = {
            name: {p["period"]: p["value"] for p in block["series"]}
            for name, block in flows
        }
        labels = {"inflows": _("Received"), "outflows": _("Paid")}

        def millions(value: float | None) -> float | None:
            return None if value is None else value / 1e6

        svg = charts.time_series_svg(
            periods,
            [
                charts.Series(
                    labels[name], [millions(by_flow[name].get(p)) for p in periods]
                )
                for name, _b in flows
            ],
            lang=self.language,
            y_title=_("US$ millions"),
            digits=0,
        )
        rows = [
            [p, *(self.number(millions(by_flow[name].get(p)), 1) for name, _b in flows)]
            for p in periods
        ]
        columns = [
            _("Year"),
            *(f"{labels[name]} ({_('US$ millions')})" for name, _b in flows),
        ]
        indicator = ",".join(b["indicator"] for _n, b in flows)
        return self._figure(
            "remittances",
            _("Personal remittances"),
            svg,
            flows[0][1] or {},
            columns=columns,
            rows=rows,
            filters={"area": self.area["key"], "indicator": indicator},
        )

    def costs(self) -> Figure | None:
        block = self.profile.get("corridor_costs")
        if not block or not block.get("corridors"):
            return None
        name = self.area["name"]
        corridors = sorted(block["corridors"], key=lambda c: -(c["value"] or 0))
        labels = [_corridor_label(c, name) for c in corridors]
        target = block.get("target", 3.0)
        svg = charts.bar_svg(
            labels,
            [charts.Series(_("Cost"), [c["value"] for c in corridors])],
            target=(
                target,
                _("SDG target 10.c: %(target)s")
                % {"target": self.number(target, 0, True)},
            ),
            lang=self.language,
            percent=True,
            digits=1,
        )
        rows = [
            [
                label,
                c["period"],
                self.number(c["value"], 2, True),
                _("yes") if c["above_target"] else _("no"),
            ]
            for label, c in zip(labels, corridors, strict=True)
        ]
        columns = [
            _("Corridor"),
            _("Period"),
            _("Cost of sending 200 US dollars"),
            _("Above the 3 % target"),
        ]
        return self._figure(
            "corridor_costs",
            self.names.get("remittance_cost_200", "remittance_cost_200"),
            svg,
            block,
            columns=columns,
            rows=rows,
            note=_(
                "SDG target 10.c: reduce to less than 3 per cent the transaction costs "
                "of migrant remittances."
            ),
        )


def _corridor_label(corridor: dict[str, Any], area_name: str) -> str:
    """ "Origin → destination" in the active language, the arrow bound to the
    origin by a no-break space (a narrow table breaks after it, never
    before it, nor leaves it alone on a line)."""
    other = corridor["counterpart"]["name"]
    if corridor["direction"] == "receiving":
        origin, destination = other, area_name
    else:
        origin, destination = area_name, other
    label = pgettext("corridor", "%(origin)s → %(destination)s") % {
        "origin": origin,
        "destination": destination,
    }
    return label.replace(" →", "\u00a0→").replace(" ←", "\u00a0←")


def _shares(
    male: Sequence[float | None], female: Sequence[float | None]
) -> tuple[list[float], list[float]]:
    """Each age-sex group's share, in per cent, of the total of both."""
    total = sum(v for v in (*male, *female) if v is not None)

    def share(value: float | None) -> float:
        return 0.0 if value is None or not total else 100.0 * value / total

    return [share(v) for v in male], [share(v) for v in female]


def comparison_figure(
    key: str,
    title: str,
    periods: Sequence[str],
    series: Sequence[tuple[str, dict[str, float | None]]],
    *,
    language: str,
    percent: bool,
    digits: int,
    downloads: list[tuple[str, str]],
) -> Figure:
    """A chart of one indicator for several areas over time, and its table."""
    number = Numbers(language)
    svg = charts.time_series_svg(
        list(periods),
        [
            charts.Series(name, [values.get(p) for p in periods])
            for name, values in series
        ],
        lang=language,
        percent=percent,
        digits=digits,
    )
    rows = [
        [p, *(number(values.get(p), digits, percent) for _n, values in series)]
        for p in periods
    ]
    return Figure(
        key=key,
        title=title,
        svg=svg,
        columns=[_("Year"), *(name for name, _v in series)],
        rows=rows,
        downloads=downloads,
    )
