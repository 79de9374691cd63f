"""Benchmark: all pairs of hotspots within 120 km, on synthetic hotspots.

Usage: ``python -m benchmarks.proximity [--n 5000] [--radius 120] [--repeat 5]``

Places N synthetic hotspots uniformly over the Netherlands' bounding box
(a worst case: the real data is sparser), then times
:func:`hotspots.geo.pairs_within`. Prints the median and best of the
repeats, and the number of pairs found.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import geopandas as gpd
import numpy as np

from hotspots import geo


def synthetic_frame(n: int, seed: int = 20141001) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    lon = rng.uniform(3.4, 7.1, n)
    lat = rng.uniform(50.8, 53.4, n)
    return gpd.GeoDataFrame({"id": [f"h{i}" for i in range(n)]}, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--radius", type=float, default=120.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    frame = synthetic_frame(args.n)
    geo.pairs_within(frame.iloc[:10], args.radius)  # warm up pyproj and the imports
    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        pairs = geo.pairs_within(frame, args.radius)
        timings.append(time.perf_counter() - start)
    print(
        f"pairs_within: {args.n} hotspots, radius {args.radius:g} km -> {len(pairs):,} pairs; "
        f"median {statistics.median(timings):.3f} s, best {min(timings):.3f} s over {args.repeat} runs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
