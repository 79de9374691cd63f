"""Streamlit glue shared by app.py and the pages: data loading, the
sidebar filters and the URL. The domain logic stays in ``hotspots``."""
