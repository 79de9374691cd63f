"""The network of kansrijke partners in figures: groups, partner counts, connectors.

The links come from :func:`hotspots.partners.links`; this module only reads
their ids and scores. Groups and partner counts are exact at any size
(scipy's connected components); the connectors come from networkx's
betweenness centrality, estimated for very large networks. The figures are
explained in Dutch in :data:`EXPLANATIONS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

EXPLANATIONS = {
    "netwerken": "Groepen hotspots die via kansrijke partners met elkaar verbonden zijn, rechtstreeks of via "
    "andere hotspots: samen zouden ze één consortium kunnen vormen.",
    "partners": "Het aantal kansrijke partners van een hotspot: andere hotspots binnen de straal waarmee hij "
    "iets deelt.",
    "verbinders": "De hotspots die het vaakst op de kortste weg van partner naar partner tussen twee andere "
    "hotspots liggen (betweenness): zij brengen hotspots bij elkaar die anders verder uit elkaar staan.",
}
BETWEENNESS_ESTIMATE_NOTICE = (
    "Er zijn veel koppelingen: de verbinders zijn geschat op de {links} sterkste koppelingen, "
    "met een steekproef van {sample} hotspots."
)
CONNECTOR_COUNT = 3
# networkx's betweenness costs roughly 0.8 µs per (source × link) on a 2-core server (sources: every
# linked hotspot when exact, the sample when estimated), so about 0.2 s at this much work; above it the
# connectors are estimated (see network()), from about 25 sources on the strongest links. That keeps
# links + network figures of 5,000 hotspots at 120 km (3.9 million links) under 2 s, and of 2,000 under
# 0.5 s (benchmarks/partners.py).
BETWEENNESS_MAX_WORK = 250_000
BETWEENNESS_MAX_LINKS = 10_000


@dataclass(frozen=True)
class NetworkFigures:
    """The network of kansrijke partners in figures (explained in :data:`EXPLANATIONS`).

    Attributes
    ----------
    groups : list of list of str
        "Netwerken": connected hotspots, groups of two or more, each sorted
        by id, the largest first (ties by first id).
    degree : dict of str to int
        Number of partners of every hotspot in the frame, 0 included.
    betweenness : dict of str to float
        Normalised betweenness centrality of every hotspot in the frame.
    connectors : list of str
        "Verbinders": at most :data:`CONNECTOR_COUNT` ids with the highest
        betweenness above 0, ties by name (case-folded).
    betweenness_exact : bool
        False when the network was too large and betweenness was estimated;
        ``notice`` then says so in Dutch.
    """

    groups: list[list[str]]
    degree: dict[str, int]
    betweenness: dict[str, float]
    connectors: list[str]
    betweenness_exact: bool = True
    notice: str | None = None


@dataclass(frozen=True)
class _LinkPositions:
    """The rows of the hotspots of every link, as :func:`hotspots.partners.links` knew them."""

    ids: np.ndarray  # the ids of links()' frame, by row
    a: np.ndarray  # the links frame's columns a and b as links() made them (held: their memory stays theirs)
    b: np.ndarray
    lo: np.ndarray  # rows (in ids) of a and b
    hi: np.ndarray


_POSITIONS = "_hotspots_link_positions"


def attach_link_positions(links_frame: pd.DataFrame, ids: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> None:
    """Hand :func:`network` the rows of ``links_frame``'s hotspots (``ids[lo]``, ``ids[hi]``), as links() has them.

    Looking up millions of ids again costs network() about 0.3 s on 3.9
    million links. The rows go on this very DataFrame object (not in
    ``attrs``): a copy, a slice or a pickle of it does not carry them, and
    network() uses them only while the frame still holds the same ``a`` and
    ``b`` arrays and is given the same hotspots. A links frame is shared and
    never changed in place (``links_frame.loc[...] = ...`` would go unseen).
    """
    positions = _LinkPositions(ids, links_frame["a"].to_numpy(), links_frame["b"].to_numpy(), lo, hi)
    object.__setattr__(links_frame, _POSITIONS, positions)  # past DataFrame.__setattr__: no column, no warning


def _same_array(x: np.ndarray, y: np.ndarray) -> bool:
    return (
        x.dtype == y.dtype
        and x.shape == y.shape
        and x.strides == y.strides
        and x.__array_interface__["data"][0] == y.__array_interface__["data"][0]
    )


def _attached_positions(ids: np.ndarray, links_frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray] | None:
    known = vars(links_frame).get(_POSITIONS)
    if not isinstance(known, _LinkPositions):
        return None
    a, b = links_frame["a"].to_numpy(), links_frame["b"].to_numpy()
    if not (_same_array(a, known.a) and _same_array(b, known.b)) or not np.array_equal(ids, known.ids):
        return None
    return known.lo, known.hi


def check_table(table: Any, name: str, columns: tuple[str, ...], kind: type[pd.DataFrame] = pd.DataFrame) -> None:
    """Reject an argument ``name`` that is not a ``kind`` with ``columns`` (and unique ``id``s, if it has them).

    The argument check of this module and :mod:`hotspots.partners`: a
    TypeError for another type, a ValueError naming the missing columns or
    the duplicated hotspot ids.
    """
    if not isinstance(table, kind):
        raise TypeError(f"{name} must be a {kind.__name__}, got {type(table).__name__}")
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise ValueError(f"{name} lacks the columns {missing}; it has {list(table.columns)}")
    if "id" in columns and table["id"].duplicated().any():
        raise ValueError(f"hotspot ids must be unique, got duplicates {table['id'][table['id'].duplicated()].tolist()}")


def _betweenness(
    ids: np.ndarray, lo: np.ndarray, hi: np.ndarray, scores: np.ndarray, linked: int
) -> tuple[dict[str, float], int]:
    """networkx's betweenness and the number of sampled sources (0: exact)."""
    sample = 0
    if linked * len(lo) > BETWEENNESS_MAX_WORK:
        if len(lo) > BETWEENNESS_MAX_LINKS and (scores[1:] <= scores[:-1]).all():
            lo, hi = lo[:BETWEENNESS_MAX_LINKS], hi[:BETWEENNESS_MAX_LINKS]  # strongest first, as links() gives them
        elif len(lo) > BETWEENNESS_MAX_LINKS:
            strongest = np.argpartition(-scores, BETWEENNESS_MAX_LINKS - 1)[:BETWEENNESS_MAX_LINKS]
            lo, hi = lo[strongest], hi[strongest]
        # at least two sources: networkx cannot scale a sample of one (NaN)
        sample = max(2, min(len(ids), BETWEENNESS_MAX_WORK // len(lo)))
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(ids.tolist())
    graph.add_edges_from(zip(ids[lo].tolist(), ids[hi].tolist(), strict=True))
    return nx.betweenness_centrality(graph, k=sample or None, normalized=True, seed=0), sample


def network(frame: pd.DataFrame, links_frame: pd.DataFrame) -> NetworkFigures:
    """Network figures of the links between the hotspots of ``frame``.

    Parameters
    ----------
    frame : DataFrame
        The hotspots (``id``, ``name``) the links were computed on.
    links_frame : DataFrame
        What :func:`hotspots.partners.links` returned for ``frame`` (``a``,
        ``b``, ``score``); every id must be in ``frame``.

    Returns
    -------
    NetworkFigures
        Groups and partner counts are exact (scipy's connected components,
        which scale to millions of links). Betweenness is networkx's
        normalised betweenness centrality on the *unweighted* graph: once
        within R every link is a partnership of equal standing, so a path's
        length is its number of links. When linked hotspots × links exceeds
        :data:`BETWEENNESS_MAX_WORK` it is estimated on the
        :data:`BETWEENNESS_MAX_LINKS` strongest links from a seeded sample of
        sources (networkx's ``k``), with ``betweenness_exact`` False.

    Examples
    --------
    >>> from hotspots.io import load_hotspots
    >>> from hotspots.partners import links
    >>> frame = load_hotspots().frame
    >>> figures = network(frame, links(frame, 100))
    >>> set(figures.degree) == set(frame["id"])
    True
    """
    check_table(frame, "frame", ("id", "name"))
    check_table(links_frame, "links_frame", ("a", "b", "score"))
    ids = frame["id"].to_numpy(dtype=object)
    attached = _attached_positions(ids, links_frame)
    if attached is not None:  # straight from links() on this frame
        lo, hi = attached
    else:
        index = pd.Index(ids)
        lo, hi = index.get_indexer(links_frame["a"]), index.get_indexer(links_frame["b"])
    if (lo < 0).any() or (hi < 0).any():
        unknown = sorted(set(links_frame["a"][lo < 0]) | set(links_frame["b"][hi < 0]))
        raise ValueError(f"links_frame names hotspots that are not in frame: {unknown[:5]}")
    if (lo == hi).any():
        raise ValueError(f"links_frame links a hotspot to itself: {sorted(set(ids[lo[lo == hi]]))[:5]}")

    n = len(ids)
    # Groups and partner counts with scipy.sparse.csgraph, not networkx: networkx is the bottleneck here,
    # building its graph takes about 3 s per million links (3.9 million for 5,000 hotspots at 120 km),
    # scipy's sparse matrix and connected components about 0.2 s for all of them. networkx only gets the
    # (at most BETWEENNESS_MAX_LINKS) links betweenness needs.
    # one entry per pair, smaller position first; tocsr() merges a pair listed twice
    adjacency = coo_matrix((np.ones(len(lo)), (np.minimum(lo, hi), np.maximum(lo, hi))), shape=(n, n)).tocsr()
    degree = np.diff(adjacency.indptr) + np.bincount(adjacency.indices, minlength=n)
    labels = connected_components(adjacency, directed=False)[1] if n else np.array([], dtype=int)
    members: dict[int, list[str]] = {}
    for position, component in enumerate(labels.tolist()):
        members.setdefault(component, []).append(ids[position])
    groups = sorted((sorted(group) for group in members.values() if len(group) >= 2), key=lambda g: (-len(g), g[0]))

    scores = links_frame["score"].to_numpy(dtype=float)
    betweenness, sample = _betweenness(ids, lo, hi, scores, int(np.count_nonzero(degree)))
    names = dict(zip(ids.tolist(), frame["name"].astype(str).tolist(), strict=True))
    ranked = sorted(
        (node for node, value in betweenness.items() if value > 1e-12),
        key=lambda node: (-round(betweenness[node], 12), names[node].casefold(), node),
    )
    used = f"{min(len(lo), BETWEENNESS_MAX_LINKS):,}".replace(",", ".")
    return NetworkFigures(
        groups=groups,
        degree=dict(zip(ids.tolist(), degree.tolist(), strict=True)),
        betweenness={node: float(betweenness[node]) for node in ids.tolist()},
        connectors=ranked[:CONNECTOR_COUNT],
        betweenness_exact=not sample,
        notice=BETWEENNESS_ESTIMATE_NOTICE.format(links=used, sample=sample) if sample else None,
    )
