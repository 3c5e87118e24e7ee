"""Demo data of the indicators app: an illustrative migrant-stock release
estimated by the engine from generated inputs, and illustrative remittance
prices, both published by the demo secretariat. Idempotent: the generated
files are the same on every run, so their checksums find the releases."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model

from migdev.indicators import importers, services
from migdev.indicators.generated import write_inputs, write_quotes


def load_demo() -> list:
    secretariat = get_user_model().objects.filter(username="secretariat").first()
    with tempfile.TemporaryDirectory(prefix="migdev-demo-data-") as tmp:
        stock = importers.estimate(
            write_inputs(Path(tmp) / "illustrative-stock"),
            dataset="illustrative-stock",
            illustrative=True,
            argv=["data", "estimate", "illustrative-stock"],
        ).release
        prices = importers.import_quotes(
            write_quotes(Path(tmp) / "illustrative-remittance-quotes.csv"),
            dataset="illustrative-remittance-prices",
            illustrative=True,
            argv=["data", "import-rpw", "illustrative-remittance-quotes.csv"],
        ).release
    if secretariat is not None:
        for release in (stock, prices):
            if not release.is_published:
                services.release_publish(actor=secretariat, release=release)
    return []
