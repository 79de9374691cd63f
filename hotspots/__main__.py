"""Command line: ``python -m hotspots validate [FILE]``.

Exits 0 when every hotspot in the file is valid, 1 when the file or any
hotspot is rejected (each problem on its own line), 2 on wrong usage.
Never modifies the file and never prints a traceback.
"""

from __future__ import annotations

import argparse
import sys

from hotspots.io import DATA_ENV, data_path, load_hotspots


def _validate(path) -> int:
    result = load_hotspots(path)
    if result.problems:
        if result.fatal:
            print(f"{result.path}: het bestand is afgekeurd.")
        else:
            rejected = len(result.rejected_ids)
            print(
                f"{result.path}: {rejected} van {result.total_features} hotspots afgekeurd, "
                f"{len(result.frame)} goedgekeurd."
            )
        for problem in result.problems:
            print(f"  - {problem}")
        return 1
    print(f"{result.path}: in orde, {len(result.frame)} hotspots.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hotspots", description="Hotspotkaart: gegevens controleren.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="controleer een hotspotbestand (GeoJSON)")
    validate.add_argument("file", nargs="?", default=None, help=f"het bestand (standaard ${DATA_ENV} of {data_path()})")
    args = parser.parse_args(argv)
    try:
        return _validate(args.file)
    except Exception as exc:  # last resort: a clear line, never a traceback
        print(f"Onverwachte fout bij het controleren: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
