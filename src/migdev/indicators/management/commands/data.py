"""``migdev data import-un | estimate | review | publish | list`` — dataset releases."""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm


def _user(username: str | None):
    if not username:
        raise CommandError("--as USERNAME is required: who reviews or publishes?")
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"no user {username!r}")
    return user


class Command(BaseCommand):
    help = (
        "Dataset releases: import official tables (UN DESA migrant stock, WDI and "
        "KNOMAD remittance flows, RPW prices), estimate, review, publish, list."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        un = sub.add_parser(
            "import-un",
            help="Import UN DESA International Migrant Stock tables (the destination "
            "workbook and/or the origin x destination x sex table) as one release.",
        )
        un.add_argument("files", nargs="+", metavar="FILE")
        un.add_argument("--dataset", help="dataset code (default: ims-REVISION)")
        wdi = sub.add_parser(
            "import-wdi",
            help="Import WDI remittances received and paid (and their share of GDP).",
        )
        wdi.add_argument("file", metavar="FILE.csv")
        wdi.add_argument("--dataset", default="wdi-remittances")
        knomad = sub.add_parser(
            "import-knomad", help="Import the KNOMAD bilateral remittance matrix."
        )
        knomad.add_argument("file", metavar="FILE.csv")
        knomad.add_argument("--dataset", default="knomad-bilateral")
        knomad.add_argument(
            "--year", help="year of the estimates (default: from the name)"
        )
        rpw = sub.add_parser(
            "import-rpw",
            help="Import remittance price quotes (the RPW dataset, or a CSV of quotes): "
            "corridor averages, SmaRT and SDG 10.c.1.",
        )
        rpw.add_argument("file", metavar="FILE")
        rpw.add_argument("--dataset", default="remittance-prices")
        est = sub.add_parser(
            "estimate",
            help="Estimate the migrant stock from INPUT_DIR (with intervals) and "
            "import the estimate as a release.",
        )
        est.add_argument("input_dir", metavar="INPUT_DIR")
        est.add_argument("--dataset", default="migdev-stock-estimate")
        sx = sub.add_parser("import-sdmx", help="Import an SDMX-CSV file as a release.")
        sx.add_argument("file", metavar="FILE.csv")
        sx.add_argument("--dataset", required=True)
        for p in (un, est, wdi, knomad, rpw, sx):
            p.add_argument("--as", dest="user", help="the secretariat user importing")
            p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
        export = sub.add_parser(
            "export-sdmx",
            help="Write a release as SDMX-ML 2.1 (structure.xml, data.xml) and SDMX-CSV.",
        )
        export.add_argument("identifier")
        export.add_argument("-o", "--output", required=True, help="output directory")
        review = sub.add_parser("review", help="Mark a draft release as reviewed.")
        review.add_argument("identifier")
        review.add_argument("--as", dest="user", required=True)
        publish = sub.add_parser(
            "publish", help="Publish a release (secretariat): public and immutable."
        )
        publish.add_argument("identifier")
        publish.add_argument("--as", dest="user", required=True)
        listing = sub.add_parser("list", help="List the releases.")
        listing.add_argument("--dataset")

    def handle(self, *args, **options) -> None:
        from django.core.exceptions import PermissionDenied

        from migdev.indicators import services
        from migdev.stats.stock.errors import StockInputError

        action = options["action"]
        try:
            if action in _IMPORTS:
                self._import(action, options)
            elif action == "export-sdmx":
                self._export(options)
            elif action in ("review", "publish"):
                self._step(action, options)
            elif action == "list":
                self._list(options)
        except StockInputError as exc:
            raise CommandError(str(exc)) from exc
        except PermissionDenied as exc:
            raise CommandError("only the secretariat may do this") from exc
        except services.WorkflowError as exc:
            raise CommandError(str(exc)) from exc

    def _import(self, action: str, options: dict) -> None:
        actor = _user(options["user"]) if options.get("user") else None
        # Shown once writing has gone on for a second: a refusal prints no bar.
        bar = tqdm(
            desc="values",
            unit=" rows",
            disable=options["quiet"],
            file=sys.stderr,
            delay=1.0,
        )
        try:
            result = _IMPORTS[action](options, actor=actor, progress=bar.update)
        finally:
            bar.close()
        self.stdout.write(str(result))

    def _release(self, identifier: str):
        from migdev.indicators.models import Release

        release = Release.objects.filter(identifier=identifier).first()
        if release is None:
            raise CommandError(f"no release {identifier!r}")
        return release

    def _export(self, options: dict) -> None:
        from migdev.indicators import sdmx_io

        release = self._release(options["identifier"])
        for path in sdmx_io.export_release(release, options["output"]).values():
            self.stdout.write(str(path))

    def _step(self, action: str, options: dict) -> None:
        from migdev.indicators import services

        actor = _user(options["user"])
        release = self._release(options["identifier"])
        if action == "review":
            release = services.release_review(actor=actor, release=release)
        else:
            release = services.release_publish(actor=actor, release=release)
        self.stdout.write(f"{release.identifier}: {release.status}")

    def _list(self, options: dict) -> None:
        from migdev.indicators import selectors
        from migdev.indicators.models import Release

        rows = Release.objects.select_related("dataset").order_by(
            "dataset__code", "-version"
        )
        if options["dataset"]:
            rows = rows.filter(dataset__code=options["dataset"])
        latest = {r.pk for r in selectors.latest_published_releases()}
        for r in rows:
            mark = "*" if r.pk in latest else " "
            when = f"{r.published_at:%Y-%m-%d}" if r.published_at else "-"
            illustrative = "illustrative " if r.illustrative else ""
            self.stdout.write(
                f"{mark} {r.identifier:32} {r.status:10} {when:10} "
                f"{r.value_count:>9,} {illustrative}{r.title}"
            )
        if not rows:
            self.stdout.write("No release yet: see 'migdev data import-un --help'.")


def _import_un(options, **kw):
    from migdev.indicators import importers

    return importers.import_un(options["files"], dataset=options["dataset"], **kw)


def _estimate(options, **kw):
    from migdev.indicators import importers

    return importers.estimate(options["input_dir"], dataset=options["dataset"], **kw)


def _import_wdi(options, **kw):
    from migdev.indicators import importers

    return importers.import_wdi(options["file"], dataset=options["dataset"], **kw)


def _import_knomad(options, **kw):
    from migdev.indicators import importers

    return importers.import_knomad(
        options["file"], dataset=options["dataset"], year=options["year"], **kw
    )


def _import_rpw(options, **kw):
    from migdev.indicators import importers

    return importers.import_quotes(options["file"], dataset=options["dataset"], **kw)


def _import_sdmx(options, **kw):
    from migdev.indicators import sdmx_io

    return sdmx_io.import_sdmx(options["file"], dataset=options["dataset"], **kw)


_IMPORTS = {
    "import-un": _import_un,
    "estimate": _estimate,
    "import-wdi": _import_wdi,
    "import-knomad": _import_knomad,
    "import-rpw": _import_rpw,
    "import-sdmx": _import_sdmx,
}
