"""Provincie: a filter added as one row of hotspots/filters.py FILTERS (and one README row).

It works everywhere the table reaches: the URL, the sidebar, the table's
Toelichting and a presentation scene.
"""

from __future__ import annotations

import io

import openpyxl

from hotspots import filters
from hotspots.export import filter_rows
from hotspots.filters import FilterState
from hotspots.presentation import Presentation, parse_presentation, scene_from_view, to_json
from hotspots.viewstate import ViewState, parse_query_params, to_query_params
from ui.presentation_panel import _view_text

PROVINCE = "fryslan"


def test_url_reads_and_writes_the_province():
    view, notices = parse_query_params({"province": "Fryslan,noord-brabant"})
    assert notices == []
    assert view.filters.chosen("province") == {"fryslan", "noord-brabant"}
    assert to_query_params(view) == {"province": "fryslan,noord-brabant"}
    _, notices = parse_query_params({"province": "friesland"})
    assert notices == [
        "Onbekende waarde 'friesland' voor 'province' genegeerd (mogelijk: " + ", ".join(filters.PROVINCES) + ")."
    ]


def test_province_filters_by_the_datas_province_name(sample_frame):
    state = FilterState.from_choices({"province": {"fryslan", "noord-brabant"}})
    assert sorted(filters.apply(sample_frame, state)["id"]) == ["eindhoven", "leeuwarden"]
    zuid_holland = FilterState.from_choices({"province": {"zuid-holland"}})
    assert sorted(filters.apply(sample_frame, zuid_holland)["id"]) == ["delft", "leiden", "noordwijk"]


def test_sidebar_offers_the_provinces_of_the_data_and_follows_the_url(app):
    at = app(params={"province": PROVINCE})
    assert not at.exception
    widget = at.sidebar.multiselect(key="f_province")
    assert widget.label == "Provincie"
    assert widget.value == [PROVINCE]
    assert widget.options == ["Fryslân", "Zuid-Holland", "Noord-Brabant"]  # the provinces the data holds
    assert at.sidebar.pills(key="only_province").options == ["Fryslân (1)", "Zuid-Holland (3)", "Noord-Brabant (1)"]
    assert any(m.value == "**1 van 5 hotspots**" for m in at.sidebar.markdown)
    widget.set_value(["zuid-holland", "noord-brabant"]).run()
    assert at.query_params["province"] == "zuid-holland,noord-brabant"
    assert any(m.value == "**4 van 5 hotspots**" for m in at.sidebar.markdown)


def test_table_toelichting_names_the_province(app, downloads):
    assert dict(filter_rows(ViewState(filters=FilterState.from_choices({"province": {PROVINCE}}))))["Provincie"] == (
        "Fryslân"
    )
    at = app(params={"province": PROVINCE}, page="app_pages/tabel.py")
    assert not at.exception
    data = [d for d in downloads if d.label == "Excel"][-1].content()
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Toelichting"]
    rows = {term: text for term, text in sheet.iter_rows(min_row=1, max_col=2, values_only=True) if term}
    assert rows["Provincie"] == "Fryslân"
    assert rows["Aantal hotspots"] == "1"


def test_presentation_scene_keeps_the_province(sample_frame):
    view = ViewState(filters=FilterState.from_choices({"province": {PROVINCE}}))
    scene = scene_from_view(view, "Friesland", "Alleen Fryslân.")
    deck = Presentation("friesland", "Friesland", "", (scene,))
    again = parse_presentation(to_json(deck), list(sample_frame["id"]))  # the schema accepts the field
    assert again.scenes[0].view == view
    assert "Fryslân" in _view_text(again.scenes[0].view, {})
