"""Baseline for benchmarks/tabel_browser.py: the elements of /tabel in a bare Streamlit page.

A title, a caption, a column choice, the same table (the shipped data as
``hotspots.export.table`` makes it) in ``st.dataframe``, five download
buttons whose files are made on the click (deferred), and a sidebar with as many filter widgets as the
app's. No frame, no caches, no navigation: what Streamlit itself needs to
show these, to compare /tabel with. Started by the benchmark through
harness.start_streamlit, which puts the repository root on ``PYTHONPATH``
(Streamlit puts only the script's own folder on the path).
"""

import streamlit as st

from hotspots import export
from hotspots.io import load_hotspots

st.set_page_config(page_title="Baseline", layout="wide")
with st.sidebar:
    st.markdown("**25 van 25 hotspots**")
    st.text_input("Zoeken")
    st.segmented_control("Schaal", ["Zuid-Holland", "Nationaal", "Alles"], default="Alles")
    st.multiselect("Type", ["a", "b", "c"], default=["a", "b", "c"])
    st.multiselect("Fase", ["a", "b", "c", "d"], default=["a", "b", "c", "d"])
    st.multiselect("Productketen", ["a", "b", "c", "d"], default=["a", "b", "c", "d"])
    st.selectbox("Geselecteerde hotspot", ["— geen —"])
    st.slider("Straal (km)", 80, 120, 80, 5)
    st.radio("Cirkels", ["rond de geselecteerde hotspot", "rond alle hotspots"])
    st.button("Filters wissen")

st.title("Tabel & export")
st.caption("Dezelfde hotspots als op de kaart.")
result = load_hotspots()
table = export.table(export.table_rows(result.frame))
st.multiselect("Kolommen in de export", list(table.columns), default=list(table.columns))
st.dataframe(table, hide_index=True)
formats = ["CSV (Excel NL)", "CSV", "Excel", "GeoJSON", "GeoPackage"]
for column, label in zip(st.columns(len(formats)), formats, strict=True):
    column.download_button(label, data=lambda: export.to_csv(table), file_name="tabel.csv", on_click="ignore")
st.caption("Eén klik per bestand.")
