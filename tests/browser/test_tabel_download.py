"""Real browser: the table page's download buttons give files with the rows the page shows."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from zoneinfo import ZoneInfo

import openpyxl
import pandas as pd
import pytest
from browser_helpers import download, run_done
from factories import SAMPLE, collection, feature, write
from playwright.sync_api import expect

FORMULA_NAME = '=HYPERLINK("http://x","klik")'
# A hotspot in Den Haag whose name a spreadsheet would run as a formula.
FORMULA = feature("formule", 4.3007, 52.0705, name=FORMULA_NAME, place="Den Haag")
COUNT = re.compile(r"^(\d+) hotspots? in de tabel$")


@pytest.fixture(scope="module")
def tabel_url(streamlit_server, tmp_path_factory) -> str:
    """app.py on the five-hotspot sample plus the formula hotspot."""
    data = write(tmp_path_factory.mktemp("tabel") / "hotspots.geojson", collection(*SAMPLE, FORMULA))
    return streamlit_server(env={"HOTSPOTS_DATA": str(data)}) + "/tabel"


def today() -> str:
    return dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date().isoformat()


def shown_count(page) -> int:
    """The count the page shows, once the table is there."""
    text = page.get_by_text(COUNT)
    text.wait_for(timeout=30_000)
    return int(COUNT.match(text.inner_text().strip()).group(1))


def test_dutch_csv_download_holds_the_rows_the_page_shows(tabel_url, page):
    page.goto(f"{tabel_url}?scope=zuid-holland")
    count = shown_count(page)
    assert count == 4

    name, data = download(page, "CSV (Excel NL)")
    assert name == f"hotspots_zh_{today()}.excel-nl.csv"
    assert data.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert len(table) == count
    assert list(table["Naam"]) == sorted(table["Naam"], key=str.casefold)
    assert set(table["id"]) == {"leiden", "delft", "noordwijk", "formule"}
    assert "'" + FORMULA_NAME in set(table["Naam"]), "the formula is inert text"
    assert table["Lengtegraad"].dtype == float
    # values without estimate marks, and a ja/nee column per type and product chain after its parent
    headers = list(table.columns)
    assert headers[headers.index("Type") : headers.index("Type") + 4] == [
        "Type",
        "Type: Creatief-urbaan",
        "Type: Engineering",
        "Type: Wetenschapsgedreven",
    ]
    assert headers[headers.index("Productketens") + 1 : headers.index("Productketens") + 5] == [
        "Productketen: Waterstof",
        "Productketen: LaserSatCom",
        "Productketen: Robotica",
        "Productketen: 3D-printen",
    ]
    by_id = table.set_index("id")
    assert set(by_id.index[by_id["Type: Engineering"] == "ja"]) == {"delft", "noordwijk"}
    assert set(by_id.index[by_id["Productketen: Robotica"] == "ja"]) == {"delft"}
    assert set(by_id.index[by_id["Fase"] == "Groei"]) == {"leiden", "delft", "formule"}
    assert not table.astype(str).map(lambda v: "inschatting" in v).any().any()

    # the app keeps working after a download (no rerun, no error)
    assert shown_count(page) == count
    assert not page.get_by_test_id("stException").count()


def test_radius_downloads_in_excel_and_geojson(tabel_url, page):
    page.goto(f"{tabel_url}?hotspot=delft")
    assert shown_count(page) == 6
    label = "Alleen hotspots binnen 80 km van RoboValley"
    page.get_by_text(label).click()
    expect(page.get_by_role("checkbox", name=label)).to_be_checked()
    page.get_by_text("4 hotspots in de tabel").wait_for(timeout=30_000)
    run_done(page)  # the count shows before the run has drawn the download buttons of this view

    name, data = download(page, "Excel")
    assert name == f"hotspots_rond-delft-80km_{today()}.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Hotspots", "Toelichting"]
    rows = list(workbook["Hotspots"].values)
    header, body = rows[0], rows[1:]
    assert len(body) == 4
    ids = [row[header.index("id")] for row in body]
    assert ids[0] == "delft" and set(ids) == {"delft", "formule", "leiden", "noordwijk"}
    distances = [row[header.index("Afstand (km)")] for row in body]
    assert distances == sorted(distances) and all(isinstance(d, (int, float)) for d in distances)  # numeric cells
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]

    name, data = download(page, "GeoJSON")
    assert name == f"hotspots_rond-delft-80km_{today()}.geojson"
    document = json.loads(data)
    assert [f["properties"]["id"] for f in document["features"]] == ids
    assert FORMULA_NAME in {f["properties"]["Naam"] for f in document["features"]}
    # the table's columns, Dutch headers and ja/nee columns included (hotspots/export/geofiles.py)
    first = document["features"][0]["properties"]
    assert "Type: Engineering" in first and "Productketen: Robotica" in first and "name" not in first
