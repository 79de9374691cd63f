"""Sharing and printing: "Deel als link", "Download als PDF" and "Kaart als afbeelding".

Streamlit glue around :mod:`hotspots.presentation.share` and
:mod:`hotspots.handout`; the pages call these with one line each:

- the Presentatie panel (ui/presentation_panel.py): :func:`share_and_handout`
  shows the draft's share link and its PDF hand-out;
- the presentation page (app_pages/presentatie.py): a URL with
  ``deck=<token>`` is presented by :func:`deck_from_link`, under the page id
  :data:`LINK_ID`;
- the map page (app_pages/kaart.py): :func:`map_picture` offers the current
  view as a PNG.

One click per file: each button hands Streamlit a function (deferred
download, ui/downloads.py), so the file is made only when someone clicks,
for what is on screen, and cached: the PDF per deck, data version and day,
the PNG per data version and view. A filter change costs nothing for the
many viewers who never download one.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from urllib.parse import urlencode

import geopandas as gpd
import streamlit as st

from hotspots import handout
from hotspots.pages import PRESENTATIE
from hotspots.presentation import Presentation, PresentationError, decode_link, encode_link, to_json
from hotspots.viewstate import ViewState, cache_key
from ui import data
from ui.downloads import download_button

#: The presentation page's parameter holding a whole deck (hotspots.viewstate.PAGE_PARAMS).
DECK_PARAM = "deck"
#: What the presentation page calls a deck from a link (its ``presentatie=`` while stepping).
LINK_ID = "link"
PAGE_PATH = PRESENTATIE.url_path


def share_url(presentation: Presentation, base: str | None = None) -> str:
    """The full address of the presentation page showing ``presentation`` from scene 1."""
    query = urlencode({DECK_PARAM: encode_link(presentation), "stap": 1})
    if base is None:
        try:
            base = st.context.url
        except Exception:  # outside a browser session (bare mode)
            base = None
    base = (base or ".").split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return f"{base}/{PAGE_PATH}?{query}"


def deck_from_link(hotspot_ids) -> Presentation:
    """The deck in the URL's ``deck`` parameter; :class:`~hotspots.presentation.PresentationError` (Dutch) if bad."""
    return decode_link(st.query_params.get(DECK_PARAM) or "", hotspot_ids)


def requested_id() -> str | None:
    """The presentation the page shows: :data:`LINK_ID` for a deck in the URL, else ``presentatie=``."""
    return LINK_ID if st.query_params.get(DECK_PARAM) else st.query_params.get("presentatie")


@st.cache_data(max_entries=32, show_spinner=False)
def handout_bytes(deck_json: bytes, data_key: tuple, day: str, _presentation: Presentation, _frame) -> bytes:
    """The PDF hand-out, cached per deck (its JSON), data version and day (the footer's date)."""
    return handout.handout_pdf(_presentation, _frame, generated_at=datetime.fromisoformat(day))


@st.cache_data(max_entries=128, show_spinner=False)
def map_png_bytes(data_key: tuple, view_key: tuple, _frame_all, _shown, _view: ViewState) -> bytes:
    """The view as a PNG, cached per data version and view."""
    return handout.map_png(_frame_all, _shown, _view)


def _file_stem(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text).strip("-")[:60] or "hotspotkaart"


def share_and_handout(presentation: Presentation, frame: gpd.GeoDataFrame, data_key: tuple | None = None) -> None:
    """In the Presentatie panel: the deck's share link and its PDF hand-out.

    ``data_key`` is the data's version (default: the loaded file's, :func:`ui.data.load`).
    """
    if not presentation.scenes:
        return
    if data_key is None:
        data_key = data.load().key
    try:
        url = share_url(presentation)
    except PresentationError:  # an invalid draft: the panel shows to_json's problems
        return
    st.markdown("**Deel als link**")
    st.code(url, language=None, wrap_lines=True)
    st.caption("Wie deze link opent, ziet precies deze presentatie; er wordt niets op de server bewaard.")
    deck_json = to_json(presentation)
    day = datetime.now().date().isoformat()

    def pdf() -> bytes:
        return handout_bytes(deck_json, data_key, day, presentation, frame)

    download_button(
        "Hand-out (PDF)",
        pdf,
        key="handout_pdf",
        file_name=f"{_file_stem(presentation.id)}-hand-out.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        width="stretch",
        help="Een A4-pagina per scène: titel, notities, kaart, legenda en bronnen; gemaakt als u klikt.",
    )


def _digest(view: ViewState) -> tuple:
    key = cache_key(view)
    return key, hashlib.sha256(repr(list(key)).encode()).hexdigest()[:8]


def map_picture(frame_all: gpd.GeoDataFrame, shown: gpd.GeoDataFrame, view: ViewState, data_key: tuple = ()) -> None:
    """On the map page: the current view as a PNG download ("Kaart als afbeelding")."""
    view_key, digest = _digest(view)

    def png() -> bytes:
        return map_png_bytes(data_key, view_key, frame_all, shown, view)

    download_button(
        "Kaart als afbeelding (PNG)",
        png,
        key="handout_png",
        file_name=f"hotspotkaart-{digest}.png",
        mime="image/png",
        icon=":material/image:",
        help="Een PNG van deze weergave, voor dia's en verslagen; gemaakt als u klikt.",
    )
