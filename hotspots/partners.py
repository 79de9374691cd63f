"""Kansrijke partners: which hotspots could work together, and why.

Seed 003 (ActieAgenda, Actielijn 4 "Samen sterker") asks for cooperation
between hotspots; seed 001 §2.3 gives the reach of proximity (80–120 km).
The rule is stated once, in :data:`RULE_TEXT`, and implemented once, in
:func:`links`; :func:`reasons_text` says in Dutch why two hotspots are
partners and :func:`partners_of` lists one hotspot's partners. The network
figures made of the links (groups, partner counts, connectors) are in
:mod:`hotspots.network`; :func:`network` and :class:`NetworkFigures` can be
imported from here too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from numbers import Real
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from hotspots import geo
from hotspots.model import PRODUCT_CHAINS, TYPES, Term, label

# The network figures live in hotspots.network, and are importable from here too, beside the links
# they are made of. (Its limits are read there: set BETWEENNESS_MAX_* on hotspots.network.)
from hotspots.network import (
    BETWEENNESS_ESTIMATE_NOTICE,
    BETWEENNESS_MAX_LINKS,
    BETWEENNESS_MAX_WORK,
    CONNECTOR_COUNT,
    EXPLANATIONS,
    NetworkFigures,
    attach_link_positions,
    check_table,
    network,
)
from hotspots.viewstate import quoted_list

__all__ = [
    "ALL_KINDS",
    "BETWEENNESS_ESTIMATE_NOTICE",
    "BETWEENNESS_MAX_LINKS",
    "BETWEENNESS_MAX_WORK",
    "CONNECTOR_COUNT",
    "EXACT_DISTANCE_MAX_LINKS",
    "EXPLANATIONS",
    "KINDS",
    "KIND_TERMS",
    "LINK_COLUMNS",
    "PARTNER_COLUMNS",
    "RULE_TEXT",
    "WEIGHTS",
    "NetworkFigures",
    "kinds_param",
    "links",
    "network",
    "parse_kinds",
    "partners_of",
    "reasons_text",
]

KINDS = ("keten", "type", "dv")
KIND_TERMS = {
    "keten": Term("keten", "productketen", "Beide hotspots bespraken dezelfde productketen uit de ActieAgenda."),
    "type": Term("type", "type", "Beide hotspots zijn van hetzelfde type en bouwen dus op verwante kennis."),
    "dv": Term("dv", "Digitaal Verbinden", "Beide hotspots bespraken Digitaal Verbinden in de ActieAgenda."),
}
ALL_KINDS = frozenset(KINDS)
# Weight of one shared item of each kind in the score; product chains weigh most.
WEIGHTS = {"keten": 3, "type": 1, "dv": 2}

RULE_TEXT = (
    "Twee hotspots zijn kansrijke partners als ze hoogstens de gekozen straal (80 tot 120 km, gemeten over "
    "het aardoppervlak) van elkaar liggen én iets delen: een productketen, een type, of allebei besproken "
    "Digitaal Verbinden. Alleen de gekozen soorten koppeling tellen mee. "
    f"De score is ({WEIGHTS['keten']} × het aantal gedeelde productketens + {WEIGHTS['type']} × het aantal "
    f"gedeelde typen + {WEIGHTS['dv']} als beide Digitaal Verbinden bespraken) × (1 − afstand ÷ straal): "
    "een gedeelde productketen weegt het zwaarst, en hoe dichterbij, hoe hoger de score (op precies de "
    "straal is hij 0). Een koppeling die alleen op ingeschatte gegevens berust, heet een inschatting."
)

LINK_COLUMNS = ("a", "b", "distance_km", "chains", "types", "dv", "score", "strongest", "estimated_only")
PARTNER_COLUMNS = ("partner", "distance_km", "chains", "types", "dv", "strongest", "reasons", "score", "estimated_only")
_DTYPES: dict[str, Any] = {"distance_km": "float64", "score": "float64", "dv": "bool", "estimated_only": "bool"}
_DTYPES |= {name: object for name in ("a", "b", "partner", "chains", "types", "strongest", "reasons")}
# Up to this many links the distances are recomputed on the exact geodesic (see links()).
EXACT_DISTANCE_MAX_LINKS = 200_000


def parse_kinds(value: str | list[str] | None) -> tuple[frozenset[str], list[str]]:
    """Read the link kinds from the URL parameter ``koppel`` (e.g. ``keten,type,dv``).

    Parameters
    ----------
    value : str, list of str or None
        The value; ``None`` (absent) means all kinds. In a list every value
        counts, and each may hold comma-separated kinds.

    Returns
    -------
    (frozenset of str, list of str)
        The kinds (never empty) and Dutch notices: unknown values are dropped,
        and when nothing valid remains all kinds count.
    """
    if value is None:
        return ALL_KINDS, []
    if isinstance(value, str):
        value = [value]
    elif not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"value must be a string, a list of strings or None, got {value!r}")
    values = [v.strip().lower() for raw in value for v in raw.split(",") if v.strip()]
    unknown = list(dict.fromkeys(v for v in values if v not in ALL_KINDS))
    chosen = frozenset(v for v in values if v in ALL_KINDS)
    notices = []
    if unknown:
        notices.append(
            f"Onbekende waarde {quoted_list(unknown)} voor 'koppel' genegeerd (mogelijk: {', '.join(KINDS)})."
        )
    if not chosen:
        notices.append(f"Geen geldige koppeling gekozen voor 'koppel'; alle soorten tellen mee ({', '.join(KINDS)}).")
    return chosen or ALL_KINDS, notices


def _check_kinds(kinds: Iterable[str] | None) -> frozenset[str]:
    if kinds is None:
        return ALL_KINDS
    if isinstance(kinds, str) or not isinstance(kinds, Iterable):
        raise TypeError(f"kinds must be a collection of kinds such as {{'keten', 'dv'}}, got {kinds!r}")
    chosen = frozenset(kinds)
    if chosen - ALL_KINDS:
        raise ValueError(f"unknown link kinds {sorted(map(str, chosen - ALL_KINDS))}; choose from {list(KINDS)}")
    if not chosen:
        raise ValueError(f"kinds must hold at least one of {list(KINDS)}, got an empty collection")
    return chosen


def kinds_param(kinds: Iterable[str]) -> str | None:
    """The ``koppel`` URL value for ``kinds``: ``None`` when all count (the default), else e.g. ``'keten,dv'``."""
    chosen = _check_kinds(kinds)
    return None if chosen == ALL_KINDS else ",".join(kind for kind in KINDS if kind in chosen)


def _check_radius(radius_km: Any) -> float:
    if isinstance(radius_km, bool) or not isinstance(radius_km, Real):
        raise TypeError(f"radius_km must be a number of km, got {radius_km!r}")
    if not geo.RADIUS_MIN_KM <= float(radius_km) <= geo.RADIUS_MAX_KM:
        raise ValueError(f"radius_km must be {geo.RADIUS_MIN_KM} to {geo.RADIUS_MAX_KM} km, got {radius_km!r}")
    return float(radius_km)


def _frame(columns: tuple[str, ...], values: Iterable[Any]) -> pd.DataFrame:
    # explicit dtypes: left to infer, pandas 3 would convert the ids to (slower) Arrow strings
    series = {
        name: pd.Series(data, dtype=_DTYPES[name], copy=False) for name, data in zip(columns, values, strict=True)
    }
    return pd.DataFrame(series, copy=False)


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return _frame(columns, ([] for _ in columns))


def _object_array(items: list[Any]) -> np.ndarray:
    array = np.empty(len(items), dtype=object)
    array[:] = items  # element by element: np.array would turn equal-length tuples into a 2-D array
    return array


def _bitmasks(column: pd.Series, vocabulary: Mapping[str, Term]) -> tuple[np.ndarray, np.ndarray]:
    """Per hotspot a bitmask of its slugs, and per mask value the tuple of its slugs (vocabulary order)."""
    slugs = [*vocabulary, *sorted({slug for values in column for slug in values} - set(vocabulary))]
    if len(slugs) > 16:  # the table has 2 ** len(slugs) entries
        raise ValueError(f"at most 16 distinct values per column are supported, got {slugs}")
    bit = {slug: 1 << i for i, slug in enumerate(slugs)}
    masks = np.fromiter((sum(bit[s] for s in set(values)) for values in column), dtype=np.int32, count=len(column))
    table = _object_array([tuple(s for i, s in enumerate(slugs) if m >> i & 1) for m in range(1 << len(slugs))])
    return masks, table


def links(frame: gpd.GeoDataFrame, radius_km: float, kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """Every pair of kansrijke partners in ``frame``: the rule of :data:`RULE_TEXT`.

    Parameters
    ----------
    frame : GeoDataFrame
        Hotspots in EPSG:4326 as :func:`hotspots.io.load_hotspots` gives them
        (``id``, ``types``, ``product_chains``, ``digitaal_verbinden``,
        ``estimated``, points); ids must be unique.
    radius_km : float
        The radius R, 80 to 120 km; a pair exactly R apart qualifies.
    kinds : collection of str, optional
        The kinds of link that count, a non-empty subset of :data:`KINDS`
        (default all). Other kinds count neither for qualifying nor for the
        score, and their columns stay empty (``()`` / ``False``).

    Returns
    -------
    DataFrame
        One row per qualifying pair, columns :data:`LINK_COLUMNS`: ids ``a`` <
        ``b``; ``distance_km``, the WGS 84 geodesic (pairs from the KD-tree
        search of :func:`hotspots.geo.pairs_within`, as row positions:
        :func:`hotspots.geo.pair_positions_within`; above
        :data:`EXACT_DISTANCE_MAX_LINKS` links its projected distances, within
        0.01 %, are kept for speed);
        ``chains`` and ``types``, tuples of shared slugs; ``dv``, both discussed
        Digitaal Verbinden; ``score`` =
        ``(3 × len(chains) + 1 × len(types) + 2 × dv) × (1 − distance_km / R)``;
        ``strongest``, ``keten`` > ``dv`` > ``type``; ``estimated_only``, every
        reason rests on an estimate (shared chains when ``product_chains`` is
        in either hotspot's ``estimated``, shared types likewise with
        ``types``, DV with ``digitaal_verbinden``; estimated locations do not
        count). Sorted by score descending, distance, ids. Empty (same
        columns and dtypes) when none.

    Examples
    --------
    >>> from hotspots.io import load_hotspots
    >>> bool((links(load_hotspots().frame, 100)["distance_km"] <= 100).all())
    True
    """
    check_table(frame, "frame", ("id", "types", "product_chains", "digitaal_verbinden", "estimated"), gpd.GeoDataFrame)
    radius = _check_radius(radius_km)
    chosen = _check_kinds(kinds)
    # The pairs of geo.pairs_within, as row positions: no ids for millions of pairs until the very end.
    pa, pb, distance = geo.pair_positions_within(frame, radius)
    if len(pa) == 0:
        return _empty(LINK_COLUMNS)
    ids = frame["id"].to_numpy(dtype=object)

    # One bitmask per hotspot holds everything a pair can share: its product chains (the low bits), its
    # types, and Digitaal Verbinden (the top bit); kinds that do not count are left out. A pair shares
    # the AND of its two masks, so per pair everything is numpy on int32 positions, no Python per pair.
    chain_masks, chain_table = _bitmasks(frame["product_chains"], PRODUCT_CHAINS)
    type_masks, type_table = _bitmasks(frame["types"], TYPES)
    chain_bits, type_bits = (len(table).bit_length() - 1 for table in (chain_table, type_table))
    chain_field, type_field = (1 << chain_bits) - 1, ((1 << type_bits) - 1) << chain_bits
    dv_field = 1 << (chain_bits + type_bits)
    fields = {"product_chains": chain_field, "types": type_field, "digitaal_verbinden": dv_field}
    dv_flags = frame["digitaal_verbinden"].to_numpy(dtype=bool)
    masks = (
        chain_masks.astype(np.int64) | type_masks.astype(np.int64) << chain_bits | dv_flags.astype(np.int64) * dv_field
    )
    counted = (chain_field if "keten" in chosen else 0) | (type_field if "type" in chosen else 0)
    masks &= counted | (dv_field if "dv" in chosen else 0)
    masks = masks.astype(np.int32 if dv_field < 1 << 31 else np.int64)
    # per hotspot the fields it has estimated, as the same bits
    estimated = np.fromiter(
        (sum(bits for field, bits in fields.items() if field in e) for e in frame["estimated"]),
        dtype=np.int64,
        count=len(frame),
    ).astype(masks.dtype)

    shared = masks[pa] & masks[pb]
    keep = np.flatnonzero(shared)  # the pair shares something that counts
    if len(keep) == 0:
        return _empty(LINK_COLUMNS)
    if len(keep) < len(pa):
        pa, pb, distance, shared = pa[keep], pb[keep], distance[keep], shared[keep]
    if len(keep) <= EXACT_DISTANCE_MAX_LINKS:  # so lists agree with geo.distances_from to the metre
        lon, lat = frame.geometry.x.to_numpy(dtype=float), frame.geometry.y.to_numpy(dtype=float)
        distance = np.asarray(geo.distance_km(lon[pa], lat[pa], lon[pb], lat[pb]), dtype=float).reshape(-1)
    weight = WEIGHTS["keten"] * np.bitwise_count(shared & chain_field).astype(np.int32)
    weight += WEIGHTS["type"] * np.bitwise_count(shared & type_field)
    weight += WEIGHTS["dv"] * (shared & dv_field != 0)
    score = weight * np.clip(1.0 - distance / radius, 0.0, 1.0)
    del shared, weight

    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.argsort(ids, kind="stable")] = np.arange(len(ids))
    order = _sort_order(score, distance, lambda rows: _pair_key(rank, pa[rows], pb[rows]))
    pa, pb, distance, score = pa[order], pb[order], distance[order], score[order]
    del order
    # a < b by id: swap where the KD-tree's order (by row) differs
    swap = rank[pa] > rank[pb]
    lo, hi = np.where(swap, pb, pa), np.where(swap, pa, pb)
    # what they share again, now in the final order: gathers from the per-hotspot masks, cheaper than sorting it
    shared = masks[lo] & masks[hi]
    chains, types, dv = shared & chain_field, (shared & type_field) >> chain_bits, shared & dv_field != 0
    # estimated only: every shared bit lies in a field that either hotspot estimated
    estimated_only = (shared & ~(estimated[lo] | estimated[hi])) == 0
    strongest = _object_array(["keten", "dv", "type"])[np.where(chains != 0, 0, np.where(dv, 1, 2))]
    values = (ids[lo], ids[hi], distance, chain_table[chains], type_table[types], dv, score, strongest, estimated_only)
    result = _frame(LINK_COLUMNS, values)
    attach_link_positions(result, ids, lo, hi)  # network() on this frame need not look the ids up again
    return result


def _pair_key(rank: np.ndarray, pa: np.ndarray, pb: np.ndarray) -> np.ndarray:
    """Per pair of row positions a key that orders the pairs by (smaller id, larger id)."""
    ra, rb = rank[pa], rank[pb]
    return np.minimum(ra, rb) * len(rank) + np.maximum(ra, rb)


# Sort keys pack the row number into the low bits of one int64 beside the score; up to this many rows.
_PACKED_SORT_MAX_ROWS = 1 << 26


def _sort_order(
    score: np.ndarray, distance: np.ndarray, pair_key: np.ndarray | Callable[[np.ndarray], np.ndarray]
) -> np.ndarray:
    """Order by score descending, then distance, then ids (``pair_key``: an array, or a function giving the
    key of the rows it is passed).

    One sort of int64 keys that hold the score's leading bits (the bits of a
    float of 0 or more order as the float does; scores are) and the row number: np.sort
    of numbers is twice as fast as an argsort over millions of links. Rows
    whose leading bits tie (equal scores, or scores within about 1e-9 of
    each other) get a lexsort on the exact score, the distance and the ids'
    key; they are few, and only they need the ids' key.
    """
    n = len(score)
    score = np.asarray(score, dtype=np.float64) + 0.0  # + 0.0: -0.0 becomes 0.0
    if n == 0:
        return np.array([], dtype=np.int64)
    high: np.ndarray
    if n > _PACKED_SORT_MAX_ROWS or not (score >= 0).all():  # (NaN too)
        order = np.argsort(-score)
        high = score[order]
    else:
        bits = max(1, (n - 1).bit_length())
        keys = np.int64(0x7FF0000000000000) - score.view(np.int64)  # larger score: smaller key
        keys &= ~np.int64((1 << bits) - 1)  # (in place: these are arrays of millions)
        keys |= np.arange(n, dtype=np.int64)
        keys.sort()
        order = keys & ((1 << bits) - 1)
        high = keys
        high >>= bits
    tied = high[1:] == high[:-1]
    if tied.any():
        involved = np.flatnonzero(np.r_[tied, False] | np.r_[False, tied])
        run = np.cumsum(~np.r_[False, tied][involved])  # numbers the runs of ties (only theirs: few rows)
        subset = order[involved]
        key = pair_key(subset) if callable(pair_key) else pair_key[subset]
        order[involved] = subset[np.lexsort((key, distance[subset], -score[subset], run))]
    return order


def reasons_text(link_row: Mapping[str, Any] | pd.Series, *, with_distance: bool = True) -> str:
    """The Dutch reasons of one link, e.g. ``productketen Waterstof; beide Digitaal Verbinden · 34,2 km``.

    Parameters
    ----------
    link_row : Series or mapping
        A row of :func:`links` (``chains``, ``types``, ``dv``, ``distance_km``;
        a true ``estimated_only`` adds "(inschatting)").
    with_distance : bool
        End with the distance: one decimal, decimal comma.
    """
    if not isinstance(link_row, (Mapping, pd.Series)):
        raise TypeError(f"link_row must be a row of links() (Series or mapping), got {type(link_row).__name__}")
    missing = [
        key for key in ("chains", "types", "dv", "distance_km")[: 4 if with_distance else 3] if key not in link_row
    ]
    if missing:
        raise ValueError(f"link_row lacks {missing}; it has {list(link_row.keys())}")
    chains, types = tuple(link_row["chains"]), tuple(link_row["types"])
    parts = []
    if chains:
        word = "productketen" if len(chains) == 1 else "productketens"
        parts.append(f"{word} {', '.join(label(PRODUCT_CHAINS, c) for c in chains)}")
    if types:
        parts.append(f"{'type' if len(types) == 1 else 'typen'} {', '.join(label(TYPES, t) for t in types)}")
    if bool(link_row["dv"]):
        parts.append(f"beide {KIND_TERMS['dv'].label}")
    text = "; ".join(parts) or "niets gedeeld"
    if bool(link_row.get("estimated_only", False)):
        text += " (inschatting)"
    if with_distance:
        text += f" · {float(link_row['distance_km']):.1f} km".replace(".", ",")
    return text


def partners_of(links_frame: pd.DataFrame, hotspot_id: str, limit: int | None = None) -> pd.DataFrame:
    """The partners of one hotspot, strongest first.

    Parameters
    ----------
    links_frame : DataFrame
        What :func:`links` returned.
    hotspot_id : str
        The hotspot; one without links (or unknown) gives an empty frame.
    limit : int, optional
        At most this many partners (``None``: all).

    Returns
    -------
    DataFrame
        Columns :data:`PARTNER_COLUMNS`: ``partner`` (id), the link's
        distance, shared items, ``strongest``, ``reasons`` (:func:`reasons_text`
        without the distance), ``score`` and ``estimated_only``; sorted by
        score descending, distance, partner id.
    """
    check_table(links_frame, "links_frame", LINK_COLUMNS)
    if not isinstance(hotspot_id, str):
        raise TypeError(f"hotspot_id must be a string, got {hotspot_id!r}")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)):
        raise TypeError(f"limit must be None or a whole number, got {limit!r}")
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be at least 0, got {limit!r}")
    # Arrays and a plain sort, not pandas: this runs for every new map view
    # with a selected hotspot, where pandas' overhead was most of the time.
    a, b = links_frame["a"].to_numpy(), links_frame["b"].to_numpy()
    rows = np.flatnonzero((a == hotspot_id) | (b == hotspot_id))
    partner = np.where(a[rows] == hotspot_id, b[rows], a[rows])
    score, distance = links_frame["score"].to_numpy()[rows], links_frame["distance_km"].to_numpy()[rows]
    # score descending, then distance, then partner id; sorted() is stable like the old pandas sort
    order = sorted(range(len(rows)), key=lambda i: (-score[i], distance[i], partner[i]))[:limit]
    picked = rows[order]
    columns = {name: links_frame[name].to_numpy()[picked] for name in PARTNER_COLUMNS if name in links_frame}
    columns["partner"] = partner[order]
    columns["reasons"] = _object_array(
        [
            reasons_text(
                {name: columns[name][i] for name in ("chains", "types", "dv", "estimated_only")}, with_distance=False
            )
            for i in range(len(picked))
        ]
    )
    return _frame(PARTNER_COLUMNS, (columns[name] for name in PARTNER_COLUMNS))
