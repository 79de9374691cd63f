from pathlib import Path

import pytest
from app_helpers import report_map_drawn
from factories import SAMPLE, collection, write

from harness import start_streamlit
from hotspots.io import frame_from_features

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    """A real ``streamlit run app.py`` on a free port, for one test module (harness.start_streamlit)."""
    process = start_streamlit("app.py", log=tmp_path_factory.mktemp("app_server") / "streamlit.log")
    try:
        yield process
    finally:
        process.stop()


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
def downloads():
    """Every file the app offers while the test runs (``ui.downloads.Offered``: label, file name, mime, data).

    The app's download helper lists them (``ui.downloads.watching``); a
    deferred file is made when the test asks for its ``content()``, as a
    visitor's click makes it.
    """
    from ui.downloads import watching

    with watching() as offered:
        yield offered
