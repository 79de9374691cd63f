"""The data file's documented limits (issue 21, item 2): checked by the validator, before the work they would cause."""

from __future__ import annotations

import json
import time

from factories import collection, feature, write

from hotspots import io, model
from hotspots.io import load_hotspots


def _many(n: int) -> dict:
    return collection(*(feature(f"h-{i}", lon=4.3 + (i % 40) * 0.01, lat=52.0 + (i // 40) * 0.01) for i in range(n)))


def test_more_hotspots_than_the_limit_are_refused_before_validation(tmp_path, monkeypatch):
    monkeypatch.setattr(model, "MAX_HOTSPOTS", 30)
    assert len(load_hotspots(write(tmp_path / "ok.geojson", _many(30))).frame) == 30
    result = load_hotspots(write(tmp_path / "big.geojson", _many(31)))
    assert result.fatal and len(result.frame) == 0
    [problem] = result.problems
    assert problem.message.startswith("het bestand bevat 31 hotspots; een gegevensbestand heeft er hoogstens 30")


def test_the_limit_is_checked_before_any_hotspot(tmp_path, monkeypatch):
    """20,000 hotspots: refused at once (the 20,000 are not validated one by one)."""
    monkeypatch.setattr(io, "MAX_FILE_BYTES", 2**30)  # the count, not the size, refuses it here
    path = write(tmp_path / "huge.geojson", _many(20_000))
    start = time.process_time()
    result = load_hotspots(path)
    assert time.process_time() - start < 3
    assert result.fatal and f"hoogstens {model.MAX_HOTSPOTS}" in str(result.problems[0])


def test_a_file_larger_than_the_limit_is_not_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(io, "MAX_FILE_BYTES", 2**20)
    path = tmp_path / "large.geojson"
    path.write_text(json.dumps(_many(1)) + " " * 2**20, encoding="utf-8")
    result = load_hotspots(path)
    assert result.fatal
    assert result.problems[0].message == "het bestand is 1 MB; een gegevensbestand is hoogstens 1 MB"


def test_too_many_hotspots_answer_with_a_dutch_notice(app, tmp_path, monkeypatch):
    """Every page (also /samenwerking?radius=120) is then this notice: no page runs on the data."""
    monkeypatch.setattr(model, "MAX_HOTSPOTS", 30)
    at = app(data=write(tmp_path / "big.geojson", _many(31)), params={"radius": "120"}, map_reported=False)
    assert not at.exception
    texts = " ".join(t.value for t in at.text)
    assert "het bestand bevat 31 hotspots; een gegevensbestand heeft er hoogstens 30" in texts
    assert "big.geojson" in " ".join(c.value for c in at.code)
    assert str(tmp_path) not in texts + " ".join(c.value for c in at.code)
