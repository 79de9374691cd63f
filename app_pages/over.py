"""About the data: the vocabularies, the radius and the sources."""

import streamlit as st

from hotspots.model import ESTIMABLE_FIELDS, PHASES, PRODUCT_CHAINS, TYPES
from ui import context

ctx = context.current()

st.title("Over de gegevens")
st.markdown(
    "Een **hotspot** is een herkenbare concentratie van innovatieve bedrijven en kennisinstellingen "
    "rond een anker: een universiteit, een groot bedrijf of een campus. De kaart toont de hotspots "
    "van Zuid-Holland en de landelijke voorbeelden die de bronnen noemen."
)

st.subheader("Typen (AWTI 2014, hoofdstuk 3)")
for term in TYPES.values():
    st.markdown(f"- **{term.label}**: {term.explanation}")

st.subheader("Fasen (levenscyclus, AWTI 2014, §2.4)")
for term in PHASES.values():
    st.markdown(f"- **{term.label}**: {term.explanation}")

st.subheader("Productketens (ActieAgenda, Actielijn 1)")
for term in PRODUCT_CHAINS.values():
    st.markdown(f"- **{term.label}**: {term.explanation}")
st.markdown(
    "**Digitaal Verbinden** is Actielijn 2 van de ActieAgenda; de kaart laat zien bij welke hotspots "
    "die actielijn besproken is."
)

st.subheader("Nabijheid: 80 tot 120 km")
st.markdown(
    "Het positieve effect van universitair onderzoek op innovatie is te zien binnen een straal van "
    "ongeveer 80 km; ook afstanden rond 120 km worden genoemd (AWTI 2014, §2.3). De cirkels op de kaart "
    "zijn echte afstanden over het aardoppervlak. Silicon Valley is in de bronnen het internationale "
    "referentiepunt en staat daarom niet op de kaart van Nederlandse hotspots."
)

st.subheader("Bronnen en inschattingen")
st.markdown(
    "Elke hotspot verwijst naar de brondocumenten (met hoofdstuk of paragraaf) waarin hij genoemd wordt. "
    "Wat de bronnen niet zeggen, is een redactionele **inschatting** en staat zo aangegeven:"
)
for term in ESTIMABLE_FIELDS.values():
    st.markdown(f"- **{term.label}**: {term.explanation}")

estimated = ctx.all["estimated"]
st.caption(
    f"Van de {len(ctx.all)} hotspots is bij {int(estimated.map(lambda e: 'phase' in e).sum())} de fase "
    f"en bij {int(estimated.map(lambda e: 'types' in e).sum())} het type een inschatting."
)
st.caption(f"Gegevensbestand: {ctx.data.path.name}. Controleren kan met `python -m hotspots validate`.")
