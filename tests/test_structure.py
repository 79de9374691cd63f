"""The shape of the code base: what imports what, and what the comments point at."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _modules_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_the_hand_out_and_the_map_share_symbols_without_folium():
    # two equal renderers of one symbology: the matplotlib hand-out needs no folium layer
    loaded = _modules_after_import("hotspots.handout")
    assert "hotspots.symbols" in loaded
    assert not {m for m in loaded if m.split(".")[0] in {"folium", "branca"} or m.startswith("hotspots.mapview")}
    symbols = _modules_after_import("hotspots.symbols")
    assert not {m for m in symbols if m.split(".")[0] in {"folium", "branca", "matplotlib", "streamlit"}}
