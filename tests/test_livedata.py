import json
import os
import time

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


def test_a_half_written_file_after_one_with_a_rejected_hotspot_keeps_the_usable_version(tmp_path):
    """Issue 21, item 3: the version in use had one problem; the new one is worse (unreadable)."""
    one_bad = collection(DELFT, LEIDEN, NOORDWIJK)
    one_bad["features"][2]["properties"]["phase"] = "bloei"
    path = write(tmp_path / "h.geojson", one_bad)
    live = LiveData(path, clock=lambda: 99.0)
    usable = live.current()
    assert len(usable.result.frame) == 2 and usable.result.problems
    _replace(
        path, '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Unter', 10**9
    )
    kept = live.current()
    assert kept.result is usable.result and kept.refused is not None
    [problem] = kept.refused.problems
    # Dutch, no server path, no English parser message
    assert problem.message.startswith("geen geldige JSON: tekst zonder sluitend aanhalingsteken")
    assert str(tmp_path) not in str(problem) and "Unterminated" not in str(problem)
    # fewer valid hotspots, also with problems: worse, kept
    fewer = collection(DELFT, NOORDWIJK)
    fewer["features"][1]["properties"]["phase"] = "bloei"
    _replace(path, fewer, 2 * 10**9)
    assert live.current().result is usable.result
    # as many valid hotspots (another one rejected): not worse, used
    other_bad = collection(DELFT, LEIDEN, NOORDWIJK)
    other_bad["features"][0]["properties"]["phase"] = "bloei"
    _replace(path, other_bad, 3 * 10**9)
    used = live.current()
    assert used.refused is None and sorted(used.result.frame["id"]) == sorted(
        f["properties"]["id"] for f in (LEIDEN, NOORDWIJK)
    )


def test_a_valid_file_with_fewer_hotspots_is_used(tmp_path):
    path = write(tmp_path / "h.geojson", collection(DELFT, LEIDEN))
    live = LiveData(path)
    live.current()
    _replace(path, collection(DELFT), 10**9)
    assert len(live.current().result.frame) == 1


def test_a_replacement_with_the_same_size_and_mtime_is_noticed(tmp_path):
    """cp -p / rsync -a: same modification time and size; the inode and change time tell."""
    path = write(tmp_path / "h.geojson", collection(DELFT, LEIDEN))
    live = LiveData(path)
    first = live.current()
    before = os.stat(path)
    text = path.read_text(encoding="utf-8")
    name = first.result.frame["name"].iloc[0]
    staged = tmp_path / "staged.geojson"
    staged.write_text(text.replace(name, name[::-1]), encoding="utf-8")  # same length
    assert staged.stat().st_size == before.st_size
    os.utime(staged, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(staged, path)  # rsync -a: a new file renamed into place, mtime kept
    assert (os.stat(path).st_mtime_ns, os.stat(path).st_size) == (before.st_mtime_ns, before.st_size)
    second = live.current()
    assert second is not first
    assert second.result.frame["name"].iloc[0] == name[::-1]
    # cp -p over the same file (same inode): its change time moves on, once the clock the
    # file system stamps with (a few ms per tick) has passed the last change
    probe = tmp_path / "probe"
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        probe.touch()
        if probe.stat().st_ctime_ns > os.stat(path).st_ctime_ns:
            break
    now = os.stat(path)
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)
    os.utime(path, ns=(now.st_atime_ns, now.st_mtime_ns))
    third = live.current()
    assert third is not second and third.result.frame["name"].iloc[0] == name
