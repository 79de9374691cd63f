"""AppTest of sharing and printing: the share link through the presentation page, the PDF and the PNG."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from app_helpers import open_presentatie

from hotspots.presentation import decode_link, new_presentation
from ui import handout_ui, presentation_panel

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_IDS = ["leiden", "delft", "noordwijk", "eindhoven", "leeuwarden"]


def build_deck(at):
    at.text_input(key=presentation_panel.K_NEW_TITLE).input("Gedeeld $1$")
    at.button(key="pres_start").click().run()
    for title in ("Waterstof", "Alles in Zuid-Holland"):
        at.text_input(key=presentation_panel.K_TITLE).input(title)
        at.text_area(key=presentation_panel.K_NOTES).input(f"Over {title.lower()}.")
        at.button(key="pres_add").click().run()
        at.sidebar.segmented_control(key="f_scope").set_value("zuid-holland").run()
    return at


def share_token(at) -> str:
    urls = [code.value for code in at.sidebar.code if "/presentatie?" in code.value]
    assert len(urls) == 1, "one share link in the panel"
    query = parse_qs(urlsplit(urls[0]).query)
    assert query["stap"] == ["1"]
    return query["deck"][0]


def deck_args(at) -> str:
    return " ".join(c.proto.json_args for c in at.get("component_instance") if "hk.presentation(" in c.proto.json_args)


def test_the_share_link_restores_the_same_deck_on_the_presentation_page(app):
    at = build_deck(app(params={"keten": "waterstof"}))
    draft = at.session_state["pres_draft"]
    token = share_token(at)
    assert decode_link(token, SAMPLE_IDS) == draft

    at = open_presentatie(app(), deck=token, stap="2")
    assert not at.exception and not at.error
    args = deck_args(at)
    assert args, "the deck is presented"
    assert '\\"id\\": \\"link\\"' in args
    for scene in draft.scenes:
        assert scene.title in args
    assert at.query_params["stap"] == "2"
    assert not at.sidebar.text_input  # full screen, no filters, no notice about 'deck'


def test_a_bad_share_link_gives_a_dutch_notice_and_the_list(app):
    at = open_presentatie(app(), deck="kapotte-link", stap="1")
    assert not at.exception
    text = " ".join(e.value for e in at.error)
    assert "beschadigd of onvolledig" in text
    assert [t.value for t in at.title] == ["Presentaties"]
    assert not deck_args(at)


def test_a_truncated_share_link_gives_a_dutch_notice(app):
    at = build_deck(app())
    token = share_token(at)
    at = open_presentatie(app(), deck=token[: len(token) // 2], stap="1")
    assert not at.exception
    assert "beschadigd of onvolledig" in " ".join(e.value for e in at.error)


def test_the_pdf_download_is_an_application_pdf(app, downloads):
    at = build_deck(app())
    assert not at.exception
    # one click: the button is there at once, its file made only on the click (deferred)
    (button,) = [b for b in at.sidebar.get("download_button") if b.label == "Hand-out (PDF)"]
    assert button.proto.ignore_rerun
    pdfs = [d for d in downloads if d.file_name.endswith(".pdf")]
    assert pdfs and all(d.deferred for d in pdfs)
    name, mime, data = pdfs[-1].file_name, pdfs[-1].mime, pdfs[-1].content()
    assert mime == "application/pdf" and data.startswith(b"%PDF")
    assert name == "gedeeld-1-hand-out.pdf"
    assert len(re.findall(rb"/Type /Page\b(?!s)", data)) == 2  # a page per scene


def test_the_map_page_offers_the_view_as_png(app, downloads):
    at = app(params={"hotspot": "delft", "radius": "100"})
    assert not at.exception
    (button,) = [b for b in at.get("download_button") if "afbeelding" in b.label]
    assert button.proto.ignore_rerun
    png = [d for d in downloads if d.file_name.endswith(".png")][-1]
    assert png.deferred
    name, mime, data = png.file_name, png.mime, png.content()
    assert mime == "image/png" and data.startswith(b"\x89PNG")
    assert name.startswith("hotspotkaart-")


def test_share_url_uses_the_address_of_the_app():
    deck = new_presentation("Leeg")
    from hotspots.presentation import Scene, add_scene

    deck = add_scene(deck, Scene("Alles", "Alle hotspots."))
    url = handout_ui.share_url(deck, base="https://kaart.example.nl/hotspots/")
    assert url.startswith("https://kaart.example.nl/hotspots/presentatie?deck=")
    assert url.endswith("&stap=1")
