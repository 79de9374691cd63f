import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from app_helpers import report_map_drawn  # noqa: E402
from factories import SAMPLE, collection, write  # noqa: E402

from hotspots.io import frame_from_features  # noqa: E402


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
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest
    from streamlit.testing.v1 import app_test as app_test_module

    class NavigationOnlyPagesManager(PagesManager):
        # AppTest re-detects the legacy pages/ folder on every run and then
        # runs the page script without app.py; the real server stops doing
        # so once st.navigation has run. Behave like the server.
        def __init__(self, *args, **kwargs):
            PagesManager.uses_pages_directory = False
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(app_test_module, "PagesManager", NavigationOnlyPagesManager)

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
