"""The tables that drive the app: filters, pages, export formats; and what derives from them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hotspots import export, pages
from hotspots.export import filter_rows
from hotspots.filters import FILTERS, FilterState, describe
from hotspots.mapview import presentation as mapview_presentation
from hotspots.presentation import VALUE_CHOICES, load_schema
from hotspots.viewstate import KNOWN_PARAMS, PAGE_PARAMS, VIEW_PARAMS, ViewState, parse_query_params, to_query_params

ROOT = Path(__file__).resolve().parent.parent


def _readme_url_table() -> dict[str, str]:
    """The README's "Sharing a view" table: parameter -> values cell."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Sharing a view", 1)[1]
    lines = [line for line in section.split("\n\n") if line.startswith("| parameter")][0].splitlines()
    rows = {}
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        rows[cells[0].strip("`")] = cells[1]
    return rows


def test_readme_url_table_lists_every_parameter_of_the_tables():
    assert list(_readme_url_table()) == [*KNOWN_PARAMS, *PAGE_PARAMS]


@pytest.mark.parametrize("spec", FILTERS, ids=lambda spec: spec.param)
def test_readme_lists_each_filters_values(spec):
    cell = _readme_url_table()[spec.param]
    named = {value for token in re.findall(r"`([^`]+)`", cell) for value in token.split(",")}
    assert named == set(spec.slugs)


def test_known_params_are_the_filter_table_then_the_view():
    assert (*(spec.param for spec in FILTERS), *VIEW_PARAMS) == KNOWN_PARAMS


@pytest.mark.parametrize("spec", FILTERS, ids=lambda spec: spec.param)
def test_every_consumer_follows_the_filter_table(spec):
    """URL, Toelichting, presentation checks and schema, words: one filter, one row."""
    value = spec.slugs[0]
    view, notices = parse_query_params({spec.param: value})
    assert notices == []
    assert view.filters.chosen(spec.param) == {value}
    assert to_query_params(view) == {spec.param: value}
    rows = dict(filter_rows(view))
    assert rows[spec.label] == spec.name(value)
    assert VALUE_CHOICES[spec.param] == spec.slugs
    assert spec.param in load_schema()["$defs"]["view"]["properties"]
    assert any(spec.name(value) in part for part in describe(view.filters))
    assert rows  # the Toelichting has the row


def test_filter_state_by_attribute_and_by_parameter_are_the_same():
    assert FilterState(types=frozenset({"engineering"}), digitaal_verbinden=True) == FilterState.from_choices(
        {"type": {"engineering"}, "dv": {"ja"}}
    )
    assert FilterState(types=frozenset({"engineering"})).types == {"engineering"}
    assert FilterState().digitaal_verbinden is None
    assert FilterState(digitaal_verbinden=False).digitaal_verbinden is False
    with pytest.raises(TypeError):
        FilterState(colour=frozenset())


def test_pages_table_drives_page_parameters_and_links():
    assert PAGE_PARAMS == ("koppel", "presentatie", "stap", "deck")
    assert pages.by_path("presentatie") is pages.PRESENTATIE
    assert pages.PRESENTATIE.url_path == mapview_presentation.PAGE_PATH
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    assert "PAGES" in app
    for page in pages.PAGES:
        assert (ROOT / "app_pages" / page.script).is_file()
    # every page's own parameters are read without a notice
    assert parse_query_params({"stap": "2", "koppel": "type"})[1] == []


def test_export_formats_table():
    assert [f.label for f in export.FORMATS.values()] == ["CSV (Excel NL)", "CSV", "Excel", "GeoJSON", "GeoPackage"]
    assert export.mime_type("excel-nl.csv") == "text/csv"
    assert export.mime_type("gpkg") == "application/geopackage+sqlite3"
    for page in ("tabel.py", "samenwerking.py"):
        source = (ROOT / "app_pages" / page).read_text(encoding="utf-8")
        assert '"CSV (Excel NL)"' not in source  # labels come from the table
    assert ViewState().filters.is_default
