"""The fields of each module, reading its public selectors.

Importing this package registers every field (``migdev.reports.fields``).
"""

from migdev.reports.sources import (  # noqa: F401
    consultation,
    cooperation,
    forum,
    general,
    indicators,
    registry,
)
