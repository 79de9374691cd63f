"""CSV and Excel exports: round trips through pandas and openpyxl, the explanation sheet, formula injection."""

import datetime as dt
import io
import shutil
import subprocess

import numpy as np
import openpyxl
import pandas as pd
import pytest
from factories import SEED_001, collection, feature

from hotspots import export, filters, glossary
from hotspots.filters import FILTERS, FilterState
from hotspots.io import frame_from_features
from hotspots.viewstate import ViewState

DELFT_LON_LAT = (4.3776, 51.9990)
NOW = dt.datetime(2025, 3, 14, 9, 26, tzinfo=dt.timezone(dt.timedelta(hours=1), "CET"))
HOSTILE_NAMES = ['=HYPERLINK("http://x","klik")', "+31 70 1234567", "@SUM(1+1)", "-2+3"]
PLAIN_NAME = "Gewoon - niets aan de hand"


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
    features.append(feature("gewoon", 4.9, 52.0, name=PLAIN_NAME, place="Fryslân"))
    return export.table_rows(frame_of(*features))


def sections_for(frame, view=None, **kwargs):
    return export.explanation(
        view or ViewState(),
        frame,
        columns=export.with_flags(export.COLUMNS),
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


# --- CSV ----------------------------------------------------------------------


def test_dutch_csv_round_trips_with_bom_semicolons_and_decimal_comma(rows):
    table = export.table(rows)
    data = export.to_csv_excel_nl(table)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Naam;Plaats;Afstand (km);")
    assert ";19,9;" in text  # decimal comma
    assert ";4,479;" in text
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
    assert_same_table(back, table)
    assert list(back["id"]) == list(rows["id"])


def test_csv_keeps_non_ascii_text(sample_frame):
    table = export.table(export.table_rows(sample_frame))
    back = read_nl_csv(export.to_csv_excel_nl(table))
    assert list(back["Provincie"]) == list(table["Provincie"])
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
    assert sheet.auto_filter.ref == f"A1:W{len(table) + 1}"  # 16 columns and 7 ja/nee columns
    assert all(cell.font.bold for cell in sheet[1])
    assert not any(cell.font.bold for cell in sheet[2])
    assert [cell.coordinate for cell in all_cells(workbook) if cell.data_type == "f"] == []
    # numbers are numeric cells, with a number format
    distance = sheet["C3"]
    assert distance.data_type == "n"
    assert distance.value == pytest.approx(19.9)
    assert distance.number_format == "0.0"
    assert sheet["U1"].value == "Lengtegraad"
    assert sheet["U2"].number_format == "0.000000"
    # the ja/nee columns follow their parent, and a filter on one gives exactly its hotspots
    assert [c.value for c in sheet[1][5:9]] == ["Type", *export.TYPE_FLAGS]
    assert [c.value for c in sheet[1][10:15]] == ["Productketens", *export.CHAIN_FLAGS]
    frame = sheet_frame(sheet).set_index("id")
    assert set(frame.index[frame["Productketen: Robotica"] == "ja"]) == {"delft"}
    assert set(frame.index[frame["Type: Engineering"] == "ja"]) == {"delft", "noordwijk", "eindhoven", "leeuwarden"}
    assert set(frame.index[frame["Fase"] == "Groei"]) == {"leiden", "delft", "leeuwarden"}
    assert sheet.column_dimensions["A"].width >= len("Leiden Bio Science Park")


def test_xlsx_columns_are_as_wide_as_their_content_up_to_sixty_characters():
    table = pd.DataFrame({"Naam": ["Kort"], "Focus": ["lang " * 40], "id": ["x"]})
    sheet = open_workbook(export.to_xlsx(table))["Hotspots"]
    assert sheet.column_dimensions["A"].width == pytest.approx(8, abs=1)  # at least 8
    assert sheet.column_dimensions["B"].width == pytest.approx(60, abs=1)  # capped


def test_xlsx_explanation_sheet_says_when_what_and_where_from(sample_frame):
    view = ViewState(filters=FilterState(scopes=frozenset({"zuid-holland"}), query="tu delft"), radius_km=100)
    rows = export.table_rows(filters.apply(sample_frame, view.filters), around=DELFT_LON_LAT, within_km=100)
    data = export.to_xlsx(
        export.table(rows), sections_for(rows, view, hotspot_name="RoboValley (Delft)", within_radius=True)
    )
    notes = explanation_sheet(data)
    assert list(notes) == [
        "Export",
        "Filters",
        "Ja/nee-kolommen",
        "Bronnen",
        glossary.TYPES_TOPIC.title,
        glossary.PHASES_TOPIC.title,
        glossary.CHAINS_TOPIC.title,
        "Digitaal Verbinden",
        "Ankers",
        "Inschattingen",
        "Veiligheid",
    ]
    assert notes["Export"] == {
        "Gemaakt met": "Hotspotkaart, pagina Tabel & export",
        "Datum en tijd": "2025-03-14 09:26 (CET)",
        "Aantal hotspots": "1",
        "Kolommen": ", ".join(export.with_flags(export.COLUMNS)),
        "Gegevensbestand": "hotspots.geojson",
        "Volgorde": "op afstand, dan op naam",
    }
    assert notes["Filters"] == {
        "Schaal": "Zuid-Holland",
        # every other filter of the table (hotspots.filters.FILTERS): all values
        **{spec.label: "alle" for spec in FILTERS if spec.param != "scope"},
        "Zoektekst": "tu delft",
        "Straal": "100 km",
        "Geselecteerde hotspot": "RoboValley (Delft)",
        "Alleen binnen de straal": "ja, alleen hotspots binnen 100 km van RoboValley (Delft)",
    }
    # full references: title, publisher, year
    assert notes["Bronnen"] == {
        SEED_001: "Regionale hotspots (advies). Adviesraad voor wetenschap, technologie en innovatie (AWTI), "
        "Den Haag, 2014.",
        "Kolom Bronnen": glossary.SOURCES_COLUMN,
    }


def test_explanation_takes_its_texts_from_the_glossary(sample_frame):
    sections = {s.title: dict(s.rows) for s in sections_for(export.table_rows(sample_frame))}
    assert sections[glossary.TYPES_TOPIC.title] == dict(glossary.TYPES_TOPIC.rows())
    assert set(sections[glossary.TYPES_TOPIC.title]) == {"Creatief-urbaan", "Engineering", "Wetenschapsgedreven"}
    assert sections[glossary.PHASES_TOPIC.title] == dict(glossary.PHASES_TOPIC.rows())
    assert set(sections[glossary.PHASES_TOPIC.title]) == {"Opkomst", "Groei", "Consolidatie", "Transitie"}
    assert sections[glossary.CHAINS_TOPIC.title] == {**dict(glossary.CHAINS_TOPIC.rows()), "geen": glossary.NO_CHAIN}
    assert "LaserSatCom" in sections[glossary.CHAINS_TOPIC.title]
    # the table says "besproken" / "niet besproken" and joins anchors with "; "
    assert sections["Digitaal Verbinden"] == {"besproken / niet besproken": glossary.DIGITAAL_VERBINDEN}
    assert sections["Ankers"] == {"Kolom Ankers": glossary.ANCHORS_COLUMN}
    assert "puntkomma" in glossary.ANCHORS_COLUMN
    assert sections["Inschattingen"] == {
        "Kolom Inschattingen": glossary.ESTIMATES_IN_COLUMN,
        "Inschatting": glossary.ESTIMATE,
        **dict(glossary.ESTIMATES_TOPIC.rows()),
    }
    assert sections["Ja/nee-kolommen"] == {
        "Type: …": glossary.TYPE_FLAGS_COLUMN,
        "Productketen: …": glossary.CHAIN_FLAGS_COLUMN,
    }
    assert "Type: Engineering" in glossary.TYPE_FLAGS_COLUMN
    assert "Productketen: Waterstof" in glossary.CHAIN_FLAGS_COLUMN
    assert sections["Export"]["Volgorde"] == "op naam"


def test_explanation_has_no_ja_nee_section_without_type_or_chains(sample_frame):
    sections = export.explanation(
        ViewState(), export.table_rows(sample_frame), columns=["Naam", "Fase"], source="x", exported_at=NOW
    )
    assert "Ja/nee-kolommen" not in [s.title for s in sections]
    only_types = export.explanation(
        ViewState(), export.table_rows(sample_frame), columns=["Naam", "Type"], source="x", exported_at=NOW
    )
    assert {s.title: dict(s.rows) for s in only_types}["Ja/nee-kolommen"] == {"Type: …": glossary.TYPE_FLAGS_COLUMN}


def test_explanation_names_a_source_without_a_reference():
    unknown = "999_0123456789abcdef.txt"
    frame = export.table_rows(frame_of(feature("x", sources=[{"seed": unknown, "section": "§1"}])))
    (bronnen,) = [s for s in sections_for(frame) if s.title == "Bronnen"]
    assert dict(bronnen.rows) == {
        unknown: "Brondocument zonder bekende titel.",
        "Kolom Bronnen": glossary.SOURCES_COLUMN,
    }


def test_explanation_names_filters_in_dutch():
    view = ViewState(
        filters=FilterState(
            types=frozenset({"engineering"}),
            chains=frozenset({"geen", "robotica"}),
            phases=frozenset(),
            digitaal_verbinden=False,
        )
    )
    named = dict(export.filter_rows(view))
    assert named["Type"] == "Engineering"
    assert named["Productketen"] == "Robotica, geen productketen"
    assert named["Fase"] == "geen (dus geen hotspots)"
    assert named["Digitaal Verbinden"] == "niet besproken"
    assert named["Geselecteerde hotspot"] == "geen"
    assert "Alleen binnen de straal" not in named


# --- formula injection --------------------------------------------------------


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
    assert export.is_formula_like(text) == (expected != text)


def test_neutralise_leaves_numbers_alone():
    table = pd.DataFrame({"Naam": ["-2+3", "Delft"], "Afstand (km)": [-1.5, 2.0]})
    safe = export.neutralise(table)
    pd.testing.assert_frame_equal(safe, pd.DataFrame({"Naam": ["'-2+3", "Delft"], "Afstand (km)": [-1.5, 2.0]}))
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
        assert set(back["Naam"]) == {"'" + n for n in HOSTILE_NAMES} | {PLAIN_NAME}
        hostile = back[back["Naam"] != PLAIN_NAME]
        assert all(a.startswith("'") for a in hostile["Ankers"])
        assert all(f == "'\rRegel" for f in hostile["Focus"])
        assert back["Lengtegraad"].dtype == float


def test_hostile_names_are_inert_text_in_excel(hostile_frame):
    table = export.table(hostile_frame)
    workbook = open_workbook(export.to_xlsx(table, sections_for(hostile_frame)))
    sheet = workbook["Hotspots"]
    assert [cell.coordinate for cell in all_cells(workbook) if cell.data_type == "f"] == []
    names = list(sheet["A"][1:])
    assert all(cell.data_type == "s" for cell in names)
    assert {cell.value for cell in names} == {"'" + n for n in HOSTILE_NAMES} | {PLAIN_NAME}
    assert sheet["T1"].value == "Lengtegraad"
    assert all(cell.data_type == "n" for cell in sheet["T"][1:])  # Lengtegraad stays numeric
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


@pytest.mark.parametrize("make", [export.to_csv_excel_nl, export.to_csv, export.to_xlsx], ids=["csv-nl", "csv", "xlsx"])
def test_an_empty_selection_never_becomes_an_empty_file(sample_frame, make):
    with pytest.raises(ValueError, match="no hotspots"):
        make(export.table(export.table_rows(sample_frame.iloc[0:0])))


def test_spreadsheets_want_a_table():
    with pytest.raises(TypeError, match="table must be a DataFrame, got list"):
        export.to_csv([["Delft"]])


# --- LibreOffice, when installed ----------------------------------------------

soffice = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(soffice is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_files_with_the_right_rows_and_runs_nothing(hostile_frame, tmp_path):
    table = export.table(hostile_frame)
    (tmp_path / "nl.csv").write_bytes(export.to_csv_excel_nl(table))
    (tmp_path / "werkmap.xlsx").write_bytes(export.to_xlsx(table, sections_for(hostile_frame)))
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
        assert names == {"'" + n for n in HOSTILE_NAMES} | {PLAIN_NAME}, (source, names)
        assert [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"] == [], source
        longitudes = [row[list(table.columns).index("Lengtegraad")] for row in values[1:]]
        assert all(isinstance(v, float) for v in longitudes), (source, longitudes)
        assert np.allclose(longitudes, table["Lengtegraad"])
