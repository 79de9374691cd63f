"""AppTest of sharing and printing: the share link through the presentation page, the PDF and the PNG."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotspots.presentation import new_presentation
from ui import handout_ui

ROOT = Path(__file__).resolve().parent.parent
PAGE = "app_pages/presentatie.py"
SAMPLE_IDS = ["leiden", "delft", "noordwijk", "eindhoven", "leeuwarden"]


@pytest.fixture
def media(monkeypatch):
    """(filename, mimetype, bytes) of every file the app hands to a download button."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    files: list[tuple[str, str, bytes]] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        if filename:
            files.append((filename, mimetype, bytes(path_or_data)))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return files


def test_the_map_page_offers_the_view_as_png(app, media):
    at = app(params={"hotspot": "delft", "radius": "100"})
    at.button(key="handout_make_png").click().run()
    assert not at.exception
    (button,) = [b for b in at.get("download_button") if "afbeelding" in b.label]
    assert button.proto.ignore_rerun
    name, mime, data = [m for m in media if m[0].endswith(".png")][-1]
    assert mime == "image/png" and data.startswith(b"\x89PNG")
    assert name.startswith("hotspotkaart-")


def test_share_url_uses_the_address_of_the_app():
    deck = new_presentation("Leeg")
    from hotspots.presentation import Scene, add_scene

    deck = add_scene(deck, Scene("Alles", "Alle hotspots."))
    url = handout_ui.share_url(deck, base="https://kaart.example.nl/hotspots/")
    assert url.startswith("https://kaart.example.nl/hotspots/presentatie?deck=")
    assert url.endswith("&stap=1")
