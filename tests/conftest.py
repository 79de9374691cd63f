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
