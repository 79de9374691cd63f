"""Checks on the frames the export functions receive, shared by the export modules."""

from __future__ import annotations

import pandas as pd


def require_frame(frame: object, name: str = "frame") -> None:
    """Raise ``TypeError`` unless ``frame`` is a DataFrame (a GeoDataFrame is one)."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a DataFrame, got {type(frame).__name__}")


def require_rows(frame: pd.DataFrame) -> None:
    """Raise ``ValueError`` for a frame without rows: an empty selection never becomes an empty file."""
    if frame.empty:
        raise ValueError("nothing to export: the selection holds no hotspots")


def is_text_column(series: pd.Series) -> bool:
    """Whether ``series`` holds text (written as text cells) rather than numbers."""
    return bool(pd.api.types.is_string_dtype(series) or pd.api.types.is_object_dtype(series))
