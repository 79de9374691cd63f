"""Viewers see what changed: the details panel, the table and the Over page, and a saved change on the next run."""

import json

import pytest
from factories import DELFT, EINDHOVEN, LEIDEN, NOORDWIJK, collection, write

from hotspots.editing.store import Author, DataStore

ANNE = Author("Anne de Vries", "anne@board.nl")


@pytest.fixture
def store(tmp_path, monkeypatch):
    seed = write(tmp_path / "shipped.geojson", collection(LEIDEN, DELFT, NOORDWIJK, EINDHOVEN))
    store = DataStore(tmp_path / "gegevens", seed_file=seed)
    store.ensure()
    monkeypatch.setenv("HOTSPOTS_DATA_DIR", str(store.folder))
    return store


def change_phase(store, fid, phase, reason):
    feature = json.loads(json.dumps(store.hotspot(fid)))
    feature["properties"]["phase"] = phase
    store.save(author=ANNE, reason=reason, base=store.head(), hotspot_id=fid, feature=feature)


def page_text(at) -> str:
    parts = [str(e.value) for kind in ("markdown", "caption", "header") for e in at.main.get(kind)]
    return "\n".join(parts).replace("\\", "")


def test_an_open_session_shows_a_saved_change_on_its_next_run_with_when_and_who(app, store):
    at = app(params={"hotspot": "noordwijk"}, data=store.path)
    assert "Fase:** Opkomst" in page_text(at)
    assert "Laatst gewijzigd" not in page_text(at)  # unchanged since the shipped data
    change_phase(store, "noordwijk", "groei", "Jaarverslag <b>2026</b>")
    at.run()
    text = page_text(at)
    assert "Fase:** Groei" in text
    assert "Laatst gewijzigd op" in text and "door Anne de Vries: _Jaarverslag <b>2026</b>_" in text


def test_the_table_has_a_last_changed_column_on_screen_only(app, store):
    change_phase(store, "delft", "consolidatie", "x")
    at = app(data=store.path, page="app_pages/tabel.py")
    table = at.dataframe[0].value
    assert "Laatst gewijzigd" in table.columns
    by_name = dict(zip(table["Naam"], table["Laatst gewijzigd"], strict=True))
    from ui.changes import when

    assert by_name["RoboValley"] == when(store.history()[0].time)
    assert by_name["Leiden Bio Science Park"] == ""


def test_over_lists_the_latest_changes(app, store):
    change_phase(store, "delft", "consolidatie", "Volwassen")
    change_phase(store, "leiden", "consolidatie", "Ook volwassen")
    at = app(data=store.path, page="app_pages/over.py")
    text = page_text(at)
    assert "Laatste wijzigingen" in [s.value for s in at.header]
    first, second = text.index("Leiden Bio Science Park · _Ook volwassen_"), text.index("RoboValley · _Volwassen_")
    assert first < second  # newest first


def test_without_a_data_folder_nothing_about_changes_is_shown(app, monkeypatch):
    monkeypatch.delenv("HOTSPOTS_DATA_DIR", raising=False)
    at = app(page="app_pages/over.py")
    assert "Laatste wijzigingen" not in [s.value for s in at.header]


def test_html_and_formulas_typed_in_beheer_show_as_text_and_stay_inert_in_exports(app, store, downloads):
    """Item 7: what an editor types is data, never markup or a formula, wherever it is shown."""
    import csv
    import io

    hostile = '=HYPERLINK("http://x";"klik") <img src=x onerror=alert(1)> **vet**'
    feature = json.loads(json.dumps(store.hotspot("delft")))
    feature["properties"]["name"] = hostile
    store.save(author=ANNE, reason="<script>alert(2)</script>", base=store.head(), hotspot_id="delft", feature=feature)
    at = app(params={"hotspot": "delft"}, data=store.path)
    heading = at.main.header[0].value
    assert "\\<img" in heading  # escaped Markdown: shown literally, never as HTML
    assert heading.replace("\\", "").replace("\u2060", "") == hostile
    caption = next(c.value for c in at.main.caption if "Laatst gewijzigd" in c.value)
    assert "<script>" not in caption and "\\<script\\>" in caption
    at.switch_page("app_pages/tabel.py").run()
    assert hostile in set(at.dataframe[0].value["Naam"])  # a table cell is text
    data = next(d for d in downloads if d.file_name.endswith(".csv") and "excel-nl" not in d.file_name).content()
    names = [row["Naam"] for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))]
    assert "'" + hostile in names  # the formula is inert: Excel and LibreOffice show it as text
