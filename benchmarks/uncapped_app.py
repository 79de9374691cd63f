"""app.py with the data file's cap raised, for benchmarks only (benchmarks/beheer_browser.py --uncapped).

``hotspots.model.MAX_HOTSPOTS`` (1,000) refuses a larger file, so the app cannot show
the 2,000 hotspots issue 23 measures "/beheer opens within 2 s" with. This script raises
the cap to ``$HOTSPOTS_BENCHMARK_MAX`` in its own server process and then runs app.py
unchanged, to see what lifting the cap would cost. Never used to serve the app.
"""

import os
import runpy
from pathlib import Path

import hotspots.model

hotspots.model.MAX_HOTSPOTS = max(hotspots.model.MAX_HOTSPOTS, int(os.environ.get("HOTSPOTS_BENCHMARK_MAX", "0")))
#: app.py of the checkout to serve (benchmarks/beheer_browser.py runs a copy of this file from elsewhere).
APP = os.environ.get("HOTSPOTS_BENCHMARK_APP") or str(Path(__file__).resolve().parent.parent / "app.py")
runpy.run_path(APP, run_name="__main__")
