"""`python -m hotspots validate` as a user runs it."""

import os
import subprocess
import sys
from pathlib import Path

from factories import DELFT, LEIDEN, collection, write

ROOT = Path(__file__).resolve().parent.parent


def run(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "hotspots", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def test_shipped_file_passes():
    result = run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "in orde" in result.stdout


def test_bad_file_fails_listing_every_problem(tmp_path):
    bad = dict(DELFT, properties=dict(DELFT["properties"], phase="bloei", types=[]))
    path = write(tmp_path / "bad.geojson", collection(LEIDEN, bad))
    before = path.read_bytes()
    result = run("validate", str(path))
    assert result.returncode == 1
    assert "1 van 2 hotspots afgekeurd" in result.stdout
    assert "hotspot 2 (id 'delft'), veld 'fase': onbekende waarde \"bloei\"" in result.stdout
    assert "hotspot 2 (id 'delft'), veld 'type': mag niet leeg zijn" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert path.read_bytes() == before


def test_unreadable_file_and_env_variable(tmp_path):
    path = tmp_path / "kapot.geojson"
    path.write_text("{niet json", encoding="utf-8")
    result = run("validate", env={"HOTSPOTS_DATA": str(path)})
    assert result.returncode == 1
    assert "geen geldige JSON" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_usage_error_exits_2():
    assert run("frobnicate").returncode == 2
