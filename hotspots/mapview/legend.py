"""The map's legend: type colours and letters, phase shapes, selection, rings and groups of hotspots.

Built from the vocabularies and :func:`~hotspots.mapview.markers.marker_svg`
only, so it holds no text from the data.
"""

from __future__ import annotations

import html

from hotspots.mapview.markers import marker_svg
from hotspots.mapview.rings import REFERENCE_STYLE, RING_STYLE
from hotspots.model import PHASES, TYPES

# A slug no colour is defined for: the phase and state rows show a grey shape.
_NO_TYPE = ["__none__"]


def _row(svg: str, text: str) -> str:
    return f'<div class="hk-row">{svg}<span>{html.escape(text)}</span></div>'


def _line_row(border: str, text: str) -> str:
    return f'<div class="hk-row"><span class="hk-line" style="border-top: {border}"></span><span>{text}</span></div>'


def legend_html(cluster: bool = False) -> str:
    """The legend as HTML.

    Parameters
    ----------
    cluster : bool
        The data set is large: also explain the wider groups a click zooms into.

    Returns
    -------
    str
        A ``<div class="hk-legend">`` (styled by mapview.css).

    Examples
    --------
    >>> "Groei" in legend_html()
    True
    """
    parts = ["<h2>Type (kleur en letter)</h2>"]
    for slug, term in TYPES.items():
        parts.append(_row(marker_svg([slug], "groei"), term.label))
    parts.append(
        _row(marker_svg(["engineering", "wetenschapsgedreven"], "groei"), "Twee typen: beide kleuren en letters")
    )
    parts.append("<h2>Fase (vorm)</h2>")
    for slug, term in PHASES.items():
        parts.append(_row(marker_svg(_NO_TYPE, slug), term.label))
    parts.append("<h2>Nabijheid</h2>")
    parts.append(_row(marker_svg(_NO_TYPE, "groei", "geselecteerd"), "Geselecteerde hotspot"))
    parts.append(_row(marker_svg(_NO_TYPE, "groei", "bereik"), "Binnen de straal"))
    parts.append(_row(marker_svg(_NO_TYPE, "groei", "gedimd"), "Buiten de straal"))
    parts.append(_line_row(f"{RING_STYLE['weight']}px solid {RING_STYLE['color']}", "Gekozen straal (80–120 km)"))
    parts.append(
        _line_row(f"{REFERENCE_STYLE['weight']}px dashed {REFERENCE_STYLE['color']}", "Referentie 80 en 120 km")
    )
    parts.append("<h2>Groepen</h2>")
    parts.append(
        '<div class="hk-row"><span class="hk-group-key">3</span>'
        "<span>3 hotspots op één plek: klik om ze uit te spreiden</span></div>"
    )
    if cluster:
        parts.append(
            '<div class="hk-row"><span class="hk-group-key">12</span>'
            "<span>Groep van 12 hotspots: klik om in te zoomen</span></div>"
        )
    return '<div class="hk-legend" role="region" aria-label="Legenda">' + "".join(parts) + "</div>"
