"""About the data: the vocabularies, the radius and the sources."""

import streamlit as st

from hotspots import glossary
from hotspots.sources import REFERENCES
from ui import context

ctx = context.current()

st.title("Over de gegevens")
st.markdown(
    f"{glossary.HOTSPOT} De kaart toont de hotspots van Zuid-Holland en de landelijke voorbeelden die de bronnen noemen."
)

for topic in (glossary.TYPES_TOPIC, glossary.PHASES_TOPIC, glossary.CHAINS_TOPIC):
    st.subheader(topic.title)
    for term, explanation in topic.rows():
        st.markdown(f"- **{term}**: {explanation}")
st.markdown(f"**Digitaal Verbinden**: {glossary.DIGITAAL_VERBINDEN}")

st.subheader("Nabijheid: 80 tot 120 km")
st.markdown(
    f"{glossary.RADIUS} De cirkels op de kaart zijn echte afstanden over het aardoppervlak. Silicon Valley is "
    "in de bronnen het internationale referentiepunt en staat daarom niet op de kaart van Nederlandse hotspots."
)

st.subheader("Bronnen")
st.markdown("Elke hotspot verwijst naar de brondocumenten (met hoofdstuk of paragraaf) waarin hij genoemd wordt:")
for ref in REFERENCES.values():
    st.markdown(f"- {ref.full} {ref.about} _(bestand {ref.seed})_")

st.subheader(glossary.ESTIMATES_TOPIC.title)
st.markdown(f"{glossary.ESTIMATE} Zo'n waarde staat aangegeven als **inschatting**:")
for term, explanation in glossary.ESTIMATES_TOPIC.rows():
    st.markdown(f"- **{term}**: {explanation}")

estimated = ctx.all["estimated"]
st.caption(
    f"Van de {len(ctx.all)} hotspots is bij {int(estimated.map(lambda e: 'phase' in e).sum())} de fase "
    f"en bij {int(estimated.map(lambda e: 'types' in e).sum())} het type een inschatting."
)
st.caption(f"Gegevensbestand: {ctx.data.path.name}. Controleren kan met `python -m hotspots validate`.")
