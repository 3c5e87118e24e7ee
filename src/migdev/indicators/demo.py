"""Demo data of the indicators app (settings in demo_data/releases.yaml): an
illustrative migrant-stock release estimated by the engine from generated
inputs, and illustrative remittance prices, both published. Idempotent: the
generated files are the same on every run, so their checksums find the
releases."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model

from migdev.core.demo_data import demo_data
from migdev.indicators import importers, services
from migdev.indicators.generated import write_inputs, write_quotes


def load_demo() -> list:
    data = demo_data(__package__, "releases")
    stock, prices = data["stock"], data["prices"]
    with tempfile.TemporaryDirectory(prefix="migdev-demo-data-") as tmp:
        inputs = write_inputs(
            Path(tmp) / "illustrative-stock", n=stock["countries"], seed=stock["seed"]
        )
        quotes = write_quotes(
            Path(tmp) / "illustrative-remittance-quotes.csv",
            seed=prices["seed"],
            quarters=prices["quarters"],
        )
        releases = [
            importers.estimate(
                inputs,
                dataset=stock["dataset"],
                illustrative=True,
                argv=["data", "estimate", inputs.name],
            ).release,
            importers.import_quotes(
                quotes,
                dataset=prices["dataset"],
                illustrative=True,
                argv=["data", "import-rpw", quotes.name],
            ).release,
        ]
    publisher = get_user_model().objects.filter(username=data["publisher"]).first()
    if publisher is not None:
        for release in releases:
            if not release.is_published:
                services.release_publish(actor=publisher, release=release)
    return []
