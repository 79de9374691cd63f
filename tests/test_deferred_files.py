"""ui/deferred_files.py on a real MediaFileManager: a deferred download's file outlives other sessions' runs.

Streamlit's own manager and storage, no mocks. The first test pins down the
upstream behaviour the adapter works around: if a Streamlit upgrade fixes it
(or changes how files are collected), it fails, and the adapter should be
looked at again (and perhaps removed).
"""

from __future__ import annotations

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from ui import deferred_files


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def manager() -> MediaFileManager:
    return MediaFileManager(MemoryMediaFileStorage("/media"))


def click(mgr: MediaFileManager, payload: bytes, name: str = "hotspots.csv") -> str:
    """A visitor's click on a deferred download button: the button drawn, then the file made; its URL."""
    placeholder = mgr.add_deferred(lambda: payload, "text/csv", coordinates="1.(2).3", file_name=name)
    return mgr.execute_deferred(placeholder)


def served(mgr: MediaFileManager, url: str) -> bytes | None:
    """What ``GET url`` serves (the /media route reads the storage the same way), None for a 404."""
    found = mgr.read_file(url.rsplit("/", 1)[-1])
    return None if found is None else found.content


def other_sessions_run(mgr: MediaFileManager, times: int) -> None:
    """Script runs of other sessions: each ends with remove_orphaned_files, as ScriptRunner does."""
    for _ in range(times):
        mgr.remove_orphaned_files()


def test_without_the_adapter_two_other_runs_delete_the_file_before_its_fetch():
    mgr = manager()
    url = click(mgr, b"naam;plaats\n")
    other_sessions_run(mgr, 1)
    assert served(mgr, url) == b"naam;plaats\n", "marked by the first run, still there"
    other_sessions_run(mgr, 1)
    assert served(mgr, url) is None, "Streamlit 1.67 deletes it on the second run: the browser's fetch is a 404"


def test_the_file_survives_other_runs_for_the_grace_period_then_is_collected():
    mgr, clock = manager(), Clock()
    pins = deferred_files.install(mgr, clock=clock, grace_s=60)
    url = click(mgr, b"naam;plaats\n")
    other_sessions_run(mgr, 50)
    clock.now += 59
    other_sessions_run(mgr, 2)
    assert served(mgr, url) == b"naam;plaats\n"
    clock.now += 2  # past the grace period: unpinned, then Streamlit's mark-and-delete
    other_sessions_run(mgr, 1)
    assert served(mgr, url) == b"naam;plaats\n" and not pins.pinned
    other_sessions_run(mgr, 1)
    assert served(mgr, url) is None
    assert deferred_files.PIN_SESSION not in mgr._files_by_session_and_coord


def test_a_repeat_click_renews_the_pin_and_install_is_idempotent():
    mgr, clock = manager(), Clock()
    pins = deferred_files.install(mgr, clock=clock, grace_s=60)
    assert deferred_files.install(mgr) is pins
    url = click(mgr, b"x")
    clock.now += 50
    assert click(mgr, b"x") == url  # the same bytes: the same file
    clock.now += 50
    other_sessions_run(mgr, 3)
    assert served(mgr, url) == b"x" and len(pins.pinned) == 1


def test_pins_are_capped_by_count_and_bytes_oldest_first():
    mgr = manager()
    pins = deferred_files.install(mgr, clock=Clock(), max_files=3, max_bytes=10_000)
    urls = [click(mgr, bytes([i]) * 100, f"f{i}.csv") for i in range(5)]
    assert len(pins.pinned) == 3 and pins.bytes == 300
    other_sessions_run(mgr, 2)
    assert [served(mgr, u) is not None for u in urls] == [False, False, True, True, True]
    big = click(mgr, b"b" * 9_950, "big.csv")
    assert pins.bytes <= 10_000 and list(pins.pinned)[-1] in big
    other_sessions_run(mgr, 2)
    assert served(mgr, big) is not None
    assert not any(served(mgr, u) for u in urls)


def test_a_file_marked_before_its_pin_is_kept():
    """A sweep between the file's making and its pin marks it; the pin takes the mark back."""
    mgr = manager()
    pins = deferred_files.Pins(mgr, clock=Clock())
    url = click(mgr, b"y")
    other_sessions_run(mgr, 1)  # marked
    assert pins.pin(url)
    other_sessions_run(mgr, 5)
    assert served(mgr, url) == b"y"


def test_a_file_already_gone_is_not_pinned():
    mgr = manager()
    pins = deferred_files.Pins(mgr, clock=Clock())
    url = click(mgr, b"z")
    other_sessions_run(mgr, 2)
    assert not pins.pin(url) and not pins.pinned


def test_install_leaves_an_unexpected_manager_alone(caplog):
    class Other:
        def execute_deferred(self, file_id):
            return file_id

    other = Other()
    with caplog.at_level("WARNING"):
        assert deferred_files.install(other) is None
    assert "lacks" in caplog.text and other.execute_deferred("a") == "a"


@pytest.mark.parametrize("name", ["_lock", "_files_by_session_and_coord", "_file_metadata"])
def test_the_private_parts_the_adapter_uses_are_there(name):
    assert hasattr(manager(), name), f"Streamlit changed MediaFileManager.{name}: review ui/deferred_files.py"


def test_other_runs_ending_while_a_file_is_made_do_not_delete_it_before_its_pin():
    """Under load the thread making a file can wait while other sessions' runs end (each one a sweep).

    Here two sweeps run right after Streamlit stored the file and before the
    adapter pins it, at each of the adapter's two attempts: without the sweeps
    waiting for the file in the making, both copies are marked and deleted and
    the browser's fetch is a 404 (once in 158 downloads of the 240-viewer run).
    """
    mgr, clock = manager(), Clock()
    store = mgr.execute_deferred

    def store_then_two_runs_end(file_id: str) -> str:
        url = store(file_id)
        other_sessions_run(mgr, 2)  # the adapter's own sweep, looked up at call time
        return url

    mgr.execute_deferred = store_then_two_runs_end
    deferred_files.install(mgr, clock=clock, grace_s=60)
    url = click(mgr, b"naam;plaats\n")
    assert served(mgr, url) == b"naam;plaats\n"


def test_a_sweep_is_put_off_no_longer_than_its_limit():
    mgr, clock = manager(), Clock()
    orphan = mgr.add(b"old", "text/csv", coordinates="9", file_name="oud.csv")
    mgr.clear_session_refs()  # no session holds it any more
    store = mgr.execute_deferred
    sweeps_seen: list[bytes | None] = []

    def slow_store(file_id: str) -> str:
        clock.now += deferred_files.SWEEP_DELAY_MAX_S + 1  # a file that takes long to make
        other_sessions_run(mgr, 2)
        sweeps_seen.append(served(mgr, orphan))
        return store(file_id)

    mgr.execute_deferred = slow_store
    deferred_files.install(mgr, clock=clock, grace_s=60)
    click(mgr, b"x")
    assert sweeps_seen == [None], "an orphan is still collected while a file is made for too long"
