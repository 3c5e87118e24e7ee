"""The coverage map: States in at least one regional consultative process
(gray), States in none (white), areas (light), drawn with
``migdev.stats.worldmap`` as the consultations' response map is (¶45: the
RCPs "cover most countries of the world")."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext, pgettext

from migdev.cooperation.selectors import Coverage
from migdev.stats import worldmap


@dataclass
class CoverageMap:
    coverage: Coverage
    lang: str

    def _labels(self) -> dict[str, str]:
        with translation.override(self.lang):
            return {
                "replied": pgettext("coverage map legend", "In at least one RCP"),
                "not_replied": pgettext("coverage map legend", "In no RCP"),
                "not_recipient": pgettext("coverage map legend", "Not a State"),
                "title": gettext("States in regional consultative processes"),
            }

    def svg(self, *, width: int = 1000) -> str:
        labels = self._labels()
        drawable = worldmap.map_codes()
        states = {c.iso2 for c in self.coverage.states if c.iso2 in drawable}
        covered = {c.iso2 for c in self.coverage.covered if c.iso2 in drawable}
        names = {
            c.iso2: str(c.name.get_text(self.lang))
            for c in self.coverage.states
            if c.iso2
        }
        return worldmap.response_map_svg(
            covered,
            recipients=states,
            lang=self.lang,
            title=labels.pop("title"),
            names=names,
            legend=labels,
            width=width,
        )


def coverage_map(coverage: Coverage, lang: str) -> CoverageMap:
    return CoverageMap(coverage=coverage, lang=lang)
