"""The codes of the groupings that the platform breaks States down by.

The groupings themselves (names in six languages, members by date) are the
registry's tables, loaded from ``data/regions.csv`` and derived by
``services.reference_data_load``. This module names, once, the codes that
code has to know: the five M49 regions a page or a tally groups States by,
and the development groups the registry derives (UN Statistics Division,
*Standard country or area codes for statistical use* (M49); UN DESA, World
Population Prospects, for the more and less developed regions), and the
codes UN DESA's data tables give the M49 regions (``DESA_CODES``). Modules
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

#: M49 regions and sub-regions as UN DESA codes them in its data tables
#: (World Population Prospects and International Migrant Stock location
#: codes); the first code present in a release is used. Development and
#: income groups carry the same code in the registry and in the tables.
DESA_CODES: dict[str, tuple[int, ...]] = {
    "001": (900,),
    "002": (903,),
    "019": (1835, 904),
    "142": (935,),
    "150": (908,),
    "009": (909,),
    "015": (912,),
    "202": (947,),
    "014": (910,),
    "017": (911,),
    "018": (913,),
    "011": (914,),
    "419": (904,),
    "029": (915,),
    "013": (916,),
    "005": (931,),
    "021": (905, 918),
    "143": (5500,),
    "030": (906,),
    "035": (920,),
    "034": (5501,),
    "145": (922,),
    "151": (923,),
    "154": (924,),
    "039": (925,),
    "155": (926,),
    "053": (927,),
    "054": (928,),
    "057": (954,),
    "061": (957,),
}
