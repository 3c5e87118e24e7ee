"""migdev: the follow-up machinery of international migration and development."""

import os

# openpyxl parses workbooks with lxml when lxml is installed (sdmx1 brings it),
# and then without defusedxml's refusal of DTDs and entities. Uploaded
# workbooks must keep that refusal: openpyxl reads this before its first import.
os.environ.setdefault("OPENPYXL_LXML", "False")

__version__ = "0.1.0"
