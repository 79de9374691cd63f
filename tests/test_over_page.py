"""AppTest of "Over de gegevens": the estimate notice first, the legend beside the definitions, full references."""

import base64
import re

from factories import DELFT, LEIDEN, NOORDWIJK, collection, feature, write

from hotspots import glossary
from hotspots.mapview import TYPE_COLOURS, marker_svg
from hotspots.model import PHASES, TYPES
from hotspots.sources import REFERENCES

PAGE = "app_pages/over.py"


def page_text(at) -> str:
    parts = [
        e.value for kind in ("markdown", "caption", "info", "warning", "title", "header") for e in at.main.get(kind)
    ]
    return "\n".join(str(p) for p in parts)


def legend_html(at) -> str:
    """The legend, with its marker images (data URLs: st.html drops inline SVG) decoded back to SVG."""
    text = "\n".join(e.value for e in at.main.html)
    return re.sub(
        r'<img alt="" src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)">',
        lambda m: base64.b64decode(m.group(1)).decode(),
        text,
    )


def test_estimates_are_said_first_with_their_counts(app, tmp_path):
    # Leiden and Delft: phase estimated (the factory's default); Noordwijk: neither; one more: the type only.
    typed = feature("typed", 4.5, 52.0, name="Geschat type", phase="opkomst", estimated=["types", "location"])
    data = write(tmp_path / "vier.geojson", collection(LEIDEN, DELFT, NOORDWIJK, typed))
    at = app(page=PAGE, data=data)
    assert not at.exception
    assert at.title[0].value == "Over de gegevens"
    (notice,) = at.main.info
    assert "Van de 4 hotspots is bij 2 de fase en bij 1 het type een redactionele inschatting" in notice.value
    assert notice.value.startswith("**Veel waarden zijn een inschatting.**")
    # right under the title, before the definitions
    first = list(at.main.children.values())[:3]
    assert [type(e).__name__ for e in first] == ["Title", "Info", "Markdown"]


def test_estimate_counts_of_the_shipped_data(app):
    from hotspots.io import load_hotspots

    frame = load_hotspots().frame
    at = app(page=PAGE, data=load_hotspots().path)
    phases = int(frame["estimated"].map(lambda e: "phase" in e).sum())
    types = int(frame["estimated"].map(lambda e: "types" in e).sum())
    assert f"Van de {len(frame)} hotspots is bij {phases} de fase en bij {types} het type" in at.main.info[0].value
    assert phases > len(frame) / 2, "most phases are estimates"


def test_legend_shows_each_type_colour_and_phase_shape_with_its_definition(app):
    at = app(page=PAGE)
    legend = legend_html(at)
    for slug, term in TYPES.items():
        row = re.search(rf'<div class="hk-row" data-term="{re.escape(term.label)}">(.*?)</div>', legend, re.S)
        assert row, term.label
        assert marker_svg([slug], "groei") in row.group(1)
        assert TYPE_COLOURS[slug] in row.group(1)
        assert term.explanation in row.group(1)
    assert 'data-term="Twee typen"' in legend
    for slug, term in PHASES.items():
        row = re.search(rf'<div class="hk-row" data-term="{re.escape(term.label)}">(.*?)</div>', legend, re.S)
        assert row, term.label
        assert marker_svg(["__none__"], slug) in row.group(1)
        assert term.explanation in row.group(1)
    assert [s.value for s in at.main.header][:2] == [glossary.TYPES_TOPIC.title, glossary.PHASES_TOPIC.title]


def test_references_are_full_and_no_developer_commands(app):
    at = app(page=PAGE)
    text = page_text(at)
    for ref in REFERENCES.values():
        assert ref.full in text
        assert ref.title in text and ref.publisher in text and ref.year in text
    assert "python -m" not in text
    assert "validate" not in text
    assert "besproken / niet besproken" in text
    # the sidebar's filters stay on this page
    assert at.sidebar.multiselect(key="f_type").label == "Type"


def test_sources_read_as_title_publisher_and_year_without_file_names_or_double_stops(app):
    at = app(page=PAGE)
    text = page_text(at)
    for ref in REFERENCES.values():
        assert ref.title in text and ref.publisher in text
    assert ".txt" not in text, "file names are for the exports' machine columns"
    assert "z.j.." not in text and "z.j." in text
