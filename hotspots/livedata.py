"""The data file under a running app: read again when it changes, the last good version kept.

Staff replace ``data/hotspots.geojson`` while the app runs. :class:`LiveData`
notices a new file by its modification time and size (one ``os.stat`` per
call, cheap enough for every rerun) and reads it once. When the new file has
problems and an earlier version had none, the app keeps showing the earlier
version and says why: nothing a viewer sees is lost to a half-saved or
mistyped file. One :class:`LiveData` is shared by every session of a process.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hotspots.io import LoadResult, load_hotspots

#: (modification time in ns, size in bytes) of a file; (0, -1) when it cannot be read.
Version = tuple[int, int]


@dataclass(frozen=True)
class Snapshot:
    """What the app shows now.

    Attributes
    ----------
    result : LoadResult
        The data in use.
    version : Version
        The file version ``result`` was read from (a cache key for what is built from it).
    refused : LoadResult or None
        A newer version of the file that was not used because it has problems.
    refused_since : float or None
        When that newer version was first seen (seconds since the epoch).
    """

    result: LoadResult
    version: Version
    refused: LoadResult | None = None
    refused_since: float | None = None

    @property
    def key(self) -> tuple[str, int, int]:
        """Identifies the data in use (file and version): a cache key for what is built from it."""
        return (str(self.result.path), *self.version)


def file_version(path: Path) -> Version:
    """The file's (mtime_ns, size), or (0, -1) when it cannot be read."""
    try:
        stat = os.stat(path)
    except OSError:
        return (0, -1)
    return (stat.st_mtime_ns, stat.st_size)


class LiveData:
    """One data file, read when it changes.

    Parameters
    ----------
    path : path-like
        The GeoJSON file.
    loader : callable, optional
        Reads the file into a :class:`~hotspots.io.LoadResult`; :func:`~hotspots.io.load_hotspots` by default.
    clock : callable, optional
        Seconds since the epoch (for tests).

    Examples
    --------
    >>> live = LiveData("data/hotspots.geojson")
    >>> snapshot = live.current()
    >>> len(snapshot.result.frame) > 0, snapshot.refused is None
    (True, True)
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        loader: Callable[[Path], LoadResult] = load_hotspots,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = Path(path)
        self._loader = loader
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: Version | None = None
        self._snapshot: Snapshot | None = None

    def current(self) -> Snapshot:
        """The data to show now; reads the file again only when its version changed."""
        version = file_version(self.path)
        snapshot = self._snapshot
        if snapshot is not None and version == self._seen:
            return snapshot
        with self._lock:  # one session reads a new file, the others wait for it
            if self._snapshot is not None and version == self._seen:
                return self._snapshot
            result = self._loader(self.path)
            self._snapshot = self._next(result, version)
            self._seen = version
            return self._snapshot

    def _next(self, result: LoadResult, version: Version) -> Snapshot:
        previous = self._snapshot
        # A file with problems (unreadable, removed, some hotspots rejected)
        # does not replace a version that had none.
        if previous is not None and not previous.result.problems and result.problems:
            return Snapshot(previous.result, previous.version, refused=result, refused_since=self._clock())
        return Snapshot(result, version)
