"""Hotspotkaart's dependencies for pip: pyproject.toml's ranges, the lock, and the checks that keep them together.

pyproject.toml holds the ranges: ``[project] dependencies`` for the app, the
PEP 735 ``[dependency-groups]`` ``test`` and ``dev`` for the tests and tools
(pip installs a group itself: ``pip install --group dev``, pip >= 25.1).
Hotspotkaart runs from the repository root and is not installed, so pip
cannot read the app's own list from pyproject.toml; this script writes it
out as requirements.txt (the ranges, committed; ``make lint`` checks it is
current). requirements.lock is the lock: that list resolved to exact
versions, which the container image, ``make run`` and ``make test`` apply as
constraints (``pip install -r requirements.txt -c requirements.lock``).

    python scripts/requirements.py run --output requirements.txt   # [project] dependencies (ranges), rewritten only when they change
    python scripts/requirements.py groups --output F    # the dependency groups, expanded (for make to see a change)
    python scripts/requirements.py lock --output requirements.lock   # resolve them, keeping the lock's pins (make lock)
    python scripts/requirements.py lock --upgrade --output requirements.lock   # the newest the ranges allow
    python scripts/requirements.py --check-ranges requirements.txt   # exit 1 unless it is pyproject.toml's list
    python scripts/requirements.py --check-lock requirements.lock    # exit 1 unless it pins every dependency in range
    python scripts/requirements.py --check-floors constraints/floor.txt

``lock`` asks this Python's pip what it would install (``pip install
--dry-run --report``) for this interpreter and platform: CPython 3.11 on
Linux, as the image. It keeps the versions the lock already pins (a new
dependency, or a range that excludes a pin, changes only what it must), as
pip-compile does; ``--upgrade`` takes the newest versions the ranges allow. ``--check-floors`` checks that the constraints file
pins every dependency of the app and of the ``test`` group (what ``make
test-floor`` installs) to exactly its lower bound, so the floors in
pyproject.toml are the versions the tests ran with. Only ``lock`` and
``--check-lock`` need the virtual environment (pip, packaging); the rest
needs Python 3.11 alone (tomllib).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*(.*?)\s*$")
LOCK_HEADER = """\
# The lock: pyproject.toml's [project] dependencies resolved to exact versions,
# for CPython 3.11 on Linux (the image's python:3.11-slim). The Dockerfile,
# `make run` and `make test` install requirements.txt (the ranges) with these
# as constraints (pip -c), so they get exactly these. Written by `make lock`
# (scripts/requirements.py lock); do not edit. `make lint` checks it against
# pyproject.toml's ranges.
"""


def normalise(name: str) -> str:
    """A distribution name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _release(version: str) -> tuple[int, ...]:
    parts = [int(p) for p in version.split(".")]
    while parts and parts[-1] == 0:  # 1.13 == 1.13.0
        parts.pop()
    return tuple(parts)


def dependency_group(pyproject: dict, name: str, _seen: frozenset[str] = frozenset()) -> list[str]:
    """The requirement strings of a PEP 735 dependency group, its ``include-group`` entries expanded."""
    groups = pyproject.get("dependency-groups", {})
    if name not in groups:
        raise SystemExit(f"pyproject.toml has no dependency group {name!r} (has: {', '.join(groups)})")
    found: list[str] = []
    for entry in groups[name]:
        if isinstance(entry, dict):
            included = entry["include-group"]
            if included in _seen | {name}:
                raise SystemExit(f"dependency group {name!r} includes itself through {included!r}")
            found += dependency_group(pyproject, included, _seen | {name})
        else:
            found.append(entry)
    return list(dict.fromkeys(found))


def lower_bound(requirement: str) -> str | None:
    _, _, specifiers = REQUIREMENT.match(requirement).groups()
    bounds = re.findall(r">=\s*([0-9][0-9.]*)", specifiers.split(";")[0])
    return bounds[0] if len(bounds) == 1 else None


def pins(constraints: Path) -> dict[str, str]:
    """``name -> version`` of a file of plain ``name==version`` lines (comments allowed)."""
    found = {}
    for line in constraints.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([0-9][0-9A-Za-z.+!]*)", line)
            if not match:
                raise SystemExit(f"{constraints}: not a plain 'name==version' pin: {line!r}")
            found[normalise(match[1])] = match[2]
    return found


def check_floors(pyproject: dict, constraints: Path) -> list[str]:
    """What is wrong with ``constraints`` as the floors of the app and the ``test`` group (empty: nothing)."""
    pinned = pins(constraints)
    problems = []
    for requirement in [*pyproject["project"]["dependencies"], *dependency_group(pyproject, "test")]:
        name = normalise(REQUIREMENT.match(requirement)[1])
        floor = lower_bound(requirement)
        if floor is None:
            problems.append(f"{requirement!r} in pyproject.toml needs one lower bound (>=)")
        elif name not in pinned:
            problems.append(f"{constraints} does not pin {name} (to {floor}, its lower bound)")
        elif _release(pinned[name]) != _release(floor):
            problems.append(
                f"{constraints} pins {name}=={pinned[name]}, pyproject.toml's lower bound is {floor}: make them the same"
            )
    return problems


def check_lock(pyproject: dict, lock: Path) -> list[str]:
    """What is wrong with ``lock`` as the lock of the app's dependencies (empty: nothing)."""
    from packaging.requirements import Requirement

    try:
        pinned = pins(lock)
    except SystemExit as error:
        return [f"{error}: run `make lock`"]
    problems = []
    for line in pyproject["project"]["dependencies"]:
        requirement = Requirement(line)
        version = pinned.get(normalise(requirement.name))
        if version is None:
            problems.append(f"{lock} does not pin {requirement.name}: run `make lock`")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{lock} pins {requirement.name}=={version}, outside {line!r}: run `make lock`")
    return problems


def resolve(requirements: list[str], constraint: Path | None = None) -> list[str]:
    """``name==version`` of everything pip would install for ``requirements`` in a new environment."""
    with tempfile.TemporaryDirectory() as tmp:
        listed, report = Path(tmp) / "requirements.txt", Path(tmp) / "report.json"
        listed.write_text("".join(f"{line}\n" for line in requirements), encoding="utf-8")
        command = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet"]
        command += ["--report", str(report), "-r", str(listed)]
        if constraint is not None:
            command += ["-c", str(constraint)]
        subprocess.run(command, check=True)  # noqa: S603 (this Python's own pip)
        installs = json.loads(report.read_text(encoding="utf-8"))["install"]
    found = {normalise(i["metadata"]["name"]): i["metadata"]["version"] for i in installs}
    return [f"{name}=={found[name]}" for name in sorted(found)]


def lock(dependencies: list[str], current: Path | None, upgrade: bool) -> list[str]:
    """The lock's lines: ``dependencies`` resolved, keeping ``current``'s pins unless ``upgrade``."""
    if upgrade or current is None or not current.exists():
        return resolve(dependencies)
    try:
        return resolve(dependencies, current)
    except subprocess.CalledProcessError:
        print(f"{current}'s pins conflict with pyproject.toml's ranges: resolving anew", file=sys.stderr)
        return resolve(dependencies)


RANGES_HEADER = "# pyproject.toml's [project] dependencies (scripts/requirements.py run); do not edit.\n"


def ranges(pyproject: dict) -> str:
    """requirements.txt's text: the app's ranges from pyproject.toml, one per line."""
    return RANGES_HEADER + "".join(f"{line}\n" for line in pyproject["project"]["dependencies"])


def check_ranges(pyproject: dict, listed: Path) -> list[str]:
    """What is wrong with ``listed`` as requirements.txt, pyproject.toml's ranges (empty: nothing)."""
    if not listed.exists() or listed.read_text(encoding="utf-8") != ranges(pyproject):
        return [f"{listed} is not pyproject.toml's [project] dependencies: run `make requirements`"]
    return []


def write_if_changed(path: Path, text: str) -> None:
    # Left untouched when nothing changed, so make does not reinstall anything.
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", nargs="?", choices=["run", "groups", "lock"], default="run")
    parser.add_argument("--output", type=Path, help="write here (only if it changes) instead of printing")
    parser.add_argument("--upgrade", action="store_true", help="lock: the newest versions, not the lock's pins")
    parser.add_argument("--check-lock", type=Path, metavar="LOCK", help="check the lock against pyproject.toml")
    parser.add_argument(
        "--check-ranges", type=Path, metavar="LIST", help="check requirements.txt against pyproject.toml"
    )
    parser.add_argument("--check-floors", type=Path, metavar="CONSTRAINTS", help="check a floor constraints file")
    parser.add_argument("--pyproject", type=Path, default=ROOT / "pyproject.toml")
    args = parser.parse_args(argv)
    pyproject = tomllib.loads(args.pyproject.read_text(encoding="utf-8"))

    if args.check_floors or args.check_lock or args.check_ranges:
        problems = check_floors(pyproject, args.check_floors) if args.check_floors else []
        problems += check_lock(pyproject, args.check_lock) if args.check_lock else []
        problems += check_ranges(pyproject, args.check_ranges) if args.check_ranges else []
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0

    if args.what != "lock" and args.output and args.output.resolve() == ROOT / "requirements.lock":
        parser.error(
            "requirements.lock is the lock: `make lock` (scripts/requirements.py lock --output requirements.lock)"
        )
    if args.what == "lock" and args.output and args.output.resolve() == ROOT / "requirements.txt":
        parser.error("requirements.txt holds the ranges; the lock is requirements.lock (`make lock`)")
    dependencies = list(pyproject["project"]["dependencies"])
    if args.what == "lock":
        text = LOCK_HEADER + "".join(f"{line}\n" for line in lock(dependencies, args.output, args.upgrade))
    elif args.what == "groups":
        text = "# pyproject.toml's dependency groups (scripts/requirements.py groups); pip reads pyproject.toml.\n"
        for name in pyproject.get("dependency-groups", {}):
            text += f"# {name}\n" + "".join(f"{line}\n" for line in dependency_group(pyproject, name))
    else:
        text = ranges(pyproject)
    if args.output:
        write_if_changed(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
