"""Benchmark: kansrijke partners (links) and their network figures, on synthetic hotspots.

Usage: ``python -m benchmarks.partners [--repeat 5] [--profile]``

Places synthetic hotspots uniformly over the Netherlands' bounding box (a
worst case: the real data is sparser and has fewer shared traits), with
random types, product chains, Digitaal Verbinden and estimates, and times
:func:`hotspots.partners.links` and :func:`hotspots.partners.network`
separately and together, for 5,000 hotspots at 120 km and 2,000 at 80 and
at 120 km. Prints a table of median wall times (and median CPU times of the
process, in brackets: on a busy machine the wall time also counts waiting
for a core) over the repeats, and the load average. Targets: links +
network under 2 s for 5,000 hotspots at 120 km, and at most 0.5 s for 2,000
at 120 km (so a filter change on the page redraws within 1 s). ``--profile`` prints the
cProfile of one links + network run of the largest case.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time

import geopandas as gpd
import numpy as np

from hotspots import partners
from hotspots.model import PRODUCT_CHAINS, TYPES

CASES = ((5000, 120.0), (2000, 80.0), (2000, 120.0))
TARGET_S = 2.0
# 2,000 hotspots: links + network within this, so a filter change on /samenwerking redraws within 1 s
TARGET_2000_S = 0.5


def synthetic_frame(n: int, seed: int = 20141001) -> gpd.GeoDataFrame:
    """``n`` hotspots with the columns :func:`hotspots.partners.links` reads, reproducibly random.

    Each has one or two types, zero to two product chains (a third none),
    Digitaal Verbinden for about a third, and some estimated fields.
    """
    rng = np.random.default_rng(seed)
    lon = rng.uniform(3.4, 7.1, n)
    lat = rng.uniform(50.8, 53.4, n)
    types, chains = list(TYPES), list(PRODUCT_CHAINS)
    type_values = [[types[i] for i in rng.choice(len(types), size=rng.integers(1, 3), replace=False)] for _ in range(n)]
    chain_values = [
        [chains[i] for i in rng.choice(len(chains), size=rng.choice([0, 1, 2], p=[0.35, 0.45, 0.2]), replace=False)]
        for _ in range(n)
    ]
    estimable = ("types", "product_chains", "digitaal_verbinden")
    estimated = [[f for f in estimable if rng.random() < 0.3] + ["location"] for _ in range(n)]
    return gpd.GeoDataFrame(
        {
            "id": [f"h{i:05d}" for i in range(n)],
            "name": [f"Hotspot {i}" for i in range(n)],
            "types": type_values,
            "product_chains": chain_values,
            "digitaal_verbinden": rng.random(n) < 0.35,
            "estimated": estimated,
        },
        geometry=gpd.points_from_xy(lon, lat),
        crs="EPSG:4326",
    )


def _median(func, repeat: int) -> tuple[float, float, object]:
    """Median wall time and median CPU time of this process (less sensitive to a busy machine), and the result."""
    timings, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = func()
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(timings), statistics.median(cpu), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="cProfile one links + network run of 5,000 hotspots")
    args = parser.parse_args()

    warm = synthetic_frame(20)
    partners.network(warm, partners.links(warm, 120))  # warm up pyproj, networkx and the imports
    rows = []
    for n, radius in CASES:
        frame = synthetic_frame(n)
        links_med, links_cpu, links = _median(lambda f=frame, r=radius: partners.links(f, r), args.repeat)
        net_med, net_cpu, figures = _median(lambda f=frame, k=links: partners.network(f, k), args.repeat)
        both_med, both_cpu, _ = _median(
            lambda f=frame, r=radius: partners.network(f, partners.links(f, r)), args.repeat
        )
        rows.append((n, radius, len(links), links_med, links_cpu, net_med, net_cpu, both_med, both_cpu, figures))

    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(
        f"median wall time (median CPU time) of {args.repeat} runs, seconds; load average {load}, {os.cpu_count()} CPUs"
    )
    print(f"{'hotspots':>8} {'radius':>6} {'links':>10} {'links()':>14} {'network()':>14} {'together':>14}  exact")
    for n, radius, count, lm, lb, nm, nb, bm, bb, figures in rows:
        print(
            f"{n:>8,} {radius:>4g}km {count:>10,} {lm:>6.3f} ({lb:.3f}) {nm:>6.3f} ({nb:.3f}) "
            f"{bm:>6.3f} ({bb:.3f})  {'yes' if figures.betweenness_exact else 'no (estimated)'}"
        )
    together, together_cpu = rows[0][7], rows[0][8]
    verdict = "met" if together < TARGET_S else "NOT met"
    verdict_cpu = "met" if together_cpu < TARGET_S else "NOT met"
    print(
        f"target: links + network < {TARGET_S:g} s for {CASES[0][0]:,} hotspots at {CASES[0][1]:g} km: "
        f"{verdict} (wall time), {verdict_cpu} (CPU time)"
    )
    small = rows[2]
    print(
        f"target: links + network <= {TARGET_2000_S:g} s for {CASES[2][0]:,} hotspots at {CASES[2][1]:g} km: "
        f"{'met' if small[7] <= TARGET_2000_S else 'NOT met'} (wall time), "
        f"{'met' if small[8] <= TARGET_2000_S else 'NOT met'} (CPU time)"
    )

    if args.profile:
        frame = synthetic_frame(CASES[0][0])
        profiler = cProfile.Profile()
        profiler.enable()
        partners.network(frame, partners.links(frame, CASES[0][1]))
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    return 0 if together < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
