"""Lines between kansrijke partners, drawn in the browser by ``hk.links`` (links.js).

The links come from :func:`hotspots.partners.links`. A line's width grows
with the link's score (:data:`WIDTH_STEPS`), its colour is the link's
strongest kind (:data:`KIND_COLOURS`: product chain > Digitaal Verbinden >
type) and a link that rests only on estimates is dashed. The lines lie
under the markers (their own pane, under Leaflet's marker pane), so a
click on a marker is never caught by a line. A tooltip on a line names
both hotspots, the reasons and the distance; all text is sent as data and
HTML-escaped in the browser.

:class:`LinksScript` is added to the constant base map (its script is the
same on every run, so the Leaflet map survives reruns); it puts
``hk.links`` beside ``hk.markers`` and adds the lines' legend.
:func:`links_layer` is the layer that changes with the filters, for
streamlit-folium's ``feature_group_to_add``.
"""

from __future__ import annotations

import bisect
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from folium.template import Template

from hotspots.assets import OWN_PREFIX, STATIC_DIR
from hotspots.mapview._branca import BrowserLayer, LinkedScript
from hotspots.partners import KIND_TERMS, KINDS, LINK_COLUMNS, reasons_text

#: The browser's part of the lines and their legend: files the app serves (static/map).
SCRIPT_FILE = STATIC_DIR / "map" / "links.js"
STYLE_FILE = STATIC_DIR / "map" / "links.css"

#: Line colour per strongest kind. Colour-blind safe (Okabe-Ito vermillion and
#: reddish purple, and a dark grey) and unlike the markers' type colours
#: (orange, blue, bluish green).
KIND_COLOURS = {"keten": "#D55E00", "dv": "#CC79A7", "type": "#4B5563"}
#: The legend's order and words: strongest kind first.
KIND_ORDER = ("keten", "dv", "type")
KIND_LABELS = {kind: KIND_TERMS[kind].label[:1].upper() + KIND_TERMS[kind].label[1:] for kind in KINDS}
#: A score of at least ``SCORE_STEPS[i]`` gets width class ``i + 1`` (line width ``WIDTH_STEPS[i + 1]`` px).
SCORE_STEPS = (0.5, 1.0, 2.0, 3.5)
WIDTH_STEPS = (2.0, 3.0, 4.5, 6.0, 8.0)
#: At most this many lines are drawn (the strongest, plus every line of the
#: selected hotspot); more would make the browser slow to draw and to pan.
MAX_LINES = 2500
#: What each row of a payload's ``links`` holds, in order.
LINK_FIELDS = ("a", "b", "width", "kind", "reasons", "estimated")
# Coordinates sent to the browser: 5 decimals, about a metre.
_DECIMALS = 5


def width_class(score: float) -> int:
    """The width class (0 to ``len(WIDTH_STEPS) - 1``) of a link's score."""
    return bisect.bisect_right(SCORE_STEPS, float(score))


def drawn_links(links_frame: pd.DataFrame, highlight: str | None = None, limit: int = MAX_LINES) -> pd.DataFrame:
    """The links to draw: the ``limit`` strongest, plus every link of ``highlight``.

    Parameters
    ----------
    links_frame : DataFrame
        What :func:`hotspots.partners.links` returned (strongest first).
    highlight : str, optional
        A selected hotspot: its links are drawn even when they are not among the strongest.
    limit : int
        How many of the strongest links at most.

    Returns
    -------
    DataFrame
        A subset of ``links_frame``, in its order (strongest first).
    """
    if limit < 0:
        raise ValueError(f"limit must be at least 0, got {limit!r}")
    if len(links_frame) <= limit:
        return links_frame
    keep = np.zeros(len(links_frame), dtype=bool)
    keep[:limit] = True
    if highlight is not None:
        keep |= ((links_frame["a"] == highlight) | (links_frame["b"] == highlight)).to_numpy()
    return links_frame[keep]


def links_payload(frame: gpd.GeoDataFrame, links_frame: pd.DataFrame, highlight: str | None = None) -> dict[str, Any]:
    """The links as compact JSON-ready data for ``hk.links`` in the browser.

    Parameters
    ----------
    frame : GeoDataFrame
        The hotspots the links were computed on (``id``, ``name``, points).
    links_frame : DataFrame
        Rows of :func:`hotspots.partners.links` (all, or :func:`drawn_links`).
    highlight : str, optional
        A selected hotspot: its lines are drawn on top, the others faded.

    Returns
    -------
    dict
        ``points``: ``[id, name, lat, lng]`` per linked hotspot (coordinates
        rounded to 5 decimals); ``links``: one list per link with the fields
        :data:`LINK_FIELDS`: ``a`` and ``b`` index ``points``, ``width`` is
        :func:`width_class` of the score, ``kind`` the strongest kind,
        ``reasons`` :func:`hotspots.partners.reasons_text` (with the distance,
        and "(inschatting)" when estimated only), ``estimated`` whether the
        link rests only on estimates; ``highlight`` is ``highlight``.
    """
    missing = [column for column in LINK_COLUMNS if column not in links_frame.columns]
    if missing:
        raise ValueError(f"links_frame lacks the columns {missing}; it has {list(links_frame.columns)}")
    ids = pd.unique(pd.concat([links_frame["a"], links_frame["b"]], ignore_index=True)).tolist()
    hotspots = frame.set_index("id").loc[ids] if ids else frame.iloc[:0].set_index("id")
    lats = hotspots.geometry.y.round(_DECIMALS).tolist()
    lngs = hotspots.geometry.x.round(_DECIMALS).tolist()
    points = [[i, n, lat, lng] for i, n, lat, lng in zip(ids, hotspots["name"].tolist(), lats, lngs, strict=True)]
    index = {hotspot_id: position for position, hotspot_id in enumerate(ids)}
    rows = [
        [
            index[row["a"]],
            index[row["b"]],
            width_class(row["score"]),
            row["strongest"],
            reasons_text(row),
            bool(row["estimated_only"]),
        ]
        for row in links_frame[list(LINK_COLUMNS)].to_dict("records")
    ]
    return {"fields": list(LINK_FIELDS), "points": points, "links": rows, "highlight": highlight}


def links_layer(frame: gpd.GeoDataFrame, links_frame: pd.DataFrame, highlight: str | None = None) -> BrowserLayer:
    """The lines of ``links_frame`` as a layer (:class:`~hotspots.mapview._branca.BrowserLayer`) for streamlit-folium's ``feature_group_to_add``.

    Parameters are those of :func:`links_payload`. The base map needs
    :class:`LinksScript`, which defines ``hk.links``.
    """
    return BrowserLayer("links", links_payload(frame, links_frame, highlight), "Kansrijke partners")


#: Maps at least this wide (px) show the lines' legend open at first; a phone's (about 360 px) folds it,
#: where it would cover a quarter of the map. Narrower than the map's own legend's
#: (basemap.LEGEND_OPEN_FROM_PX): this one is five short lines.
LEGEND_OPEN_FROM_PX = 500


def _browser_config() -> dict[str, Any]:
    """What links.js needs from Python: colours, widths and the legend's words."""
    return {
        "colours": KIND_COLOURS,
        "widths": list(WIDTH_STEPS),
        "kinds": [[kind, KIND_LABELS[kind]] for kind in KIND_ORDER],
        "dash": "7 6",
        "faded": 0.15,
        "openFrom": LEGEND_OPEN_FROM_PX,  # the legend folded at first on a narrower map (a phone's)
    }


class LinksScript(LinkedScript):
    """links.js on the base map: defines ``hk.links`` and adds the lines' legend.

    Add it after :func:`hotspots.mapview.base_map` has made the map (it needs
    ``window.hk``). Its script is the same on every run; static/map/links.js
    and links.css are files the app serves, linked like folium's plugins
    (``default_js``, ``default_css``), loaded once and cached by the browser.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        hkModules.links({{ this.config|tojson }}).install(window.hk, {{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    default_js = [("hk_links", f"{OWN_PREFIX}map/links.js")]  # after mapview.js (the base map's)
    default_css = [("hk_links_css", f"{OWN_PREFIX}map/links.css")]

    def __init__(self) -> None:
        super().__init__()
        self.config = _browser_config()
