"""Pip requirement lists from pyproject.toml, the one list of Hotspotkaart's dependencies.

Hotspotkaart runs from the repository root and is not installed itself, so pip
cannot read pyproject.toml for it; the Makefile has this script write the lists
(into .venv/). The committed requirements.txt, for the Dockerfile and other
pip-only installs, is the ``run`` list (`make requirements`; `make lint` checks it).

    python scripts/requirements.py run              # [project] dependencies
    python scripts/requirements.py dev              # those plus the `dev` extra
    python scripts/requirements.py test --output F  # into F, rewritten only when it changes
    python scripts/requirements.py run --check requirements.txt   # exit 1 if F is not current
    python scripts/requirements.py --check-floors constraints/floor.txt

A group is ``run`` or the name of an optional-dependencies extra; an extra that
names the project itself (``hotspotkaart[test]``) brings in that extra.

``--check-floors`` checks that the constraints file pins every dependency of
``run`` and ``test`` (what ``make test-floor`` installs) to exactly its lower
bound, so the floors in pyproject.toml are the versions the tests ran with.
Needs only Python 3.11 (tomllib), nothing installed.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*(.*?)\s*$")


def normalise(name: str) -> str:
    """A distribution name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _release(version: str) -> tuple[int, ...]:
    parts = [int(p) for p in version.split(".")]
    while parts and parts[-1] == 0:  # 1.13 == 1.13.0
        parts.pop()
    return tuple(parts)


def requirements(project: dict, group: str, _seen: frozenset[str] = frozenset()) -> list[str]:
    """The requirement strings of ``group``: ``run`` or an extra (with the runtime ones)."""
    own = normalise(project["name"])
    if group == "run":
        return list(project.get("dependencies", []))
    extras = project.get("optional-dependencies", {})
    if group not in extras:
        raise SystemExit(f"pyproject.toml has no optional-dependencies group {group!r} (has: {', '.join(extras)})")
    found = requirements(project, "run")
    for line in extras[group]:
        name, nested, _ = REQUIREMENT.match(line).groups()
        if normalise(name) == own:  # hotspotkaart[test]: that extra's requirements
            for extra in (nested or "").split(","):
                if extra.strip() and extra.strip() not in _seen:
                    found += requirements(project, extra.strip(), _seen | {group})
        else:
            found.append(line)
    return list(dict.fromkeys(found))


def lower_bound(requirement: str) -> str | None:
    _, _, specifiers = REQUIREMENT.match(requirement).groups()
    bounds = re.findall(r">=\s*([0-9][0-9.]*)", specifiers.split(";")[0])
    return bounds[0] if len(bounds) == 1 else None


def pins(constraints: Path) -> dict[str, str]:
    found = {}
    for line in constraints.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([0-9][0-9.]*)", line)
            if not match:
                raise SystemExit(f"{constraints}: not a plain 'name==version' pin: {line!r}")
            found[normalise(match[1])] = match[2]
    return found


def check_floors(project: dict, constraints: Path) -> list[str]:
    """What is wrong with ``constraints`` as the floors of ``run`` and ``test`` (empty: nothing)."""
    pinned = pins(constraints)
    problems = []
    for requirement in requirements(project, "test"):
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


def write_if_changed(path: Path, text: str) -> None:
    # Left untouched when nothing changed, so make does not reinstall anything.
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("group", nargs="?", default="run", help="'run' or an optional-dependencies extra")
    parser.add_argument("--output", type=Path, help="write here (only if it changes) instead of printing")
    parser.add_argument("--check", type=Path, metavar="FILE", help="exit 1 unless FILE holds this list")
    parser.add_argument("--check-floors", type=Path, metavar="CONSTRAINTS", help="check a floor constraints file")
    parser.add_argument("--pyproject", type=Path, default=ROOT / "pyproject.toml")
    args = parser.parse_args(argv)
    project = tomllib.loads(args.pyproject.read_text(encoding="utf-8"))["project"]

    if args.check_floors:
        problems = check_floors(project, args.check_floors)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0

    text = f"# Generated from pyproject.toml by scripts/requirements.py ({args.group}); do not edit.\n"
    text += "".join(f"{line}\n" for line in requirements(project, args.group))
    if args.check:
        if not args.check.exists() or args.check.read_text(encoding="utf-8") != text:
            print(f"{args.check} is not pyproject.toml's list any more: run `make requirements`", file=sys.stderr)
            return 1
    elif args.output:
        write_if_changed(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
