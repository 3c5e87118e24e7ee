"""Open estimation of the international migrant stock.

Follows the method of UN DESA's *International Migrant Stock*
(POP/DB/MIG/Stock/Rev.2020 and later revisions): observations from
censuses, registers and surveys are interpolated to 1 July of the
reference years, completed from comparable countries where missing,
distributed by sex, age and origin, topped up with refugees, and summed to
regions and the world. Pure numpy and pandas; see ``docs/stats-stock.md``.
"""

from migdev.stats.stock.aggregate import aggregate_array, growth_rate, membership
from migdev.stats.stock.definitions import choose_definition
from migdev.stats.stock.engine import (
    DEFAULT_YEARS,
    StockEstimate,
    estimate_stock,
    observation_totals,
)
from migdev.stats.stock.errors import LayoutError, StockInputError
from migdev.stats.stock.inputs import (
    ORIGIN_OTHER_NORTH,
    ORIGIN_OTHER_SOUTH,
    ORIGIN_TOTAL,
    ORIGIN_UNKNOWN,
    population_from_wpp,
    refugees_from_unhcr,
    validate_classification,
    validate_observations,
    validate_population,
    validate_refugees,
)
from migdev.stats.stock.interpolate import (
    InterpolationMethod,
    interpolate_exponential,
    interpolate_linear,
)
from migdev.stats.stock.origin import origin_distribution
from migdev.stats.stock.refugees import refugee_addition
from migdev.stats.stock.sexage import (
    IMS_AGE_GROUPS,
    WPP_AGE_GROUPS,
    fit_margins,
    sex_age_distribution,
)

__all__ = [
    "DEFAULT_YEARS",
    "IMS_AGE_GROUPS",
    "ORIGIN_OTHER_NORTH",
    "ORIGIN_OTHER_SOUTH",
    "ORIGIN_TOTAL",
    "ORIGIN_UNKNOWN",
    "WPP_AGE_GROUPS",
    "InterpolationMethod",
    "LayoutError",
    "StockEstimate",
    "StockInputError",
    "aggregate_array",
    "choose_definition",
    "estimate_stock",
    "fit_margins",
    "growth_rate",
    "interpolate_exponential",
    "interpolate_linear",
    "membership",
    "observation_totals",
    "origin_distribution",
    "population_from_wpp",
    "refugee_addition",
    "refugees_from_unhcr",
    "sex_age_distribution",
    "validate_classification",
    "validate_observations",
    "validate_population",
    "validate_refugees",
]
