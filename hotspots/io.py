"""Reading the hotspot data file into a GeoDataFrame, with clear problems.

``load_hotspots`` never raises for bad input: it returns what it could read
plus a list of :class:`~hotspots.model.Problem`, so the app can show the
valid hotspots and name the rejected ones.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from hotspots.model import Problem, validate_collection
from hotspots.schema_messages import json_error_message

DATA_ENV = "HOTSPOTS_DATA"
#: The editable data folder (hotspots.editing.store): the app reads its hotspots.geojson.
DATA_DIR_ENV = "HOTSPOTS_DATA_DIR"
DEFAULT_DATA_PATH = Path(__file__).resolve().parent.parent / "data" / "hotspots.geojson"
CRS = "EPSG:4326"
#: Largest data file read (bytes): 1,000 hotspots (hotspots.model.MAX_HOTSPOTS) with long
#: descriptions take about 1.2 MB; a larger file is refused before it is parsed.
MAX_FILE_BYTES = 8 * 2**20

# Columns of the hotspot frame, in display order (geometry last).
COLUMNS = [
    "id",
    "name",
    "place",
    "province",
    "scope",
    "types",
    "phase",
    "product_chains",
    "digitaal_verbinden",
    "anchors",
    "focus",
    "sources",
    "estimated",
]
LIST_COLUMNS = ("types", "product_chains", "anchors", "sources", "estimated")


def data_path() -> Path:
    """The data file: ``$HOTSPOTS_DATA`` if set, else ``hotspots.geojson`` in ``$HOTSPOTS_DATA_DIR``
    (the folder the Beheer page edits) if set, else the shipped ``data/hotspots.geojson``."""
    value = os.environ.get(DATA_ENV, "").strip()
    if value:
        return Path(value)
    folder = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(folder) / "hotspots.geojson" if folder else DEFAULT_DATA_PATH


@dataclass
class LoadResult:
    """What :func:`load_hotspots` read.

    ``frame`` holds the valid hotspots; ``problems`` every reason something
    was rejected. ``fatal`` is true when the file as a whole could not be used
    (then ``frame`` is empty).
    """

    path: Path
    frame: gpd.GeoDataFrame
    problems: list[Problem] = field(default_factory=list)
    total_features: int = 0

    @property
    def fatal(self) -> bool:
        return any(problem.index is None for problem in self.problems)

    @property
    def rejected_ids(self) -> list[str]:
        """Labels of the rejected hotspots, one per feature, in file order."""
        seen: dict[int, str] = {}
        for problem in self.problems:
            if problem.index is not None and problem.index not in seen:
                seen[problem.index] = problem.where
        return [seen[i] for i in sorted(seen)]


def empty_frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {name: pd.Series(dtype=object) for name in COLUMNS}, geometry=gpd.GeoSeries([], crs=CRS), crs=CRS
    )


def frame_from_features(features: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    """A GeoDataFrame (EPSG:4326) of already validated features."""
    if not features:
        return empty_frame()
    rows = []
    for feature in features:
        props = feature["properties"]
        row = {name: props[name] for name in COLUMNS}
        for name in LIST_COLUMNS:
            row[name] = list(row[name])
        row["name"] = row["name"].strip()
        lon, lat = feature["geometry"]["coordinates"][:2]
        row["geometry"] = Point(float(lon), float(lat))
        rows.append(row)
    frame = gpd.GeoDataFrame(rows, columns=[*COLUMNS, "geometry"], geometry="geometry", crs=CRS)
    frame["digitaal_verbinden"] = frame["digitaal_verbinden"].astype(bool)
    return _plain_text(frame.reset_index(drop=True))


def _plain_text(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The text columns as Python strings (``object``), not pandas 3's default Arrow-backed ``str``.

    Every map view selects, orders and reads rows of this frame. On a few
    dozen rows pyarrow's per-call overhead dominates (a ``take`` per column
    per selection), and under a webinar's load those calls were the largest
    single cost of a script run; NumPy object arrays do the same in a
    fraction of the time. The values are the same strings.
    """
    text = [c for c in frame.columns if c != frame.geometry.name and pd.api.types.is_string_dtype(frame[c])]
    return frame.astype({c: object for c in text}) if text else frame


def read_document(path: Path) -> tuple[Any, list[Problem]]:
    """Parse a JSON file; problems instead of exceptions, in Dutch, naming the file but not its folder.

    (A visitor may see these messages: the server's paths are none of their business.)
    """
    name = Path(path).name
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return None, [Problem(f"het bestand '{name}' bestaat niet")]
    except IsADirectoryError:
        return None, [Problem(f"'{name}' is een map, geen bestand")]
    except PermissionError:
        return None, [Problem(f"het bestand '{name}' mag niet worden gelezen")]
    except OSError:
        return None, [Problem(f"het bestand '{name}' kan niet worden gelezen")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(
                f"het bestand is {len(raw) // 2**20} MB; een gegevensbestand is hoogstens {MAX_FILE_BYTES // 2**20} MB"
            )
        ]
    if not raw.strip():
        return None, [Problem(f"het bestand '{name}' is leeg")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem(f"het bestand is geen UTF-8-tekst (onleesbare byte op positie {exc.start})")]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as exc:
        reason = json_error_message(exc.msg)
        return None, [Problem(f"geen geldige JSON: {reason} (regel {exc.lineno}, kolom {exc.colno})")]
    except (RecursionError, ValueError):  # nested thousands deep; a number of thousands of digits
        return None, [Problem("geen geldige JSON: te diep genest of een getal met te veel cijfers")]


def load_hotspots(path: str | os.PathLike[str] | None = None) -> LoadResult:
    """Load and validate the hotspot data file.

    Parameters
    ----------
    path : path-like, optional
        The GeoJSON file; by default :func:`data_path`.

    Returns
    -------
    LoadResult
        The valid hotspots as a GeoDataFrame in EPSG:4326 plus every problem.

    Examples
    --------
    >>> result = load_hotspots()
    >>> result.fatal
    False
    """
    path = Path(path) if path is not None else data_path()
    document, problems = read_document(path)
    if problems:
        return LoadResult(path, empty_frame(), problems)
    features, problems = validate_collection(document)
    total = (
        len(document["features"]) if isinstance(document, dict) and isinstance(document.get("features"), list) else 0
    )
    return LoadResult(path, frame_from_features(features), problems, total_features=total)
