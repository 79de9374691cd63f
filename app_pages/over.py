"""About the data: how much is an estimate, the vocabularies with the map's legend, the radius and the sources."""

import base64
import html

import streamlit as st

from hotspots import glossary
from hotspots.mapview import marker_svg
from hotspots.model import PHASES, TYPES
from hotspots.sources import REFERENCES
from ui import changes, context
from ui.assets import stylesheet
from ui.text import md

ctx = context.current()
# A slug with no colour: the phase rows show the shape in grey, as the map's legend does.
NO_TYPE = ["__none__"]
# The legend's rows (static/app/over.css).
stylesheet("app/over.css")


def marker_img(svg: str) -> str:
    """The marker as an image: st.html sanitizes inline SVG away, a data URL survives."""
    data = base64.b64encode(svg.encode()).decode()
    return f'<img alt="" src="data:image/svg+xml;base64,{data}">'


def legend_rows(rows: list[tuple[str, str, str]]) -> str:
    """Rows of (marker SVG, term, explanation) as HTML; the texts are escaped, the SVGs are ours."""
    items = "".join(
        f'<div class="hk-row" data-term="{html.escape(term)}">{marker_img(svg)}'
        f"<span><strong>{html.escape(term)}</strong>: {html.escape(text)}</span></div>"
        for svg, term, text in rows
    )
    return f'<div class="hk-over-legend">{items}</div>'


estimated = ctx.all["estimated"]
phases_estimated = int(estimated.map(lambda e: "phase" in e).sum())
types_estimated = int(estimated.map(lambda e: "types" in e).sum())

st.title("Over de gegevens")
st.info(
    f"**Veel waarden zijn een inschatting.** Van de {len(ctx.all)} hotspots is bij {phases_estimated} de fase "
    f"en bij {types_estimated} het type een redactionele inschatting: de bronnen noemen ze niet. "
    "Op de kaart en in de tabel staat bij elke hotspot welke waarden een inschatting zijn.",
    icon=":material/info:",
)
st.markdown(
    f"{glossary.HOTSPOT} De kaart toont de hotspots van Zuid-Holland en de landelijke voorbeelden die de bronnen noemen."
)

st.header(glossary.TYPES_TOPIC.title)
st.caption("De kleur en de letter van een hotspot op de kaart tonen zijn type.")
type_rows = [(marker_svg([slug], "groei"), term.label, term.explanation) for slug, term in TYPES.items()]
type_rows.append(
    (
        marker_svg(["engineering", "wetenschapsgedreven"], "groei"),
        "Twee typen",
        "Een hotspot met twee typen toont beide kleuren en beide letters.",
    )
)
st.html(legend_rows(type_rows))

st.header(glossary.PHASES_TOPIC.title)
st.caption("De vorm van een hotspot op de kaart is zijn fase.")
st.html(legend_rows([(marker_svg(NO_TYPE, slug), term.label, term.explanation) for slug, term in PHASES.items()]))

st.header(glossary.CHAINS_TOPIC.title)
for term, explanation in glossary.CHAINS_TOPIC.rows():
    st.markdown(f"- **{term}**: {explanation}")
st.markdown(f"**Digitaal Verbinden** (besproken / niet besproken): {glossary.DIGITAAL_VERBINDEN}")

st.header("Nabijheid: 80 tot 120 km")
st.markdown(
    f"{glossary.RADIUS} De cirkels op de kaart zijn echte afstanden over het aardoppervlak. Silicon Valley is "
    "in de bronnen het internationale referentiepunt en staat daarom niet op de kaart van Nederlandse hotspots."
)

st.header("Bronnen")
st.markdown("Elke hotspot verwijst naar de brondocumenten (met hoofdstuk of paragraaf) waarin hij genoemd wordt:")
for ref in REFERENCES.values():
    st.markdown(f"- {ref.full} {ref.about}")

st.header(glossary.ESTIMATES_TOPIC.title)
st.markdown(f"{glossary.ESTIMATE} Zo'n waarde staat op de kaart aangegeven als **inschatting**:")
for term, explanation in glossary.ESTIMATES_TOPIC.rows():
    st.markdown(f"- **{term}**: {explanation}")
st.caption(f"Gegevensbestand: {ctx.data.path.name}.")

recent = changes.latest(10)
if recent:
    st.header("Laatste wijzigingen")
    st.caption("Medewerkers houden de hotspots bij op de pagina Beheer; elke wijziging staat met naam en reden vast.")
    st.markdown(
        "\n".join(
            f"- **{md(changes.when(change.time))}** · {md(change.author)}: "
            f"{md(', '.join(h.name for h in change.hotspots[:5]) or 'geen hotspots')}"
            f"{' en meer' if len(change.hotspots) > 5 else ''} · _{md(change.reason)}_"
            for change in recent
        )
    )
