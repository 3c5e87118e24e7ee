"""How long the response map takes to serve, drawn on every request versus
drawn once and kept.

Loads the demo into a throw-away SQLite database, then asks for
``/consultations/campaigns/<the 2008 campaign>/map.png`` (and the map page,
which inlines the SVG) in Arabic, Chinese and English through Django's test
client, as the secretariat:

- *drawn each time*: the figure cache is emptied before every request, as
  every request drew the map before it was cached;
- *kept*: the same requests once the map is drawn.

Prints the median and the slowest of ``--repeat`` requests (5) for each, and
the size of the SVG and of the PNG. Then, in the same run, the CPU time of
drawing a world choropleth (``migdev.stats.worldmap.choropleth_svg``, every
drawn area with a value, quantile and Jenks breaks) and of its PNG, as the
portal's map page does on a cache miss.

Run: .venv/bin/python benchmarks/map_png.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="migdev-map-bench-"))
    os.environ["MIGDEV_VAR_DIR"] = str(var)
    os.environ["DATABASE_URL"] = f"sqlite:///{var / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "migdev.settings.dev"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from migdev.consultation.campaigns.models import Campaign

    call_command("demo", "--no-serve", stdout=io.StringIO())
    campaign = Campaign.objects.order_by("pk").first()
    assert campaign is not None
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="secretariat"))

    def timed(url: str, *, cold: bool) -> tuple[float, int]:
        if cold:
            cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)
        return elapsed, len(response.content)

    print(f"campaign {campaign.pk} ({campaign.recipients.count()} recipients)")
    print(f"{'request':42} {'drawn each time':>22} {'kept':>20} {'bytes':>9}")
    for prefix in ("/ar", "/zh-hans", ""):
        for what in ("map.png", "map/"):
            url = f"{prefix}/consultations/campaigns/{campaign.pk}/{what}"
            cold = [timed(url, cold=True) for _ in range(args.repeat)]
            timed(url, cold=False)
            warm = [timed(url, cold=False) for _ in range(args.repeat)]
            size = cold[0][1]
            c = [t * 1000 for t, _ in cold]
            w = [t * 1000 for t, _ in warm]
            print(
                f"{url:42} {statistics.median(c):8.0f} ms (max {max(c):5.0f})"
                f" {statistics.median(w):7.1f} ms (max {max(w):5.1f}) {size:>9,}"
            )
    svg = client.get(f"/api/v1/campaigns/{campaign.pk}/map.svg?lang=ar")
    print(f"map.svg (ar): {len(svg.content):,} bytes")
    choropleth(args.repeat)


def choropleth(repeat: int) -> None:
    """CPU time of a choropleth of every drawn area, SVG then PNG."""
    from migdev.stats import worldmap

    codes = sorted(worldmap.map_codes())
    values = {code: ((i * 37) % 101) * 0.7 for i, code in enumerate(codes)}
    print(f"choropleth of {len(values)} areas (CPU time)")
    for lang in ("ar", "zh-hans", "en"):
        for method in worldmap.METHODS:
            svg_ms, png_ms = [], []
            for _ in range(repeat):
                start = time.process_time()
                svg = worldmap.choropleth_svg(
                    values, lang=lang, method=method, percent=True, focusable=True
                )
                svg_ms.append((time.process_time() - start) * 1000)
                start = time.process_time()
                png = worldmap.svg_to_png(svg, width=1200)
                png_ms.append((time.process_time() - start) * 1000)
            print(
                f"  {lang:8} {method:9} svg {statistics.median(svg_ms):6.0f} ms"
                f" ({len(svg):,} bytes)  png {statistics.median(png_ms):6.0f} ms"
                f" ({len(png):,} bytes)"
            )


if __name__ == "__main__":
    main()
