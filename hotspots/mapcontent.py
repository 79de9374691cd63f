"""What the map shows for a view: which hotspots, which rings, the selection's reach.

The map page reads the widgets, calls :func:`map_content` and draws what it
returns; the decisions (the selection stays on the map when the filters
hide it, rings around the selection or around every shown hotspot, the cap
on rings) are made here, where they can be tested without Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from hotspots import filters, geo
from hotspots.model import SCOPES
from hotspots.viewstate import RADII_MODES, ViewState

#: Rings around every shown hotspot are drawn up to this many hotspots.
MAX_RINGS_ALL = 150
#: [[south, west], [north, east]] of the Netherlands: the view when there is nothing to fit.
NL_BOUNDS = ((50.75, 3.36), (53.56, 7.23))

Bounds = tuple[tuple[float, float], tuple[float, float]]


@dataclass(frozen=True)
class FitTarget:
    """Where the map should look: the browser moves only when attention moves.

    The map fits ``scope_bounds`` on its first view and whenever ``scope``
    changes, and flies to ``ring_bounds`` whenever a (new) hotspot is
    selected. Any other change (type, phase, chain, text, radius, ring mode,
    clearing the selection) leaves the view as the user left it.

    Attributes
    ----------
    scope : str
        The chosen scopes, comma-separated in vocabulary order ("" for none).
    scope_bounds : Bounds
        [[south, west], [north, east]] of the shown hotspots (of the scope's
        hotspots when the filters show none; the Netherlands when there are none).
    hotspot : str or None
        The selected hotspot.
    ring_bounds : Bounds or None
        Bounds of the selected hotspot's radius ring.
    """

    scope: str
    scope_bounds: Bounds
    hotspot: str | None
    ring_bounds: Bounds | None

    def payload(self) -> dict:
        """The target as JSON-ready data for the map's script."""
        return {
            "scope": self.scope,
            "scopeBounds": [list(corner) for corner in self.scope_bounds],
            "hotspot": self.hotspot,
            "ringBounds": None if self.ring_bounds is None else [list(corner) for corner in self.ring_bounds],
        }


def reach_summary(listed: int, total: int) -> str:
    """The reach list's count in Dutch: every hotspot within the radius, and how many the filters hide.

    >>> reach_summary(12, 17)
    '12 van de 17 hotspots op de kaart; 5 vallen buiten de filters. Dichtstbijzijnde eerst.'
    >>> reach_summary(3, 3)
    '3 hotspots, dichtstbijzijnde eerst'
    """
    noun = "hotspot" if total == 1 else "hotspots"
    if listed == total:
        return f"{total} {noun}, dichtstbijzijnde eerst"
    hidden = total - listed
    verb = "valt" if hidden == 1 else "vallen"
    return f"{listed} van de {total} {noun} op de kaart; {hidden} {verb} buiten de filters. Dichtstbijzijnde eerst."


def _bounds(frame) -> Bounds | None:
    if frame.empty:
        return None
    west, south, east, north = (float(v) for v in frame.total_bounds)
    return (round(south, 5), round(west, 5)), (round(north, 5), round(east, 5))


def fit_target(all_hotspots: gpd.GeoDataFrame, shown: gpd.GeoDataFrame, view: ViewState, selected: str | None):
    """The :class:`FitTarget` of ``view`` (see :func:`map_content`)."""
    scopes = view.filters.scopes
    scope = ",".join(s for s in SCOPES if s in scopes)
    scope_bounds = _bounds(shown) or _bounds(filters.by_scope(all_hotspots, scopes)) or NL_BOUNDS
    ring_bounds = None
    if selected is not None:
        point = all_hotspots.loc[all_hotspots["id"] == selected].geometry.iloc[0]
        west, south, east, north = geo.radius_ring(point.x, point.y, view.radius_km, vertices=64).bounds
        ring_bounds = (round(south, 5), round(west, 5)), (round(north, 5), round(east, 5))
    return FitTarget(scope, scope_bounds, selected, ring_bounds)


@dataclass(frozen=True)
class MapContent:
    """The layers' content for one view.

    Attributes
    ----------
    on_map : GeoDataFrame
        The shown hotspots, plus the selected one when the filters hide it.
    selected : str or None
        Id of the selected hotspot (``None`` when none, or when it is not in the data).
    reach : GeoDataFrame or None
        The hotspots of ``on_map`` within the radius of the selection, nearest
        first, with ``distance_km``; ``None`` without a selection. Their
        markers are drawn as within reach.
    nearby : GeoDataFrame or None
        Every hotspot of the data within the radius of the selection, nearest
        first, with ``distance_km`` and ``shown`` (whether it matches the
        filters); ``None`` without a selection. What lies within the radius,
        whatever the filters: the detail panel lists these and marks those the
        filters hide, so a search for one hotspot keeps its neighbours.
    ring_ids : tuple of str
        Hotspots that get a ring of the chosen radius.
    reference_ids : tuple of str
        Hotspots that get the 80 and 120 km reference rings (the selection).
    rings_capped : bool
        Whether rings around every hotspot were asked for but left out,
        because more than ``max_rings`` hotspots are shown.
    fit : FitTarget
        Where the map looks on a first view, a scope change or a selection.
    """

    on_map: gpd.GeoDataFrame
    selected: str | None
    reach: gpd.GeoDataFrame | None
    ring_ids: tuple[str, ...]
    reference_ids: tuple[str, ...]
    rings_capped: bool
    fit: FitTarget
    nearby: gpd.GeoDataFrame | None = None

    def nearby_counts(self) -> tuple[int, int]:
        """(shown, total): how many hotspots within the radius match the filters, and how many there are."""
        if self.nearby is None:
            return 0, 0
        return int(self.nearby["shown"].sum()), len(self.nearby)


def map_content(
    all_hotspots: gpd.GeoDataFrame, shown: gpd.GeoDataFrame, view: ViewState, max_rings: int = MAX_RINGS_ALL
) -> MapContent:
    """Decide what the map draws for ``view``.

    Parameters
    ----------
    all_hotspots : GeoDataFrame
        Every hotspot of the data (to find a selection the filters hide).
    shown : GeoDataFrame
        The hotspots that match the filters (a subset of ``all_hotspots``).
    view : ViewState
        The view: radius, ring mode (``view.radii``) and selected hotspot.
    max_rings : int
        With ring mode "alle", rings are drawn around every hotspot on the
        map only up to this many; above it, only the selection's ring.

    Returns
    -------
    MapContent

    Examples
    --------
    >>> from hotspots.io import load_hotspots
    >>> frame = load_hotspots().frame
    >>> content = map_content(frame, frame.iloc[:0], ViewState(hotspot=frame["id"].iloc[0]))
    >>> len(content.on_map), content.ring_ids == (frame["id"].iloc[0],)
    (1, True)
    """
    if view.radii not in RADII_MODES:
        raise ValueError(f"unknown ring mode {view.radii!r}; expected one of {list(RADII_MODES)}")
    if max_rings < 0:
        raise ValueError(f"max_rings must be at least 0, got {max_rings!r}")
    selected = view.hotspot if view.hotspot in set(all_hotspots["id"]) else None

    on_map = shown
    if selected is not None and selected not in set(shown["id"]):
        on_map = pd.concat([shown, all_hotspots[all_hotspots["id"] == selected]])

    reach = nearby = None
    if selected is not None:
        nearby = geo.hotspots_within(all_hotspots, selected, view.radius_km)
        nearby["shown"] = nearby["id"].isin(set(shown["id"]))
        # The reach: those of them on the map, that is, the shown ones (the selection is not in its
        # own reach). A subset keeps the order (distance, name, id), so it needs no second search.
        reach = nearby[nearby["shown"].to_numpy()].drop(columns="shown")

    ring_ids: tuple[str, ...] = ()
    reference_ids: tuple[str, ...] = ()
    capped = False
    own = (selected,) if selected is not None else ()
    if view.radii != "geen":
        reference_ids = own
        ring_ids = own
        if view.radii == "alle":
            if len(on_map) > max_rings:
                capped = True
            else:
                ring_ids = tuple(on_map["id"])
    fit = fit_target(all_hotspots, shown, view, selected)
    return MapContent(on_map, selected, reach, ring_ids, reference_ids, capped, fit, nearby)
