import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

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

    ``app(params={...}, data=path)`` returns a test app that has run once.
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

    def make(params=None, data=sample_file, page=None):
        monkeypatch.setenv("HOTSPOTS_DATA", str(data))
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in (params or {}).items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page).run()
        return at

    return make
