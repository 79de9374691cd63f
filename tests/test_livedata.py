import json
import os

from factories import DELFT, LEIDEN, NOORDWIJK, collection, write

from hotspots.livedata import LiveData


def _replace(path, document, bump_ns):
    """Write a new version of the file; mtime moved on explicitly (same-second writes)."""
    text = document if isinstance(document, str) else json.dumps(document)
    path.write_text(text, encoding="utf-8")
    stat = os.stat(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + bump_ns))


def test_a_replaced_file_is_read_again(tmp_path):
    path = write(tmp_path / "h.geojson", collection(DELFT, LEIDEN))
    live = LiveData(path)
    first = live.current()
    assert len(first.result.frame) == 2
    assert live.current() is first  # unchanged file: not read again
    _replace(path, collection(DELFT, LEIDEN, NOORDWIJK), 10**9)
    second = live.current()
    assert len(second.result.frame) == 3
    assert second.refused is None
    assert second.version != first.version


def test_an_invalid_replacement_keeps_the_last_good_data(tmp_path):
    path = write(tmp_path / "h.geojson", collection(DELFT, LEIDEN))
    live = LiveData(path, clock=lambda: 1234.0)
    good = live.current()
    _replace(path, '{"type": "FeatureCollection", "features": [', 10**9)
    kept = live.current()
    assert kept.result is good.result
    assert kept.version == good.version
    assert kept.refused is not None and kept.refused.fatal
    assert "geen geldige JSON" in str(kept.refused.problems[0])
    assert kept.refused_since == 1234.0
    # fixed again: the new file is used
    _replace(path, collection(LEIDEN), 2 * 10**9)
    fixed = live.current()
    assert list(fixed.result.frame["id"]) == [LEIDEN["properties"]["id"]]
    assert fixed.refused is None


def test_a_removed_file_keeps_the_last_good_data(tmp_path):
    path = write(tmp_path / "h.geojson", collection(DELFT))
    live = LiveData(path)
    good = live.current()
    path.unlink()
    kept = live.current()
    assert kept.result is good.result
    assert "bestaat niet" in str(kept.refused.problems[0])


def test_partly_invalid_replacement_is_refused_after_a_good_version(tmp_path):
    path = write(tmp_path / "h.geojson", collection(DELFT, LEIDEN))
    live = LiveData(path)
    live.current()
    broken = collection(DELFT, LEIDEN)
    broken["features"][1]["properties"]["phase"] = "bloei"
    _replace(path, broken, 10**9)
    kept = live.current()
    assert len(kept.result.frame) == 2
    assert kept.refused.rejected_ids


def test_without_a_good_version_the_valid_part_is_shown(tmp_path):
    broken = collection(DELFT, LEIDEN)
    broken["features"][1]["properties"]["phase"] = "bloei"
    path = write(tmp_path / "h.geojson", broken)
    snapshot = LiveData(path).current()
    assert len(snapshot.result.frame) == 1
    assert snapshot.refused is None
