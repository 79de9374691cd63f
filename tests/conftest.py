from pathlib import Path

import pytest
from app_helpers import report_map_drawn
from factories import SAMPLE, collection, write

from hotspots.io import frame_from_features

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def sample_frame():
    """Five small hotspots (three in Zuid-Holland, two national)."""
    return frame_from_features(collection(*SAMPLE)["features"])


@pytest.fixture
def sample_file(tmp_path):
    return write(tmp_path / "sample.geojson", collection(*SAMPLE))


@pytest.fixture
def app(monkeypatch, sample_file):
    """Factory for an ``AppTest`` of app.py on the five-hotspot sample.

    ``app(params={...}, data=path)`` returns a test app that has run as a
    browser would: once, and once more when the map has reported that it
    is drawn (``map_reported=False`` leaves that out).
    """
    from streamlit.testing.v1 import AppTest

    def make(params=None, data=sample_file, page=None, map_reported=True):
        monkeypatch.setenv("HOTSPOTS_DATA", str(data))
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in (params or {}).items():
            at.query_params[key] = value
        at.run()
        if map_reported and not at.sidebar.text_input:
            # In a browser the map reports its state once it is drawn, and
            # that rerun brings the sidebar's widgets (ui/sidebar.py).
            report_map_drawn(at)
        if page:
            at.switch_page(page).run()
        return at

    return make


@pytest.fixture
def downloads(monkeypatch):
    """(file name, mime type, bytes) of every file the app hands to ``st.download_button``.

    Wraps the public ``st.download_button`` (and the same method of containers),
    so the tests read what a user would download without Streamlit internals.
    """
    import streamlit as st
    from streamlit.delta_generator import DeltaGenerator

    files: list[tuple[str, str, bytes]] = []

    def recorded(original):
        def download_button(*args, **kwargs):
            data = kwargs.get("data", args[1] if len(args) > 1 else None)
            payload = data() if callable(data) else data
            if payload is not None:
                raw = payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)
                files.append((kwargs.get("file_name") or "", kwargs.get("mime") or "", raw))
            return original(*args, **kwargs)

        return download_button

    monkeypatch.setattr(st, "download_button", recorded(st.download_button))
    original_method = DeltaGenerator.download_button

    def method(self, *args, **kwargs):
        return recorded(lambda *a, **k: original_method(self, *a, **k))(*args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", method)
    return files
