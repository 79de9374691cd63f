"""The data file under a running app: read again when it changes, the last good version kept.

Staff replace ``data/hotspots.geojson`` while the app runs. :class:`LiveData`
notices a new file by its modification time, size, inode and change time (one
``os.stat`` per call, cheap enough for every rerun): a copy that keeps the old
modification time and size (``cp -p``, ``rsync -a``) still changes the change
time, and a file moved into place (an atomic write) has a new inode. It reads
a new file once.

The rule: a new version with problems is *worse*, and not used, when the
version in use had no problems, or when the new one has fewer valid hotspots
(an unreadable, half-written or removed file has none). The app then keeps
showing the version in use and says why: nothing a viewer sees is lost to a
half-saved or mistyped file. A new version without problems is always used
(also one with fewer hotspots: staff removed some). One :class:`LiveData` is
shared by every session of a process.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hotspots.io import LoadResult, load_hotspots

#: (modification time in ns, size in bytes, inode, change time in ns) of a file; (0, -1, 0, 0) when it
#: cannot be read.
Version = tuple[int, int, int, int]


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
    def key(self) -> tuple[str, int, int, int, int]:
        """Identifies the data in use (file and version): a cache key for what is built from it."""
        return (str(self.result.path), *self.version)


def file_version(path: Path) -> Version:
    """The file's (mtime_ns, size, inode, ctime_ns), or (0, -1, 0, 0) when it cannot be read."""
    try:
        stat = os.stat(path)
    except OSError:
        return (0, -1, 0, 0)
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_ctime_ns)


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
        if previous is not None and worse(result, previous.result):
            since = previous.refused_since if previous.refused is not None else None
            return Snapshot(previous.result, previous.version, refused=result, refused_since=since or self._clock())
        return Snapshot(result, version)


def worse(new: LoadResult, in_use: LoadResult) -> bool:
    """Whether ``new`` must not replace ``in_use`` (the rule in the module docstring).

    A file with problems (unreadable, removed, hotspots rejected) is worse
    than one without, and worse than one with more valid hotspots.
    """
    if not new.problems:
        return False
    return not in_use.problems or len(new.frame) < len(in_use.frame)
