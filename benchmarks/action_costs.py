"""Server CPU time per kind of user action, one session at a time on a quiet server.

Usage::

    .venv/bin/python -m benchmarks.action_costs [--n 30] [--app-dir DIR]

Starts one ``streamlit run app.py`` (as :mod:`benchmarks.load` does), opens one
session and makes ``--n`` actions of each kind the load benchmark uses
(filter, radius, select, click and page on the map page; filter, page and
download on the table page), one after the other with a fresh random
choice each time, as the webinar audience does. For each kind it prints the
server's CPU time per action (median and mean over the actions) and the
messages the action's script run sent. This is where the load benchmark's
CPU per script run goes; figures only, no pass/fail.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from pathlib import Path

from benchmarks.load import (
    RESULTS,
    SessionRecord,
    do_action,
    load_click_targets,
    one_process_target,
    ready_session,
)
from harness import ROOT
from harness.client import proc_cpu_s


async def measure(url: str, pid: int, n: int, seed: int) -> dict:
    rng = random.Random(seed)
    clicks = load_click_targets()
    session = await ready_session(url, 60)
    record = SessionRecord(0, 0.0)
    results: dict[str, list[tuple[float, int]]] = {}

    async def one(label: str, kind: str) -> None:
        cpu0, messages0 = proc_cpu_s(pid) or 0.0, session.messages
        action = await do_action(kind, session, rng, clicks, 60, record)
        await asyncio.sleep(0.05)  # the server finishes its bookkeeping after script_finished
        if action.ok:
            results.setdefault(label, []).append(((proc_cpu_s(pid) or 0.0) - cpu0, session.messages - messages0))

    try:
        await asyncio.sleep(1.0)
        for _ in range(n):
            for kind in ("filter", "radius", "select", "click"):
                await one(f"map {kind}", kind)
        for _ in range(n):
            await one("page (to table)", "page")
            for kind in ("filter", "select", "download"):
                await one(f"table {kind}", kind)
            await one("page (to map)", "page")
    finally:
        await session.close()
    summary = {}
    for label, values in results.items():
        cpu = [1000 * c for c, _ in values]
        summary[label] = {
            "n": len(values),
            "cpu_ms_median": round(statistics.median(cpu), 1),
            "cpu_ms_mean": round(statistics.fmean(cpu), 1),
            "messages_median": statistics.median(m for _, m in values),
        }
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=30, help="actions of each kind (default 30)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--app-dir", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = one_process_target(RESULTS / f"action-costs-{stamp}.log", app_dir=args.app_dir)
    try:
        summary = asyncio.run(measure(target.url, target.pids[0], args.n, args.seed))
    finally:
        target.stop()
    print(f"{'action':<18} {'n':>4} {'CPU ms median':>14} {'mean':>8} {'messages':>9}")
    for label, row in summary.items():
        print(
            f"{label:<18} {row['n']:>4} {row['cpu_ms_median']:>14} {row['cpu_ms_mean']:>8} {row['messages_median']:>9}"
        )
    (RESULTS / f"action-costs-{stamp}.json").write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
