"""AppTest of the table & export page: same filters as the map, distances, columns, downloads."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from factories import DELFT, LEIDEN, collection, feature, write

from hotspots import export, glossary
from hotspots.describe import facts

PAGE = "app_pages/tabel.py"
LABELS = ["CSV (Excel NL)", "CSV", "Excel", "GeoJSON", "GeoPackage"]


def today() -> str:
    return dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date().isoformat()


def shown_table(at):
    (frame,) = at.dataframe
    return frame.value


def count_text(at):
    return next(m.value for m in at.markdown if "in de tabel" in m.value)


def assert_sidebar_kept(at):
    """The sidebar's filters are still drawn: the page never stops the run before the frame draws them."""
    assert [b.label for b in at.sidebar.button] == ["Filters wissen"]
    assert at.sidebar.multiselect(key="f_type").label == "Type"


def file_name(at, label: str) -> str:
    """The name of the file the download button ``label`` gives."""
    (button,) = [b for b in at.download_button if b.label == label]
    return button.help.rsplit("Bestand: ", 1)[1].strip("`")


def file_names(at):
    return {label: file_name(at, label) for label in LABELS}


def test_page_shows_every_hotspot_with_dutch_headers_and_five_downloads(app):
    at = app(page=PAGE)
    assert not at.exception
    assert at.title[0].value == "Tabel & export"
    assert count_text(at) == "**5 hotspots in de tabel**"
    table = shown_table(at)
    assert list(table.columns) == export.with_flags(c for c in export.COLUMNS if c != export.DISTANCE)
    assert list(table["Naam"]) == sorted(table["Naam"], key=str.casefold)
    # values without estimate marks ("Inschattingen" says which are estimates)
    assert set(table["Fase"]) == {"Groei", "Opkomst", "Consolidatie"}
    assert list(table["Type: Engineering"]) == [
        "nee" if n == "Leiden Bio Science Park" else "ja" for n in table["Naam"]
    ]
    # the column picker offers the parent columns; their ja/nee columns come with them
    assert at.multiselect(key="t_columns").options == [c for c in export.COLUMNS if c != export.DISTANCE]
    # no hotspot selected: a pointer to the sidebar instead of a distance option
    assert any("Geselecteerde hotspot" in c.value for c in at.caption)
    assert not at.checkbox
    # one click per file: a download button per format, no format choice, no "Bestand maken"
    assert [b.label for b in at.download_button] == LABELS
    assert not [w for w in at.main.get("button_group")] and not at.main.button
    assert all(b.proto.ignore_rerun for b in at.download_button), "a download does not rerun the app"
    assert file_names(at) == {
        "CSV (Excel NL)": f"hotspots_alle_{today()}.excel-nl.csv",
        "CSV": f"hotspots_alle_{today()}.csv",
        "Excel": f"hotspots_alle_{today()}.xlsx",
        "GeoJSON": f"hotspots_alle_{today()}.geojson",
        "GeoPackage": f"hotspots_alle_{today()}.gpkg",
    }


def test_table_describes_hotspots_and_columns_as_the_rest_of_the_app(app, sample_frame):
    at = app(page=PAGE, params={"hotspot": "delft"})
    table = shown_table(at).set_index("id")
    for _, record in sample_frame.iterrows():
        assert [table.loc[record["id"], f.label] for f in facts(record)] == [f.value for f in facts(record)]
    assert table.loc["delft", "Digitaal Verbinden"] == "besproken"
    assert table.loc["leiden", "Digitaal Verbinden"] == "niet besproken"
    assert table.loc["leiden", "Ankers"] == "LUMC; Universiteit Leiden"
    config = json.loads(at.dataframe[0].proto.columns)
    assert {name: column["help"] for name, column in config.items() if "help" in column} == {
        export.DISTANCE: glossary.DISTANCE,
        export.TYPE: glossary.TYPE_VALUES_COLUMN,
        export.PHASE: glossary.PHASE_VALUES_COLUMN,
        export.CHAINS: glossary.CHAINS_COLUMN,
        export.DV: glossary.DIGITAAL_VERBINDEN,
        export.ANCHORS: glossary.ANCHORS_COLUMN,
        export.SOURCES: f"{glossary.SOURCES_COLUMN} Zie 'Over de gegevens'.",
        export.ESTIMATED: glossary.ESTIMATED_COLUMN,
        export.LON: "WGS 84",
        export.LAT: "WGS 84",
        **dict.fromkeys(export.TYPE_FLAGS, glossary.TYPE_FLAGS_COLUMN),
        **dict.fromkeys(export.CHAIN_FLAGS, glossary.CHAIN_FLAGS_COLUMN),
    }


def test_url_filters_give_the_same_hotspots_as_the_map(app):
    at = app(page=PAGE, params={"scope": "zuid-holland", "phase": "groei"})
    assert not at.exception
    assert at.sidebar.markdown[0].value == "**2 van 5 hotspots**"
    assert count_text(at) == "**2 hotspots in de tabel**"
    assert list(shown_table(at)["id"]) == ["leiden", "delft"]  # Leiden Bio Science Park, RoboValley
    assert file_name(at, "Excel") == f"hotspots_zh_groei_{today()}.xlsx"


def test_sidebar_filters_update_the_table(app):
    at = app(page=PAGE)
    at.sidebar.multiselect(key="f_type").set_value(["engineering"]).run()
    assert not at.exception
    assert count_text(at) == "**4 hotspots in de tabel**"
    assert "leiden" not in set(shown_table(at)["id"])
    at.sidebar.text_input(key="f_q").input("wetsus").run()
    assert count_text(at) == "**1 hotspot in de tabel**"


def test_selected_hotspot_adds_distances_and_can_limit_to_the_radius(app):
    at = app(page=PAGE, params={"hotspot": "delft"})
    table = shown_table(at)
    assert list(table.columns[:3]) == ["Naam", "Plaats", "Afstand (km)"]
    assert list(table["id"]) == ["delft", "leiden", "noordwijk", "eindhoven", "leeuwarden"]
    assert table["Afstand (km)"].is_monotonic_increasing
    assert table["Afstand (km)"].iloc[0] == 0.0
    within = at.checkbox(key="t_within")
    assert within.label == "Alleen hotspots binnen 80 km van RoboValley"
    assert file_name(at, "CSV") == f"hotspots_alle_{today()}.csv", "all rows: no radius in the name"

    within.check().run()
    assert not at.exception
    assert list(shown_table(at)["id"]) == ["delft", "leiden", "noordwijk"]
    assert count_text(at) == "**3 hotspots in de tabel**"
    assert file_name(at, "CSV") == f"hotspots_rond-delft-80km_{today()}.csv"

    at.sidebar.slider(key="v_radius").set_value(120).run()
    assert at.checkbox(key="t_within").label == "Alleen hotspots binnen 120 km van RoboValley"
    assert list(shown_table(at)["id"]) == ["delft", "leiden", "noordwijk", "eindhoven"]


def test_radius_that_leaves_only_the_hotspot_itself(app):
    at = app(page=PAGE, params={"hotspot": "leeuwarden", "radius": "80"})
    at.checkbox(key="t_within").check().run()
    assert list(shown_table(at)["id"]) == ["leeuwarden"]
    assert count_text(at) == "**1 hotspot in de tabel**"


def test_selected_hotspot_outside_the_filters_is_measured_from_but_not_listed(app):
    at = app(page=PAGE, params={"scope": "nationaal", "hotspot": "delft", "radius": "120"})
    at.checkbox(key="t_within").check().run()
    assert list(shown_table(at)["id"]) == ["eindhoven"]
    assert any("valt buiten de filters" in c.value for c in at.caption)


def test_column_choice_shapes_the_table_and_survives_a_new_selection(app):
    at = app(page=PAGE)
    columns = at.multiselect(key="t_columns")
    assert columns.label == "Kolommen in de export"
    assert columns.value == [c for c in export.COLUMNS if c != export.DISTANCE]
    columns.unselect("Focus").unselect("Bronnen").run()
    assert "Focus" not in shown_table(at).columns and "Bronnen" not in shown_table(at).columns
    # selecting a hotspot brings the distance column in, the user's choice stays
    at.sidebar.selectbox(key="v_hotspot").set_value("delft").run()
    assert not at.exception
    table = shown_table(at)
    assert "Afstand (km)" in table.columns
    assert "Focus" not in table.columns and "Bronnen" not in table.columns
    assert list(table.columns) == export.with_flags(c for c in export.COLUMNS if c not in ("Focus", "Bronnen"))
    # without "Type" its ja/nee columns go too
    at.multiselect(key="t_columns").unselect("Type").run()
    table = shown_table(at)
    assert not [c for c in table.columns if c.startswith("Type")]
    assert list(table.columns[table.columns.get_loc("Productketens") :][:5]) == ["Productketens", *export.CHAIN_FLAGS]


def test_no_columns_gives_a_message_and_no_files(app):
    at = app(page=PAGE)
    at.multiselect(key="t_columns").set_value([]).run()
    assert not at.exception
    assert "minstens één kolom" in at.warning[0].value
    assert not at.dataframe
    assert not at.download_button
    assert_sidebar_kept(at)


@pytest.mark.parametrize("params", [{"dv": "ja", "q": "wetsus"}, {"phase": ""}])
def test_empty_selection_gives_a_clear_message_and_no_files(app, params):
    at = app(page=PAGE, params=params)
    assert not at.exception
    assert "Geen hotspots" in at.warning[0].value
    assert "niets om te tonen of te downloaden" in at.warning[0].value
    assert "Filters wissen" in at.warning[0].value
    assert not at.dataframe
    assert not at.download_button
    assert_sidebar_kept(at)


def test_filters_wissen_brings_the_table_back_after_an_empty_result(app):
    at = app(page=PAGE, params={"dv": "ja", "q": "wetsus"})
    assert "Geen hotspots" in at.warning[0].value
    at.sidebar.button[0].click().run()
    assert not at.exception
    assert not at.warning
    assert count_text(at) == "**5 hotspots in de tabel**"


def test_empty_radius_selection_says_why(app, tmp_path):
    far = feature("ver", 6.9, 53.3, name="Ver weg", place="Delfzijl", province="Groningen", scope="nationaal")
    at = app(page=PAGE, data=write(tmp_path / "twee.geojson", collection(LEIDEN, far)), params={"hotspot": "leiden"})
    at.sidebar.multiselect(key="f_type").set_value(["engineering"]).run()  # hides Leiden itself
    at.checkbox(key="t_within").check().run()
    assert not at.exception
    assert "binnen 80 km van Leiden Bio Science Park" in at.warning[0].value.replace("\\", "")
    assert not at.download_button
    assert_sidebar_kept(at)


def test_hostile_names_show_as_plain_text(app, tmp_path):
    names = ['=HYPERLINK("http://x","klik")', "**vet** <b>html</b> [link](http://x)", "-2+3"]
    features = [feature(f"h-{i}", 4.3 + i / 10, 52.0, name=name) for i, name in enumerate(names)]
    at = app(page=PAGE, data=write(tmp_path / "kwaad.geojson", collection(*features, DELFT)), params={"hotspot": "h-1"})
    assert not at.exception
    assert set(shown_table(at)["Naam"]) == {*names, "RoboValley"}, "the table shows the names as they are"
    label = at.checkbox(key="t_within").label
    assert "<b>" not in label and "**vet**" not in label
    assert "\\*\\*vet\\*\\*" in label  # escaped Markdown
    assert file_name(at, "CSV").startswith("hotspots_")


def test_a_file_is_made_only_on_its_click_and_for_the_view_on_screen(app, monkeypatch, downloads):
    """Browsing the table makes no file (deferred downloads); a click makes the one format, for this view."""
    made = []
    real = export.to_geopackage
    monkeypatch.setattr(export, "to_geopackage", lambda *a, **k: made.append(a) or real(*a, **k))
    at = app(page=PAGE)
    at.sidebar.multiselect(key="f_type").set_value(["engineering"]).run()
    assert not at.exception and not made, "drawing the page makes no file"
    assert all(d.deferred for d in downloads), "the file is made on the click, not while the page is drawn"
    payload = [d for d in downloads if d.label == "GeoPackage"][-1].content()
    assert payload.startswith(b"SQLite format 3") and len(made) == 1
    assert len(made[0][0]) == 4, "the rows on screen: the 4 engineering hotspots"
    assert count_text(at) == "**4 hotspots in de tabel**"
