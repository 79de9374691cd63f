"""The table of kansrijke partners and its files: headers, order, values, Toelichting, formula neutralising."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest
from factories import DELFT, LEIDEN, NOORDWIJK, collection

from hotspots import export, partners
from hotspots.io import DEFAULT_DATA_PATH, frame_from_features, load_hotspots
from hotspots.model import PRODUCT_CHAINS, TYPES, label
from hotspots.viewstate import ViewState

HEADERS = [
    "Hotspot A",
    "Hotspot B",
    "id A",
    "id B",
    "Afstand (km)",
    "Gedeelde productketens",
    "Gedeelde typen",
    "Beide Digitaal Verbinden",
    "Score",
    "Alleen inschattingen",
]
MOMENT = dt.datetime(2025, 3, 14, 9, 30)


@pytest.fixture(scope="module")
def shipped():
    return load_hotspots(DEFAULT_DATA_PATH).frame


def test_headers_are_exactly_those_of_the_issue(shipped):
    table = export.links_table(partners.links(shipped, 100), shipped)
    assert list(table.columns) == HEADERS
    assert list(export.LINK_TABLE_COLUMNS) == HEADERS


@pytest.mark.parametrize("radius", [80, 120])
@pytest.mark.parametrize("kinds", [None, {"keten", "dv"}, {"type"}])
def test_rows_are_the_links_strongest_first_with_dutch_values(shipped, radius, kinds):
    links = partners.links(shipped, radius, kinds)
    table = export.links_table(links, shipped)
    assert len(table) == len(links) > 0
    names = dict(zip(shipped["id"], shipped["name"], strict=True))
    assert list(table["id A"]) == list(links["a"])
    assert list(table["id B"]) == list(links["b"])
    assert list(table["Hotspot A"]) == [names[i] for i in links["a"]]
    assert list(table["Hotspot B"]) == [names[i] for i in links["b"]]
    assert list(table["Afstand (km)"]) == [round(d, 1) for d in links["distance_km"]]
    assert list(table["Score"]) == [round(s, 2) for s in links["score"]]
    assert table["Score"].is_monotonic_decreasing
    assert list(table["Gedeelde productketens"]) == [
        ", ".join(label(PRODUCT_CHAINS, c) for c in chains) for chains in links["chains"]
    ]
    assert list(table["Gedeelde typen"]) == [", ".join(label(TYPES, t) for t in types) for types in links["types"]]
    assert list(table["Beide Digitaal Verbinden"]) == ["ja" if dv else "nee" for dv in links["dv"]]
    assert list(table["Alleen inschattingen"]) == ["ja" if e else "nee" for e in links["estimated_only"]]
    assert table["Afstand (km)"].dtype == "float64" and table["Score"].dtype == "float64"


def test_no_links_gives_the_headers_only(shipped):
    table = export.links_table(partners.links(shipped.iloc[:1], 80), shipped.iloc[:1])
    assert table.empty and list(table.columns) == HEADERS


def test_bad_input_is_refused(shipped):
    links = partners.links(shipped, 80)
    with pytest.raises(TypeError):
        export.links_table("links", shipped)
    with pytest.raises(ValueError, match="lacks the columns"):
        export.links_table(links[["a", "b"]], shipped)
    with pytest.raises(ValueError, match="not in frame"):
        export.links_table(links, shipped.iloc[:3])


def evil_frame():
    evil = dict(DELFT, properties=dict(DELFT["properties"], name='=HYPERLINK("http://x","klik")'))
    return frame_from_features(collection(LEIDEN, evil, NOORDWIJK)["features"])


def test_names_that_look_like_formulas_are_neutralised_in_every_file():
    frame = evil_frame()
    table = export.links_table(partners.links(frame, 80), frame)
    assert '=HYPERLINK("http://x","klik")' in set(table["Hotspot A"]) | set(table["Hotspot B"])
    for data, sep, encoding in (
        (export.to_csv_excel_nl(table), ";", "utf-8-sig"),
        (export.to_csv(table), ",", "utf-8"),
    ):
        rows = list(csv.reader(io.StringIO(data.decode(encoding)), delimiter=sep))
        assert rows[0] == HEADERS
        cells = [cell for row in rows[1:] for cell in row[:2]]
        assert '\'=HYPERLINK("http://x","klik")' in cells
        assert not any(cell.startswith("=") for row in rows for cell in row)
    sheet = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(table))).worksheets[0]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert '\'=HYPERLINK("http://x","klik")' in values
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_csv_for_dutch_excel_has_decimal_commas(shipped):
    table = export.links_table(partners.links(shipped, 80), shipped)
    frame = pd.read_csv(io.BytesIO(export.to_csv_excel_nl(table)), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(frame.columns) == HEADERS
    assert list(frame["Score"]) == pytest.approx(list(table["Score"]))
    assert list(frame["Afstand (km)"]) == pytest.approx(list(table["Afstand (km)"]))


@pytest.mark.parametrize(
    ("radius", "kinds", "kinds_text"),
    [
        (80, partners.KINDS, "productketen, type, Digitaal Verbinden"),
        (115, ("keten", "dv"), "productketen, Digitaal Verbinden"),
    ],
)
def test_excel_toelichting_states_the_rule_radius_kinds_date_and_sources(shipped, radius, kinds, kinds_text):
    view = ViewState(radius_km=radius, hotspot="delft")
    table = export.links_table(partners.links(shipped, radius, kinds), shipped)
    sections = export.links_explanation(
        view,
        shipped,
        links_count=len(table),
        kinds=kinds,
        columns=list(table.columns),
        source="hotspots.geojson",
        exported_at=MOMENT,
    )
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(table, sections)))
    assert book.sheetnames == ["Hotspots", "Toelichting"]
    data = book["Hotspots"]
    assert [c.value for c in data[1]] == HEADERS
    assert data.max_row == len(table) + 1
    notes = {row[0]: row[1] for row in book["Toelichting"].iter_rows(values_only=True) if row[0]}
    assert notes["Regel"] == partners.RULE_TEXT
    assert notes["Straal"] == f"{radius} km"
    assert notes["Soorten koppeling"] == kinds_text
    assert notes["Datum en tijd"] == "2025-03-14 09:30"
    assert notes["Aantal verbindingen"] == str(len(table))
    assert notes["Gemaakt met"] == "Hotspotkaart, pagina Samenwerking"
    assert notes["Geselecteerde hotspot"] == "geen"  # the links do not depend on the selection
    cited = {s["seed"] for sources in shipped["sources"] for s in sources}
    assert cited and cited <= set(notes)  # every cited source with its reference


def test_file_names_say_links_radius_and_kinds():
    day = dt.date(2025, 3, 14)
    assert export.links_filename(ViewState(), partners.KINDS, "csv", day) == "verbindingen_80km_alle_2025-03-14.csv"
    view = ViewState(radius_km=100, hotspot="delft")
    assert (
        export.links_filename(view, {"dv", "keten"}, "excel-nl.csv", day)
        == "verbindingen_100km_keten-dv_alle_2025-03-14.excel-nl.csv"
    )
    assert export.export_filename(ViewState(), "csv", day) == "hotspots_alle_2025-03-14.csv"  # unchanged default
    with pytest.raises(ValueError, match="prefix"):
        export.export_filename(ViewState(), "csv", day, prefix="../x")
