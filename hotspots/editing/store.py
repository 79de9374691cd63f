"""The editable data folder: one GeoJSON file under git, written atomically, saved under a lock.

The folder (``HOTSPOTS_DATA_DIR``) holds ``hotspots.geojson``, the file the
app reads, and is a git repository (made with dulwich, so no git program is
needed). On first use it is made from the shipped ``data/hotspots.geojson``,
which becomes the first commit; the project's own copy is never written.

Every save:

1. takes a file lock (``.beheer.lock`` in the folder; :mod:`filelock` uses
   ``flock``, which the kernel releases when a holder dies, so a crashed
   process never blocks the next save), so saves from every process of
   ``make serve`` happen one at a time;
2. checks that the hotspot did not change since the version the edit started
   from (else :class:`Conflict`, with both versions, and nothing is written);
3. validates the result (else :class:`Invalid`, problems per field);
4. writes the file atomically (a temporary file in the same folder, flushed
   and fsynced, then ``os.replace``), so every process's live data sees the
   old or the new version, never half of one;
5. commits it, with the editor as author and the reason as message.

Nothing is ever rewritten: restoring an old version is a new commit.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import filelock
from dulwich import porcelain
from dulwich.objects import Commit
from dulwich.repo import Repo

from hotspots import model
from hotspots.editing import checks
from hotspots.editing.diff import field_changes
from hotspots.io import DATA_DIR_ENV, DEFAULT_DATA_PATH

FILE_NAME = "hotspots.geojson"
LOCK_NAME = ".beheer.lock"
#: How long a save waits for another save to finish (seconds).
LOCK_TIMEOUT = 15.0
#: The author of the first commit (the shipped data) and of changes made outside the app.
SYSTEM_AUTHOR = ("Hotspotkaart", "hotspotkaart@localhost")
FIRST_MESSAGE = "Gegevens zoals meegeleverd"
OUTSIDE_MESSAGE = "Bestand buiten Beheer gewijzigd"
#: Most commits a history view reads.
HISTORY_LIMIT = 100
#: Most commits one hotspot's history looks through (each older one costs two parses of the file
#: the first time): a hotspot last changed longer ago shows its changes in ``git log`` only.
HISTORY_SCAN = 300

Feature = dict[str, Any]


def data_dir() -> Path | None:
    """The editable data folder from ``$HOTSPOTS_DATA_DIR``, or None when editing has no folder."""
    value = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(value) if value else None


def prepare_data_folder() -> DataStore | None:
    """The editable data folder of ``$HOTSPOTS_DATA_DIR``, made from the shipped data on first use.

    None when the variable is not set (then the app reads the shipped file and
    nothing can be edited). Cheap when the folder is ready: two ``stat`` calls.
    """
    folder = data_dir()
    if folder is None:
        return None
    store = DataStore(folder)
    store.ensure()
    return store


class EditError(Exception):
    """A save that did not happen; ``str()`` is a Dutch sentence for the editor."""


class Busy(EditError):
    """Another save held the lock for too long."""


@dataclass
class Invalid(EditError):
    """The edit breaks a rule; ``problems`` maps a field key to its messages."""

    problems: dict[str, list[str]]

    def __str__(self) -> str:
        return "De wijziging is niet opgeslagen: " + "; ".join(
            f"{key}: {m}" for key, messages in self.problems.items() for m in messages
        )


@dataclass
class Conflict(EditError):
    """Someone else changed the hotspot since the edit started.

    ``theirs`` is the hotspot as it is now (None: removed), ``mine`` the
    edit (None: a removal), ``head`` the version to start from to keep mine.
    """

    hotspot_id: str
    mine: Feature | None
    theirs: Feature | None
    head: str
    their_change: Change | None = None

    def __str__(self) -> str:
        return f"Hotspot '{self.hotspot_id}' is intussen door iemand anders gewijzigd."


@dataclass(frozen=True)
class Author:
    """The editor: name and e-mail, as git records them."""

    name: str
    email: str

    def ident(self) -> bytes:
        def clean(text: str) -> str:
            return " ".join("".join(c for c in text if c not in "<>\n\r\0").split())

        name = clean(self.name) or clean(self.email) or "onbekend"
        return f"{name} <{clean(self.email)}>".encode()


@dataclass(frozen=True)
class HotspotChange:
    """One hotspot in one commit: its id and name, and the changed fields as Dutch lines."""

    hotspot_id: str
    name: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Change:
    """One commit of the data folder."""

    commit: str
    parent: str | None
    time: dt.datetime
    author: str
    email: str
    reason: str
    hotspots: tuple[HotspotChange, ...] = field(default=())

    @property
    def short(self) -> str:
        return self.commit[:7]


@dataclass(frozen=True)
class Saved:
    """A save that happened: the new version and what it changed."""

    commit: str
    hotspot_id: str | None
    lines: tuple[str, ...]


def dumps(document: Mapping[str, Any]) -> bytes:
    """The file's bytes: UTF-8 JSON with one hotspot per line.

    One line per hotspot keeps git's own diffs readable (a change is one
    line) and lets Python's C encoder write 2,000 hotspots in milliseconds
    (``indent`` would take the pure-Python encoder, over a second).
    """
    shell = {key: value for key, value in document.items() if key != "features"}
    head = json.dumps(shell, ensure_ascii=False)[:-1]
    lines = ",\n".join(json.dumps(feature, ensure_ascii=False) for feature in document.get("features", []))
    separator = ", " if shell else ""
    return f'{head}{separator}"features": [\n{lines}\n]}}\n'.encode()


def features_by_id(document: Mapping[str, Any]) -> dict[str, Feature]:
    result: dict[str, Feature] = {}
    for feature in document.get("features", []):
        if isinstance(feature, dict) and isinstance(feature.get("properties"), dict):
            fid = feature["properties"].get("id")
            if isinstance(fid, str):
                result[fid] = feature
    return result


def _name(feature: Feature | None, fallback: str) -> str:
    if feature and isinstance(feature.get("properties"), dict):
        return str(feature["properties"].get("name") or fallback)
    return fallback


def changed_hotspots(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> tuple[HotspotChange, ...]:
    """The hotspots that differ between two documents, in the order of the newer file."""
    old = features_by_id(before) if before is not None else {}
    new = features_by_id(after)
    order = list(new) + [fid for fid in old if fid not in new]
    changes = []
    for fid in order:
        lines = field_changes(old.get(fid), new.get(fid))
        if lines:
            changes.append(HotspotChange(fid, _name(new.get(fid) or old.get(fid), fid), tuple(lines)))
    return tuple(changes)


def _atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old or the new file, never part of one."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    # The rename itself survives a power cut once the folder is synced too.
    with contextlib.suppress(OSError):
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


#: Versions of the file kept parsed-ready (text); 1,000 hotspots are about 0.6 MB each.
@lru_cache(maxsize=40)
def _document_at(git_dir: str, commit: str) -> str:
    """The file's text at a commit (commits never change, so this is cached)."""
    with Repo(git_dir) as repo:
        tree = repo[repo[commit.encode()].tree]  # type: ignore[attr-defined]
        _, blob_id = tree[FILE_NAME.encode()]  # type: ignore[index]
        return repo[blob_id].data.decode("utf-8-sig")  # type: ignore[attr-defined]


@lru_cache(maxsize=512)
def _change_of(git_dir: str, commit: str) -> Change:
    """One commit with its hotspot changes (cached: a commit never changes)."""
    with Repo(git_dir) as repo:
        obj = repo[commit.encode()]
        assert isinstance(obj, Commit)
        parent = obj.parents[0].decode() if obj.parents else None
        author = obj.author.decode("utf-8", "replace")
        name, _, email = author.partition(" <")
        zone = dt.timezone(dt.timedelta(seconds=obj.author_timezone))
        when = dt.datetime.fromtimestamp(obj.author_time, tz=zone)
        reason = obj.message.decode("utf-8", "replace").strip()
    after = json.loads(_document_at(git_dir, commit))
    before = json.loads(_document_at(git_dir, parent)) if parent else None
    hotspots = changed_hotspots(before, after) if before is not None else ()
    return Change(commit, parent, when, name, email.rstrip(">"), reason, hotspots)


class DataStore:
    """The data folder: read, save, history, restore.

    Parameters
    ----------
    folder : path-like
        The data folder (made when missing).
    seed_file : path-like, optional
        The file the folder starts from on first use; the shipped data by default.
    lock_timeout : float, optional
        Seconds a save waits for another one.
    """

    def __init__(
        self,
        folder: str | os.PathLike[str],
        seed_file: str | os.PathLike[str] = DEFAULT_DATA_PATH,
        lock_timeout: float = LOCK_TIMEOUT,
    ) -> None:
        self.folder = Path(folder).resolve()
        self.path = self.folder / FILE_NAME
        self.seed_file = Path(seed_file)
        self.lock_timeout = lock_timeout

    # -- locking and setup -------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the folder's save lock (across processes); :class:`Busy` after ``lock_timeout``."""
        self.folder.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(str(self.folder / LOCK_NAME), timeout=self.lock_timeout)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise Busy(
                "Een andere wijziging wordt nog opgeslagen. Probeer het over een paar seconden opnieuw; "
                "wat je invulde blijft staan."
            ) from None
        try:
            self._clear_stale_git_locks()
            yield
        finally:
            lock.release()

    def _clear_stale_git_locks(self) -> None:
        """Remove git's own lock files left by a process that died while committing.

        Only called while holding the save lock: no other save is running, so
        any such file is stale.
        """
        git_dir = self.folder / ".git"
        if not git_dir.is_dir():
            return
        for stale in [git_dir / "index.lock", git_dir / "HEAD.lock", *(git_dir / "refs" / "heads").glob("*.lock")]:
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()

    def ensure(self) -> None:
        """Make the folder a repository with a first commit, when it is not one yet."""
        if (self.folder / ".git").is_dir() and self.path.exists():
            return
        with self.locked():
            self._ensure_locked()

    def _ensure_locked(self) -> None:
        git_dir = self.folder / ".git"
        if not self.path.exists():
            _atomic_write(self.path, self.seed_file.read_bytes())
        if not git_dir.is_dir():
            porcelain.init(str(self.folder))
            exclude = git_dir / "info" / "exclude"
            exclude.parent.mkdir(exist_ok=True)
            with exclude.open("a", encoding="utf-8") as out:
                out.write(f"\n{LOCK_NAME}\n.{FILE_NAME}.*.tmp\n")
        with Repo(str(self.folder)) as repo:
            has_head = _head(repo) is not None
        if not has_head:
            self._commit(FIRST_MESSAGE, Author(*SYSTEM_AUTHOR))

    def _commit(self, message: str, author: Author) -> str:
        porcelain.add(str(self.folder), paths=[str(self.path)])
        ident = author.ident()
        commit = porcelain.commit(str(self.folder), message=message.encode("utf-8"), author=ident, committer=ident)
        return commit.decode() if isinstance(commit, bytes) else str(commit)

    # -- reading -----------------------------------------------------------

    @property
    def git_dir(self) -> str:
        return str(self.folder)

    def head(self) -> str:
        """The current version (commit id)."""
        self.ensure()
        with Repo(self.git_dir) as repo:
            head = _head(repo)
        assert head is not None
        return head

    def document(self, commit: str | None = None) -> dict[str, Any]:
        """The data file at a version (the current one by default), parsed."""
        return json.loads(_document_at(self.git_dir, commit or self.head()))

    def hotspot(self, hotspot_id: str, commit: str | None = None) -> Feature | None:
        return features_by_id(self.document(commit)).get(hotspot_id)

    def history(
        self, hotspot_id: str | None = None, limit: int = HISTORY_LIMIT, scan: int = HISTORY_SCAN
    ) -> list[Change]:
        """The changes, newest first: all of them, or those that touched one hotspot.

        At most ``limit`` changes are listed and at most ``scan`` commits read
        (a hotspot's history looks through the newest ``scan`` versions only:
        bounded work however long the history grows). The first commit (the
        shipped data) is listed with no hotspot changes.
        """
        changes: list[Change] = []
        commit: str | None = self.head()
        read = 0
        while commit is not None and len(changes) < limit and read < scan:
            read += 1
            change = _change_of(self.git_dir, commit)
            if hotspot_id is None:
                changes.append(change)
            else:
                mine = tuple(h for h in change.hotspots if h.hotspot_id == hotspot_id)
                if mine or (change.parent is None and self.hotspot(hotspot_id, commit) is not None):
                    changes.append(dataclasses.replace(change, hotspots=mine))
            commit = change.parent
        return changes

    def last_changes(self, limit: int = HISTORY_LIMIT) -> dict[str, Change]:
        """For each hotspot changed in the last ``limit`` commits, its latest change."""
        latest: dict[str, Change] = {}
        for change in self.history(limit=limit):
            for hotspot in change.hotspots:
                latest.setdefault(hotspot.hotspot_id, change)
        return latest

    # -- saving ------------------------------------------------------------

    def save(
        self,
        *,
        author: Author,
        reason: str,
        base: str,
        hotspot_id: str | None = None,
        feature: Feature | None = None,
    ) -> Saved:
        """Add, change or remove one hotspot and commit it.

        Parameters
        ----------
        author : Author
            The editor.
        reason : str
            Why (the commit message); required.
        base : str
            The version the edit started from.
        hotspot_id : str, optional
            The hotspot changed or removed; None to add ``feature``.
        feature : dict, optional
            The new version of the hotspot; None to remove ``hotspot_id``.

        Raises
        ------
        Invalid
            The edit breaks a rule (nothing is written).
        Conflict
            The hotspot changed since ``base`` (nothing is written).
        Busy
            Another save did not finish within the lock timeout.
        """
        reason_problem = checks.check_reason(reason)
        if reason_problem:
            raise Invalid({"reason": [reason_problem]})
        if hotspot_id is None and feature is None:
            raise ValueError("nothing to save")
        with self.locked():
            self._ensure_locked()
            self._commit_outside_changes()
            head = self.head()
            document = self.document(head)
            current = features_by_id(document)
            if hotspot_id is not None and base != head:
                started = self.hotspot(hotspot_id, base)
                if started != current.get(hotspot_id):
                    last = self.history(hotspot_id, limit=1)
                    raise Conflict(hotspot_id, feature, current.get(hotspot_id), head, last[0] if last else None)
            if hotspot_id is not None and hotspot_id not in current and feature is None:
                raise Invalid({"id": [f"hotspot '{hotspot_id}' bestaat niet (meer)"]})
            new_document = self._with(document, hotspot_id, feature)
            return self._write(new_document, document, author, reason, feature, hotspot_id)

    def _with(self, document: dict[str, Any], hotspot_id: str | None, feature: Feature | None) -> dict[str, Any]:
        # ``document`` was parsed for this save alone: a new list is enough, no deep copy.
        new_document = {**document, "features": list(document["features"])}
        features = new_document["features"]
        if feature is not None:
            new_id = feature["properties"].get("id")
            others = [f["properties"]["id"] for f in features if f["properties"].get("id") != hotspot_id]
            if hotspot_id is not None and new_id != hotspot_id:
                raise Invalid({"id": ["het id van een hotspot verandert niet (links blijven werken)"]})
            problems = checks.check_feature(feature, others)
            if problems:
                raise Invalid(problems)
        adding = feature is not None and (
            hotspot_id is None or all(f["properties"].get("id") != hotspot_id for f in features)
        )
        if adding and len(features) >= model.MAX_HOTSPOTS:
            # The app would refuse the file (and keep showing the old one): refuse the edit instead.
            raise Invalid(
                {
                    "hotspot": [
                        f"het bestand heeft al {len(features)} hotspots, het meeste dat de kaart toont; "
                        "verwijder er eerst een"
                    ]
                }
            )
        if hotspot_id is None:
            features.append(copy.deepcopy(feature))
            return new_document
        position = next((i for i, f in enumerate(features) if f["properties"].get("id") == hotspot_id), None)
        if feature is None:
            if position is not None:
                del features[position]
        elif position is None:
            features.append(copy.deepcopy(feature))
        else:
            features[position] = copy.deepcopy(feature)
        if not features:
            raise Invalid({"hotspot": ["de laatste hotspot kan niet worden verwijderd"]})
        return new_document

    def _write(
        self,
        new_document: dict[str, Any],
        old_document: dict[str, Any],
        author: Author,
        reason: str,
        feature: Feature | None,
        hotspot_id: str | None,
    ) -> Saved:
        changes = changed_hotspots(old_document, new_document)
        if not changes:
            raise Invalid({"hotspot": ["er is niets gewijzigd"]})
        _atomic_write(self.path, dumps(new_document))
        commit = self._commit(reason.strip(), author)
        fid = hotspot_id or (feature["properties"]["id"] if feature else None)
        lines = next((c.lines for c in changes if c.hotspot_id == fid), ())
        return Saved(commit, fid, lines)

    def _commit_outside_changes(self) -> None:
        """A file changed by hand since the last commit is committed first, so the history stays true."""
        on_disk = self.path.read_bytes()
        if on_disk.decode("utf-8-sig", "replace") != _document_at(self.git_dir, self.head()):
            try:
                json.loads(on_disk)
            except ValueError:
                return  # not JSON: the save below replaces it; git keeps the last good version
            self._commit(OUTSIDE_MESSAGE, Author(*SYSTEM_AUTHOR))

    # -- restoring -----------------------------------------------------------

    def restore_hotspot(self, hotspot_id: str, commit: str, *, author: Author, reason: str) -> Saved:
        """Make a hotspot as it was at ``commit`` again (absent there: removed), as a new commit."""
        old = self.hotspot(hotspot_id, commit)
        head = self.head()
        return self.save(author=author, reason=reason, base=head, hotspot_id=hotspot_id, feature=old)

    def restore_file(self, commit: str, *, author: Author, reason: str) -> Saved:
        """Make the whole file as it was at ``commit`` again, as a new commit."""
        reason_problem = checks.check_reason(reason)
        if reason_problem:
            raise Invalid({"reason": [reason_problem]})
        with self.locked():
            self._ensure_locked()
            self._commit_outside_changes()
            current = self.document()
            return self._write(self.document(commit), current, author, reason, None, None)


def _head(repo: Repo) -> str | None:
    try:
        return repo.head().decode()
    except KeyError:
        return None
