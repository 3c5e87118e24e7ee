"""The cost and the flows of remittances (pure numpy/pandas, no Django).

* :mod:`.costs` — total cost of a price quote, corridor averages, simple and
  flow-weighted averages by country, region and world, the SmaRT average,
  SDG indicator 10.c.1, the distance to target 10.c, competition per
  corridor; as the World Bank's Remittance Prices Worldwide does.
* :mod:`.readers` — WDI series and the KNOMAD bilateral matrix in their
  published layouts; :mod:`.rpw` — the RPW complete dataset in its
  published layout (both data sheets of the workbook).

See ``docs/indicators.md`` for the method and its sources.
"""

from migdev.stats.remittances.costs import (
    PROVIDER_TYPES,
    QUOTE_COLUMNS,
    SDG_CEILING,
    SDG_TARGET,
    average,
    competition,
    corridor_averages,
    sdg_10c1,
    smart_averages,
    target_distance,
    total_cost,
    validate_quotes,
)
from migdev.stats.remittances.errors import RemittanceInputError
from migdev.stats.remittances.readers import (
    read_corridor_means,
    read_knomad_matrix,
    read_rpw,
    read_wdi,
)

__all__ = [
    "PROVIDER_TYPES",
    "QUOTE_COLUMNS",
    "SDG_CEILING",
    "SDG_TARGET",
    "RemittanceInputError",
    "average",
    "competition",
    "corridor_averages",
    "read_corridor_means",
    "read_knomad_matrix",
    "read_rpw",
    "read_wdi",
    "sdg_10c1",
    "smart_averages",
    "target_distance",
    "total_cost",
    "validate_quotes",
]
