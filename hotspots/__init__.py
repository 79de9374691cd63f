"""Hotspotkaart's domain core: vocabularies, loading and validation,
filtering and distances. Never imports streamlit, so everything here can
be used and tested without running the app.
"""

from hotspots.io import LoadResult, data_path, load_hotspots
from hotspots.model import Problem

__all__ = ["LoadResult", "Problem", "data_path", "load_hotspots"]
