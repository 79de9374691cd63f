import streamlit as st

from ui import context

ctx = context.current()
st.title("Tabel & export")
