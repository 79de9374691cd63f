"""The dependency lists: PEP 735 groups, the ranges (requirements.txt), the lock (requirements.lock) and the floors agree with pyproject.toml."""

from __future__ import annotations

import tomllib

import pytest

from harness import ROOT
from scripts import requirements

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_dev_group_includes_the_test_group():
    test = requirements.dependency_group(PYPROJECT, "test")
    dev = requirements.dependency_group(PYPROJECT, "dev")
    assert any(line.startswith("pytest") for line in test)
    assert dev[: len(test)] == test
    assert any(line.startswith("ruff") for line in dev) and not any(line.startswith("ruff") for line in test)


def test_the_committed_ranges_are_pyprojects_list(tmp_path):
    assert requirements.check_ranges(PYPROJECT, ROOT / "requirements.txt") == []
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert "streamlit>=1.67,<2" in text.splitlines()  # ranges, not pins
    stale = tmp_path / "requirements.txt"
    stale.write_text(text.replace("folium>=", "folium==0.18 #"), encoding="utf-8")
    assert requirements.check_ranges(PYPROJECT, stale) == [
        f"{stale} is not pyproject.toml's [project] dependencies: run `make requirements`"
    ]


def test_the_committed_lock_pins_every_dependency_within_its_range():
    assert requirements.check_lock(PYPROJECT, ROOT / "requirements.lock") == []
    pinned = requirements.pins(ROOT / "requirements.lock")
    assert pinned["streamlit"].startswith("1.")
    assert len(pinned) > len(PYPROJECT["project"]["dependencies"])  # the whole closure, not only the direct ones


def test_a_lock_out_of_range_or_incomplete_is_refused(tmp_path):
    lock = tmp_path / "requirements.lock"
    lines = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    lock.write_text("\n".join(line for line in lines if not line.startswith("folium==")) + "\n", encoding="utf-8")
    assert requirements.check_lock(PYPROJECT, lock) == [f"{lock} does not pin folium: run `make lock`"]
    lock.write_text("\n".join(lines + ["folium==0.1.0"]) + "\n", encoding="utf-8")
    problems = requirements.check_lock(PYPROJECT, lock)
    assert len(problems) == 1 and "folium==0.1.0, outside 'folium>=" in problems[0]
    lock.write_text("streamlit>=1.67,<2\n", encoding="utf-8")  # ranges are not a lock
    assert "not a plain 'name==version' pin" in requirements.check_lock(PYPROJECT, lock)[0]


def test_the_floors_pin_the_app_and_the_test_group_at_their_lower_bounds(tmp_path):
    floors = ROOT / "constraints" / "floor.txt"
    assert requirements.check_floors(PYPROJECT, floors) == []
    moved = tmp_path / "floor.txt"
    moved.write_text(floors.read_text(encoding="utf-8").replace("pytest==8.0.0", "pytest==8.1.0"), encoding="utf-8")
    assert requirements.check_floors(PYPROJECT, moved) == [
        f"{moved} pins pytest==8.1.0, pyproject.toml's lower bound is 8.0: make them the same"
    ]


def test_the_ranges_and_the_lock_are_never_written_over_each_other(capsys):
    before = {name: (ROOT / name).read_text(encoding="utf-8") for name in ("requirements.txt", "requirements.lock")}
    with pytest.raises(SystemExit) as stop:
        requirements.main(["run", "--output", str(ROOT / "requirements.lock")])
    assert stop.value.code == 2
    assert "requirements.lock is the lock" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        requirements.main(["lock", "--output", str(ROOT / "requirements.txt")])
    assert stop.value.code == 2
    assert "requirements.txt holds the ranges" in capsys.readouterr().err
    assert {name: (ROOT / name).read_text(encoding="utf-8") for name in before} == before
