"""The table and its files: round trips through pandas, openpyxl and geopandas, and formula injection."""

import datetime as dt
import io
import json
import shutil
import subprocess

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pyogrio
import pytest
from factories import collection, feature

from hotspots import export, filters
from hotspots.filters import FilterState
from hotspots.io import frame_from_features, load_hotspots
from hotspots.viewstate import ViewState

DELFT_LON_LAT = (4.3776, 51.9990)
NOW = dt.datetime(2025, 3, 14, 9, 26, tzinfo=dt.timezone(dt.timedelta(hours=1), "CET"))
HOSTILE_NAMES = ['=HYPERLINK("http://x","klik")', "+31 70 1234567", "@SUM(1+1)", "-2+3"]


def frame_of(*features):
    return frame_from_features(collection(*features)["features"])


@pytest.fixture
def rows(sample_frame):
    """The sample with distances to Delft, nearest first."""
    return export.table_rows(sample_frame, around=DELFT_LON_LAT)


@pytest.fixture
def hostile_frame():
    """Hotspots whose texts a spreadsheet would run as formulas."""
    features = [
        feature(f"kwaad-{i}", 4.3 + i / 10, 52.0, name=name, anchors=[name, "\tTab"], focus="\rRegel")
        for i, name in enumerate(HOSTILE_NAMES)
    ]
    features.append(feature("gewoon", 4.9, 52.0, name="Gewoon - niets aan de hand", place="Fryslân"))
    return export.table_rows(frame_of(*features))


def sections_for(frame, view=None, **kwargs):
    return export.explanation(
        view or ViewState(),
        frame,
        columns=list(export.COLUMNS),
        source="hotspots.geojson",
        exported_at=NOW,
        **kwargs,
    )


def read_nl_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", keep_default_na=False)


def assert_same_table(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(actual, expected, check_dtype=False)
    for column in expected.columns:
        numeric = pd.api.types.is_numeric_dtype(expected[column])
        assert pd.api.types.is_numeric_dtype(actual[column]) == numeric, column


# --- the rows and the table -------------------------------------------------


def test_rows_are_sorted_by_name_without_a_selection(sample_frame):
    rows = export.table_rows(sample_frame)
    assert list(rows["name"]) == sorted(sample_frame["name"], key=str.casefold)
    assert "distance_km" not in rows.columns


def test_rows_around_a_hotspot_are_nearest_first_and_can_stop_at_the_radius(sample_frame):
    rows = export.table_rows(sample_frame, around=DELFT_LON_LAT)
    assert list(rows["id"]) == ["delft", "leiden", "noordwijk", "eindhoven", "leeuwarden"]
    assert rows["distance_km"].iloc[0] == pytest.approx(0.0)
    assert rows["distance_km"].iloc[1] == pytest.approx(19.9, abs=0.1)  # Leiden Bio Science Park
    within = export.table_rows(sample_frame, around=DELFT_LON_LAT, within_km=80)
    assert list(within["id"]) == ["delft", "leiden", "noordwijk"]


def test_rows_reject_nonsense(sample_frame):
    with pytest.raises(ValueError, match="around"):
        export.table_rows(sample_frame, within_km=80)
    with pytest.raises(ValueError, match="positive"):
        export.table_rows(sample_frame, around=DELFT_LON_LAT, within_km=0)
    with pytest.raises(TypeError, match="list"):
        export.table_rows([1, 2])


def test_table_has_dutch_headers_labels_and_marked_estimates(sample_frame):
    table = export.table(export.table_rows(sample_frame))
    assert list(table.columns) == [c for c in export.COLUMNS if c != export.DISTANCE]
    delft = table.set_index("id").loc["delft"]
    assert delft["Naam"] == "RoboValley"
    assert delft["Schaal"] == "Zuid-Holland"
    assert delft["Type"] == "Engineering, Wetenschapsgedreven"
    assert delft["Fase"] == "Groei (inschatting)"  # the factory marks phase and location as estimates
    assert delft["Productketens"] == "Robotica"
    assert delft["Digitaal Verbinden"] == "ja"
    assert delft["Bronnen"] == "001_38567238ee4dba9b.txt §3.4"
    assert delft["Inschattingen"] == "fase, locatie"
    assert delft["Lengtegraad"] == pytest.approx(4.3776)
    assert delft["Breedtegraad"] == pytest.approx(51.999)
    leiden = table.set_index("id").loc["leiden"]
    assert leiden["Ankers"] == "LUMC; Universiteit Leiden"
    assert leiden["Productketens"] == "geen"
    assert leiden["Digitaal Verbinden"] == "nee"
    noordwijk = table.set_index("id").loc["noordwijk"]
    assert noordwijk["Fase"] == "Opkomst"  # not an estimate there
    assert noordwijk["Inschattingen"] == "locatie"


def test_table_marks_estimated_types_and_chains_and_joins_several_sources():
    hotspot = feature(
        "x",
        types=["engineering"],
        product_chains=[],
        estimated=["types", "product_chains"],
        sources=[
            {"seed": "001_38567238ee4dba9b.txt", "section": "§3.2"},
            {"seed": "003_35ad4f9a39bf573e.txt", "section": "tabel"},
        ],
    )
    row = export.table(frame_of(hotspot)).iloc[0]
    assert row["Type"] == "Engineering (inschatting)"
    assert row["Productketens"] == "geen (inschatting)"
    assert row["Fase"] == "Groei"
    assert row["Bronnen"] == "001_38567238ee4dba9b.txt §3.2; 003_35ad4f9a39bf573e.txt tabel"
    assert row["Inschattingen"] == "type, productketens"


def test_table_has_a_rounded_distance_column_after_the_place(rows):
    table = export.table(rows)
    assert list(table.columns[:3]) == ["Naam", "Plaats", "Afstand (km)"]
    assert list(table["Afstand (km)"]) == [round(d, 1) for d in rows["distance_km"]]
    assert table["Afstand (km)"].dtype == float
    assert export.available_columns(table) == list(export.COLUMNS)


def test_table_of_no_hotspots_is_empty_with_its_headers(sample_frame):
    table = export.table(export.table_rows(sample_frame.iloc[0:0]))
    assert table.empty
    assert "Naam" in table.columns


# --- CSV ----------------------------------------------------------------------


def test_dutch_csv_round_trips_with_bom_semicolons_and_decimal_comma(rows):
    table = export.table(rows)
    data = export.to_csv_excel_nl(table)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Naam;Plaats;Afstand (km);")
    assert ";19,9;" in text and ";4,479;" in text  # decimal comma
    assert "\r\n" in text
    assert_same_table(read_nl_csv(data), table)


def test_plain_csv_round_trips(rows):
    table = export.table(rows)
    data = export.to_csv(table)
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8").startswith("Naam,Plaats,Afstand (km),")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8", keep_default_na=False)
    assert_same_table(back, table)


def test_csv_keeps_the_chosen_columns_in_the_table_order(rows):
    table = export.table(rows)[["Naam", "Afstand (km)", "id"]]
    back = read_nl_csv(export.to_csv_excel_nl(table))
    assert list(back.columns) == ["Naam", "Afstand (km)", "id"]
    assert list(back["id"]) == list(rows["id"])


def test_csv_keeps_non_ascii_text(sample_frame):
    table = export.table(export.table_rows(sample_frame))
    back = read_nl_csv(export.to_csv_excel_nl(table))
    assert "Fryslân" in set(back["Provincie"])


# --- Excel --------------------------------------------------------------------


def open_workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))  # formulas as written, not cached values


def sheet_frame(sheet) -> pd.DataFrame:
    # OOXML escapes a carriage return as _x000D_; Excel decodes it, openpyxl does not.
    values = [[v.replace("_x000D_", "\r") if isinstance(v, str) else v for v in row] for row in sheet.values]
    return pd.DataFrame(values[1:], columns=values[0])


def explanation_sheet(data: bytes) -> dict[str, dict[str, str]]:
    """The "Toelichting" sheet as {section: {term: text}}."""
    sections, current = {}, None
    for term, text in open_workbook(data)["Toelichting"].iter_rows(min_row=3, max_col=2, values_only=True):
        if term and text is None:
            current = sections.setdefault(term, {})
        elif term:
            current[term] = text
    return sections


def all_cells(workbook):
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def test_xlsx_has_the_rows_a_frozen_bold_header_an_autofilter_and_no_formulas(rows):
    table = export.table(rows)
    workbook = open_workbook(export.to_xlsx(table, sections_for(rows)))
    assert workbook.sheetnames == ["Hotspots", "Toelichting"]
    sheet = workbook["Hotspots"]
    assert_same_table(sheet_frame(sheet), table)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:P{len(table) + 1}"
    assert all(cell.font.bold for cell in sheet[1])
    assert not any(cell.font.bold for cell in sheet[2])
    assert not [cell.coordinate for cell in all_cells(workbook) if cell.data_type == "f"]
    # numbers are numeric cells, with a number format
    distance = sheet["C3"]
    assert distance.data_type == "n" and distance.value == pytest.approx(19.9)
    assert distance.number_format == "0.0"
    assert sheet.column_dimensions["A"].width >= len("Leiden Bio Science Park")
    assert sheet.column_dimensions["K"].width <= 62  # the long Focus column is capped


def test_xlsx_explanation_sheet_says_when_what_and_where_from(sample_frame):
    view = ViewState(filters=FilterState(scopes=frozenset({"zuid-holland"}), query="tu delft"), radius_km=100)
    rows = export.table_rows(filters.apply(sample_frame, view.filters), around=DELFT_LON_LAT, within_km=100)
    data = export.to_xlsx(
        export.table(rows), sections_for(rows, view, hotspot_name="RoboValley (Delft)", within_radius=True)
    )
    notes = explanation_sheet(data)
    assert notes["Export"]["Datum en tijd"] == "2025-03-14 09:26 (CET)"
    assert notes["Export"]["Aantal hotspots"] == "1"
    assert notes["Export"]["Gegevensbestand"] == "hotspots.geojson"
    assert notes["Filters"] == {
        "Schaal": "Zuid-Holland",
        "Type": "alle",
        "Fase": "alle",
        "Productketen": "alle",
        "Digitaal Verbinden": "alle",
        "Zoektekst": "tu delft",
        "Straal": "100 km",
        "Geselecteerde hotspot": "RoboValley (Delft)",
        "Alleen binnen de straal": "ja, alleen hotspots binnen 100 km van RoboValley (Delft)",
    }
    assert notes["Bronnen"]["001_38567238ee4dba9b.txt"] == "AWTI-advies Regionale hotspots (2014)"
    meanings = {
        term for title, rows in notes.items() for term in rows if title.startswith(("Typen", "Fasen", "Product"))
    }
    assert meanings >= {"Creatief-urbaan", "Engineering", "Wetenschapsgedreven", "Opkomst", "Transitie", "LaserSatCom"}
    assert "inschatting" in notes["Inschattingen"]["(inschatting)"]


def test_explanation_names_filters_in_dutch():
    view = ViewState(
        filters=FilterState(
            types=frozenset({"engineering"}),
            chains=frozenset({"geen", "robotica"}),
            phases=frozenset(),
            digitaal_verbinden=False,
        )
    )
    filters = dict(export.filter_rows(view))
    assert filters["Type"] == "Engineering"
    assert filters["Productketen"] == "Robotica, geen productketen"
    assert filters["Fase"].startswith("geen")
    assert filters["Digitaal Verbinden"] == "niet besproken"
    assert filters["Geselecteerde hotspot"] == "geen"
    assert "Alleen binnen de straal" not in filters


# --- GeoJSON and GeoPackage ---------------------------------------------------


def test_geojson_is_rfc7946_in_wgs84_with_every_property(rows, tmp_path):
    data = export.to_geojson(rows)
    document = json.loads(data.decode("utf-8"))
    assert document["type"] == "FeatureCollection"
    assert "crs" not in document  # RFC 7946: always WGS 84, no crs member
    first = document["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [4.3776, 51.999]}  # longitude first
    assert first["properties"]["types"] == ["engineering", "wetenschapsgedreven"]
    assert first["properties"]["type_labels"] == ["Engineering", "Wetenschapsgedreven"]
    assert first["properties"]["phase_label"] == "Groei"
    assert first["properties"]["sources"] == [{"seed": "001_38567238ee4dba9b.txt", "section": "§3.4"}]
    assert first["properties"]["distance_km"] == 0.0
    assert first["properties"]["digitaal_verbinden"] is True

    back = gpd.read_file(write_bytes(tmp_path / "x.geojson", data))
    assert back.crs.to_epsg() == 4326
    assert list(back["id"]) == list(rows["id"])
    assert back.geometry.geom_equals(rows.geometry.reset_index(drop=True)).all()


def test_geojson_with_every_column_is_a_valid_data_file_again(sample_frame, tmp_path):
    rows = export.table_rows(sample_frame)
    result = load_hotspots(write_bytes(tmp_path / "again.geojson", export.to_geojson(rows)))
    assert not result.problems
    expected = rows.reset_index(drop=True)
    pd.testing.assert_frame_equal(result.frame, expected[result.frame.columns])


def test_geo_files_hold_only_the_chosen_columns(rows, tmp_path):
    document = json.loads(export.to_geojson(rows, ["Naam", "Fase", "Afstand (km)"]))
    assert list(document["features"][0]["properties"]) == ["name", "phase", "phase_label", "distance_km"]
    layer = gpd.read_file(write_bytes(tmp_path / "x.gpkg", export.to_geopackage(rows, ["Naam", "Lengtegraad"])))
    assert list(layer.columns) == ["name", "geometry"]
    with pytest.raises(ValueError, match="unknown columns"):
        export.to_geojson(rows, ["Name"])


def test_no_distance_property_without_a_selection(sample_frame):
    document = json.loads(export.to_geojson(export.table_rows(sample_frame)))
    assert "distance_km" not in document["features"][0]["properties"]


def test_geopackage_is_one_layer_in_epsg4326_with_lists_as_text(rows, tmp_path):
    path = write_bytes(tmp_path / "hotspots.gpkg", export.to_geopackage(rows))
    assert [name for name, _ in pyogrio.list_layers(path)] == ["hotspots"]
    layer = gpd.read_file(path, layer="hotspots")
    assert layer.crs.to_epsg() == 4326
    assert list(layer["id"]) == list(rows["id"])
    assert layer.geometry.geom_equals(rows.geometry.reset_index(drop=True)).all()
    delft = layer.iloc[0]
    assert delft["types"] == "engineering; wetenschapsgedreven"
    assert delft["type_labels"] == "Engineering; Wetenschapsgedreven"
    assert delft["sources"] == "001_38567238ee4dba9b.txt §3.4"
    assert bool(delft["digitaal_verbinden"]) is True
    assert layer["distance_km"].tolist() == [round(d, 1) for d in rows["distance_km"]]


def write_bytes(path, data: bytes):
    path.write_bytes(data)
    return path


# --- bad input and safety -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+31 70 1234567", "'+31 70 1234567"),
        ("-2+3", "'-2+3"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\tTab", "'\tTab"),
        ("\rRegel", "'\rRegel"),
        ("  =1+1", "'  =1+1"),
        ("\uff1d1+1", "'\uff1d1+1"),  # full-width equals sign
        ("Leiden", "Leiden"),
        ("Zuid-Holland", "Zuid-Holland"),
        ("", ""),
    ],
)
def test_neutralise_text(text, expected):
    assert export.neutralise_text(text) == expected


def test_neutralise_leaves_numbers_alone():
    table = pd.DataFrame({"Naam": ["-2+3", "Delft"], "Afstand (km)": [-1.5, 2.0]})
    safe = export.neutralise(table)
    assert list(safe["Naam"]) == ["'-2+3", "Delft"]
    assert list(safe["Afstand (km)"]) == [-1.5, 2.0]
    assert list(table["Naam"]) == ["-2+3", "Delft"], "the input is not changed"
    text = export.to_csv_excel_nl(table).decode("utf-8-sig")
    assert "'-2+3;-1,5" in text


def test_hostile_names_are_inert_text_in_both_csv_files(hostile_frame):
    table = export.table(hostile_frame)
    expected = export.neutralise(table)
    nl = read_nl_csv(export.to_csv_excel_nl(table))
    plain = pd.read_csv(io.BytesIO(export.to_csv(table)), keep_default_na=False)
    for back in (nl, plain):
        assert_same_table(back, expected)
        assert set(back["Naam"]) == {"'" + n for n in HOSTILE_NAMES} | {"Gewoon - niets aan de hand"}
        hostile = back[back["Naam"] != "Gewoon - niets aan de hand"]
        assert all(a.startswith("'") for a in hostile["Ankers"])
        assert all(f == "'\rRegel" for f in hostile["Focus"])
        assert back["Lengtegraad"].dtype == float


def test_hostile_names_are_inert_text_in_excel(hostile_frame):
    table = export.table(hostile_frame)
    workbook = open_workbook(export.to_xlsx(table, sections_for(hostile_frame)))
    sheet = workbook["Hotspots"]
    assert not [cell.coordinate for cell in all_cells(workbook) if cell.data_type == "f"]
    names = [cell for cell in sheet["A"][1:]]
    assert all(cell.data_type == "s" for cell in names)
    assert {cell.value for cell in names} == {"'" + n for n in HOSTILE_NAMES} | {"Gewoon - niets aan de hand"}
    assert all(cell.data_type == "n" for cell in sheet["N"][1:])  # Lengtegraad stays numeric
    assert_same_table(sheet_frame(sheet), export.neutralise(table))


def test_text_that_looks_like_a_formula_or_number_is_never_converted_by_xlsxwriter():
    table = pd.DataFrame({"Naam": ["123", "http://example.org", "=1+1"], "id": ["a", "b", "c"]})
    sheet = open_workbook(export.to_xlsx(table))["Hotspots"]
    assert [(c.value, c.data_type) for c in sheet["A"][1:]] == [
        ("123", "s"),
        ("http://example.org", "s"),
        ("'=1+1", "s"),
    ]
    assert not sheet._hyperlinks


def test_hostile_names_stay_as_they_are_in_geojson_and_geopackage(hostile_frame, tmp_path):
    document = json.loads(export.to_geojson(hostile_frame))
    assert {f["properties"]["name"] for f in document["features"]} >= set(HOSTILE_NAMES)
    layer = gpd.read_file(write_bytes(tmp_path / "x.gpkg", export.to_geopackage(hostile_frame)))
    assert set(layer["name"]) >= set(HOSTILE_NAMES)
    assert set(layer["focus"]) == {"\rRegel", "Een voorbeeldhotspot voor de tests."}


@pytest.mark.parametrize(
    "make",
    [
        lambda rows: export.to_csv_excel_nl(export.table(rows)),
        lambda rows: export.to_csv(export.table(rows)),
        lambda rows: export.to_xlsx(export.table(rows)),
        lambda rows: export.to_geojson(rows),
        lambda rows: export.to_geopackage(rows),
    ],
    ids=["csv-nl", "csv", "xlsx", "geojson", "gpkg"],
)
def test_an_empty_selection_never_becomes_an_empty_file(sample_frame, make):
    with pytest.raises(ValueError, match="no hotspots"):
        make(export.table_rows(sample_frame.iloc[0:0]))


def test_geo_exports_want_a_geodataframe(rows):
    with pytest.raises(TypeError, match="GeoDataFrame"):
        export.to_geojson(pd.DataFrame(rows))


# --- file names ---------------------------------------------------------------

DAY = dt.date(2025, 3, 14)


def test_file_name_says_what_it_holds():
    assert export.export_filename(ViewState(), "csv", DAY) == "hotspots_alle_2025-03-14.csv"
    view = ViewState(
        filters=FilterState(scopes=frozenset({"zuid-holland"}), phases=frozenset({"groei"})), hotspot="delft"
    )
    assert export.export_filename(view, "xlsx", DAY) == "hotspots_zh_groei_2025-03-14.xlsx"
    assert (
        export.export_filename(view, "xlsx", DAY, within_radius=True)
        == "hotspots_zh_groei_rond-delft-80km_2025-03-14.xlsx"
    )
    assert (
        export.export_filename(ViewState(hotspot="delft", radius_km=120), "gpkg", DAY, within_radius=True)
        == "hotspots_rond-delft-120km_2025-03-14.gpkg"
    )
    assert export.export_filename(ViewState(), "excel-nl.csv", DAY) == "hotspots_alle_2025-03-14.excel-nl.csv"


def test_file_name_is_bounded_and_safe_everywhere():
    view = ViewState(
        filters=FilterState(
            scopes=frozenset({"zuid-holland"}),
            types=frozenset({"engineering", "creatief-urbaan"}),
            phases=frozenset({"opkomst", "groei", "consolidatie"}),
            chains=frozenset({"waterstof", "lasersatcom", "robotica", "3d-printen"}),
            digitaal_verbinden=True,
            query="<script>/..\\:*?",
        ),
        hotspot="een-heel-erg-lange-naam-van-een-hotspot-" * 4 + "x",
    )
    name = export.export_filename(view, "geojson", DAY, within_radius=True)
    stem = name.removeprefix("hotspots_").removesuffix("_2025-03-14.geojson")
    assert len(stem) <= export.MAX_SUMMARY_LENGTH
    assert stem and stem[0].isalnum() and stem[-1].isalnum()
    assert all(ch.isascii() and (ch.isalnum() or ch in "-_.") for ch in name)
    assert len(name) < 100


@pytest.mark.parametrize("ext", ["", "../csv", "CSV", "csv;rm", ".csv"])
def test_file_name_rejects_odd_extensions(ext):
    with pytest.raises(ValueError, match="ext"):
        export.export_filename(ViewState(), ext, DAY)


def test_file_name_wants_a_date():
    with pytest.raises(TypeError, match="date"):
        export.export_filename(ViewState(), "csv", "2025-03-14")


# --- LibreOffice, when installed ----------------------------------------------

soffice = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(soffice is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_files_with_the_right_rows_and_runs_nothing(hostile_frame, tmp_path):
    table = export.table(hostile_frame)
    write_bytes(tmp_path / "nl.csv", export.to_csv_excel_nl(table))
    write_bytes(tmp_path / "werkmap.xlsx", export.to_xlsx(table, sections_for(hostile_frame)))
    profile = (tmp_path / "profile").as_uri()
    # The Dutch CSV: ";" (59), quote (34), UTF-8 (76), from line 1, Dutch locale (1043); converted to xlsx as LibreOffice read it.
    for source, infilter in (("nl.csv", ["--infilter=CSV:59,34,76,1,,1043"]), ("werkmap.xlsx", [])):
        out = tmp_path / source.replace(".", "_")
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", *infilter]
            + ["--convert-to", "xlsx", "--outdir", str(out), str(tmp_path / source)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        (converted,) = out.glob("*.xlsx")
        sheet = openpyxl.load_workbook(converted).worksheets[0]
        values = list(sheet.values)
        assert len(values) == len(table) + 1, source
        names = {row[0] for row in values[1:]}
        # nothing evaluated: "-2+3" did not become 1, the link is still text
        assert names >= {"'" + n for n in HOSTILE_NAMES}, (source, names)
        assert not any(isinstance(n, (int, float)) for n in names)
        assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"], source
        longitudes = [row[list(table.columns).index("Lengtegraad")] for row in values[1:]]
        assert all(isinstance(v, float) for v in longitudes), (source, longitudes)
        assert np.allclose(longitudes, table["Lengtegraad"])
