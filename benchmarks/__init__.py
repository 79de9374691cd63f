"""Benchmarks of the app, each a module run from the repository root: ``.venv/bin/python -m benchmarks.<name>``.

They start the app and Chromium with the shared :mod:`harness`; results go to benchmarks/results/.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def against_target(ms: Sequence[float], target_ms: float, unit: str, note: str = "") -> str:
    """Timings in ms against a target for their median, as the browser benchmarks print them.

    >>> against_target([300, 350, 500], 400, "steps", " (3 rounds)")
    'median 350 ms, max 500 ms over 3 steps (3 rounds) | target median ≤ 400 ms: met'
    """
    median = statistics.median(ms)
    verdict = "met" if median <= target_ms else "NOT met"
    return (
        f"median {median:.0f} ms, max {max(ms):.0f} ms over {len(ms)} {unit}{note} | "
        f"target median ≤ {target_ms} ms: {verdict}"
    )
