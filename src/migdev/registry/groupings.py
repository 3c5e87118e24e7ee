"""The codes of the groupings that the platform breaks States down by.

The groupings themselves (names in six languages, members by date) are the
registry's tables, loaded from ``data/regions.csv`` and derived by
``services.reference_data_load``. This module names, once, the codes that
code has to know: the five M49 regions a page or a tally groups States by,
and the development groups the registry derives (UN Statistics Division,
*Standard country or area codes for statistical use* (M49); UN DESA, World
Population Prospects, for the more and less developed regions). Modules
import these names; none spells the codes again
(``tests/registry/test_groupings.py`` checks them against the tables).
"""

from __future__ import annotations

WORLD = "001"
#: The M49 regions, in M49's order: Africa, Americas, Asia, Europe, Oceania.
REGIONS: tuple[str, ...] = ("002", "019", "142", "150", "009")

#: Groupings the registry derives rather than reads from the M49 tables.
UN_MEMBERS = "un-members"
UN_OBSERVERS = "un-observers"
MORE_DEVELOPED = "901"
LESS_DEVELOPED = "902"
LDC = "941"
LESS_DEVELOPED_EXCL_LDC = "934"
LLDC = "1636"
SIDS = "1637"
#: More developed, less developed, least developed countries: the
#: development groups a tally of replies shows.
DEVELOPMENT_GROUPS: tuple[str, ...] = (MORE_DEVELOPED, LESS_DEVELOPED, LDC)
#: UN DESA's "more developed regions": Europe, Northern America,
#: Australia/New Zealand, and Japan (World Population Prospects).
MORE_DEVELOPED_REGIONS = frozenset({"150", "021", "053"})
JAPAN = "392"
