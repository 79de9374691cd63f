"""Keep a file made by a deferred download until its browser has had time to fetch it.

The problem (Streamlit 1.67, ``streamlit/runtime/media_file_manager.py``).
A click on an ``st.download_button`` with a callable ``data`` sends a
``backend_operation_request``; ``MediaFileManager.execute_deferred`` runs
the callable, stores the bytes as a DOWNLOADABLE file and answers with its
``/media/<id>`` URL, which the browser then fetches. The stored file is
deliberately left unmapped (no session, no coordinates: "so repeat clicks
rerun the callable"). But ``remove_orphaned_files`` runs after every script
run of *every* session in the process, and a DOWNLOADABLE file no session
references is marked by the first such run and deleted by the second. With
one visitor that rarely matters; with many, two other visitors' reruns
easily land between the answer and the fetch, and the fetch gets a 404 (62
of 71 downloads under the 240-viewer benchmark). No upstream issue or fix
was found (searched 7 Dec 2026); Streamlit offers no public hook for this
(the media storage is fixed by ``streamlit run``), hence this adapter.

The fix. :func:`install` wraps two methods of the process's one
``MediaFileManager`` instance (nothing else of Streamlit changes):

* ``execute_deferred``: the file it made is *pinned*: referenced under a
  session id of our own (:data:`PIN_SESSION`), exactly as a session that
  shows a file references it, so orphan collection leaves it alone;
* ``remove_orphaned_files``: first unpins files older than
  :data:`GRACE_S`; from then on Streamlit's own mark-and-delete collects
  them (two script runs later).

Memory stays bounded: at most :data:`MAX_FILES` files and :data:`MAX_BYTES`
bytes are pinned at once (the oldest are unpinned first), each for at most
:data:`GRACE_S` seconds. A repeat click that makes the same bytes (the same
file id) renews its pin.

It relies on these private parts of ``MediaFileManager``: ``_lock``,
``_files_by_session_and_coord`` and ``_file_metadata``. tests/test_deferred_files.py
fails when an upgrade changes them or fixes the bug (then this module can
go); :func:`install` checks them and, if they are missing, logs a warning
and leaves Streamlit as it is rather than break the app.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

_LOG = logging.getLogger(__name__)

#: Seconds a made file is kept for its browser's fetch (a browser fetches at once; under
#: load the fetch may wait seconds for the server's event loop).
GRACE_S = 60.0
#: At most this many made files pinned at once per process (the oldest unpinned first).
MAX_FILES = 200
#: At most this many bytes of made files pinned at once per process.
MAX_BYTES = 64 * 1024 * 1024
#: Seconds Streamlit's sweep of orphaned files may be put off while a made file awaits its pin.
SWEEP_DELAY_MAX_S = 10.0
#: The pseudo-session under which pinned files are referenced (no real session id looks like it).
PIN_SESSION = "hotspotkaart:deferred-downloads"
_PRIVATE = ("_lock", "_files_by_session_and_coord", "_file_metadata")
_ATTRIBUTE = "_hotspotkaart_pins"


class Pins:
    """The made files pinned on one ``MediaFileManager``: file id -> (pinned at, bytes), oldest first."""

    def __init__(
        self,
        manager: Any,
        clock: Callable[[], float] = time.monotonic,
        grace_s: float = GRACE_S,
        max_files: int = MAX_FILES,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        self.manager = manager
        self.clock = clock
        self.grace_s = grace_s
        self.max_files = max_files
        self.max_bytes = max_bytes
        self.pinned: OrderedDict[str, tuple[float, int]] = OrderedDict()
        self._own_lock = threading.Lock()  # guards self.pinned; taken before the manager's lock

    @property
    def bytes(self) -> int:
        return sum(size for _, size in self.pinned.values())

    def pin(self, url: str) -> bool:
        """Pin the file ``url`` names; False if it is already gone (then it cannot be served)."""
        file_id = PurePosixPath(urlsplit(url).path).stem
        try:
            found = self.manager.read_file(file_id)
        except Exception:  # a storage that cannot return files: pin it, count no bytes
            found = None
        size = found.content_size if found is not None else 0
        manager = self.manager
        with self._own_lock, manager._lock:
            if file_id not in manager._file_metadata:
                return False
            metadata = manager._file_metadata[file_id]
            if metadata.is_marked_for_delete:
                # Marked by a sweep that ran between the file's making and this pin: a fresh,
                # unmarked entry, as execute_deferred itself makes for a repeated file.
                manager._file_metadata[file_id] = type(metadata)(kind=metadata.kind)
            manager._files_by_session_and_coord[PIN_SESSION][file_id] = file_id
            self.pinned.pop(file_id, None)
            self.pinned[file_id] = (self.clock(), size)
            self._shrink(keep=file_id)
        return True

    def expire(self) -> None:
        """Unpin the files older than the grace period."""
        with self._own_lock, self.manager._lock:
            cutoff = self.clock() - self.grace_s
            while self.pinned:
                file_id, (pinned_at, _) = next(iter(self.pinned.items()))
                if pinned_at > cutoff:
                    break
                self._unpin(file_id)

    def _shrink(self, keep: str) -> None:
        """Unpin the oldest files while over a cap (never ``keep``, the one just pinned)."""
        total = sum(size for _, size in self.pinned.values())
        while len(self.pinned) > 1 and (len(self.pinned) > self.max_files or total > self.max_bytes):
            oldest = next(iter(self.pinned))
            if oldest == keep:
                break
            total -= self.pinned[oldest][1]
            self._unpin(oldest)

    def _unpin(self, file_id: str) -> None:
        # Callers hold self._own_lock and the manager's lock.
        self.pinned.pop(file_id, None)
        refs = self.manager._files_by_session_and_coord.get(PIN_SESSION)
        if refs is not None:
            refs.pop(file_id, None)
            if not refs:
                del self.manager._files_by_session_and_coord[PIN_SESSION]


def install(manager: Any = None, **options: Any) -> Pins | None:
    """Keep deferred downloads' files for their fetch on ``manager`` (default: the running app's).

    Idempotent: a manager already wrapped keeps its pins. Returns the pins, or
    None when there is no runtime or Streamlit's internals are not as expected.
    ``options`` (clock, grace_s, max_files, max_bytes) are for tests.
    """
    if manager is None:
        from streamlit import runtime

        if not runtime.exists():
            return None
        manager = runtime.get_instance().media_file_mgr
    existing = getattr(manager, _ATTRIBUTE, None)
    if isinstance(existing, Pins):
        return existing
    missing = [
        name
        for name in (*_PRIVATE, "execute_deferred", "remove_orphaned_files", "read_file")
        if not hasattr(manager, name)
    ]
    if missing:
        _LOG.warning("Deferred downloads are not kept for their fetch: MediaFileManager lacks %s", missing)
        return None
    pins = Pins(manager, **options)
    execute_deferred = manager.execute_deferred
    remove_orphaned_files = manager.remove_orphaned_files

    # Sweeps wait while a file is being made: between Streamlit storing a made file and
    # its pin, a thread that waits for the interpreter lock under load can let two other
    # runs end (mark, delete) and the browser's fetch get a 404 (seen once in 158 downloads
    # of the 240-viewer benchmark). A sweep is never put off for longer than
    # SWEEP_DELAY_MAX_S, so orphaned files are still collected.
    state = {"making": 0, "swept": pins.clock()}
    state_lock = threading.Lock()

    def execute_deferred_and_pin(file_id: str) -> str:
        with state_lock:
            state["making"] += 1
        try:
            # Twice at most: a file deleted before its pin (two sweeps in that instant) is made again.
            for _ in range(2):
                url = execute_deferred(file_id)
                if pins.pin(url):
                    return url
            return url
        finally:
            with state_lock:
                state["making"] -= 1

    def remove_orphaned_files_after_grace() -> None:
        pins.expire()
        with state_lock:
            now = pins.clock()
            if state["making"] and now - state["swept"] < SWEEP_DELAY_MAX_S:
                return
            state["swept"] = now
        remove_orphaned_files()

    manager.execute_deferred = execute_deferred_and_pin
    manager.remove_orphaned_files = remove_orphaned_files_after_grace
    setattr(manager, _ATTRIBUTE, pins)
    return pins
