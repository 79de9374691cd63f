"""AppTest of presenting: the page /presentatie and the "Presentatie" panel on the map page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from app_helpers import open_presentatie

from hotspots.presentation import parse_presentation
from ui import presentation_panel

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_DATA = ROOT / "data" / "hotspots.geojson"


def errors(at) -> str:
    return " ".join(e.value for e in at.error)


def page_links(at) -> dict[str, str]:
    """Label and query string of each st.page_link."""
    return {link.proto.query_string: link.proto.label for link in at.get("page_link")}


def deck_sent(at, deck_id: str | None = None) -> bool:
    """Whether the page sent the map with the deck (the streamlit-folium component), named ``deck_id`` in the URL."""
    args = [c.proto.json_args for c in at.get("component_instance")]
    return any("hk.presentation(" in a and (deck_id is None or f'\\"id\\": \\"{deck_id}\\"' in a) for a in args)


# --------------------------------------------------------------------------- the page


def test_without_parameters_the_page_lists_the_presentations(app):
    at = open_presentatie(app(data=SHIPPED_DATA))
    assert not at.exception
    assert [t.value for t in at.title] == ["Presentaties"]
    assert any("Innovatiehotspots in Zuid\\-Holland** · 10 scènes" in m.value for m in at.markdown)
    assert page_links(at) == {"presentatie=hotspots-zuid-holland&stap=1": "Presenteren"}
    assert not deck_sent(at)
    # no filters on this page
    assert not at.sidebar.text_input and not at.sidebar.multiselect


def test_the_shipped_deck_is_presented_at_its_step(app):
    at = open_presentatie(app(data=SHIPPED_DATA), presentatie="hotspots-zuid-holland", stap="3")
    assert not at.exception
    assert not at.error
    assert deck_sent(at, "hotspots-zuid-holland")
    assert not at.title  # no list: the map fills the window
    assert at.query_params["presentatie"] == "hotspots-zuid-holland" and at.query_params["stap"] == "3"


def test_without_a_step_the_first_scene_is_shown_and_named_in_the_url(app):
    at = open_presentatie(app(data=SHIPPED_DATA), presentatie="hotspots-zuid-holland")
    assert not at.exception and not at.error
    assert deck_sent(at)
    assert at.query_params["stap"] == "1"


def test_an_unknown_presentation_gives_a_dutch_error_and_the_list(app):
    at = open_presentatie(app(data=SHIPPED_DATA), presentatie="bestaat-niet", stap="1")
    assert not at.exception
    assert "Presentatie 'bestaat\\-niet' bestaat niet" in errors(at)
    assert "hotspots\\-zuid\\-holland" in errors(at)  # what there is
    assert [t.value for t in at.title] == ["Presentaties"]
    assert not deck_sent(at)


@pytest.mark.parametrize("stap", ["0", "11", "drie"])
def test_a_step_out_of_range_gives_a_dutch_error_and_the_list(app, stap):
    at = open_presentatie(app(data=SHIPPED_DATA), presentatie="hotspots-zuid-holland", stap=stap)
    assert not at.exception
    assert f"Stap '{stap}' bestaat niet" in errors(at)
    assert "stap 1 tot en met 10" in errors(at)
    assert not deck_sent(at)


def test_a_forgotten_draft_gives_a_dutch_error(app):
    at = open_presentatie(app(data=SHIPPED_DATA), presentatie="concept-0000000000000000")
    assert not at.exception
    assert "niet meer beschikbaar" in errors(at)
    assert [t.value for t in at.title] == ["Presentaties"]


def test_an_invalid_shipped_file_is_listed_with_its_problems(app, monkeypatch, tmp_path):
    (tmp_path / "kapot.json").write_text('{"id": "kapot", "titel": "Kapot", "scenes": []}', encoding="utf-8")
    monkeypatch.setenv("HOTSPOTS_PRESENTATIONS_DIR", str(tmp_path))
    at = open_presentatie(app(data=SHIPPED_DATA))
    assert not at.exception
    assert any("'scenes' is leeg" in w.value for w in at.warning)
    at = open_presentatie(at, presentatie="kapot")
    assert "'scenes' is leeg" in errors(at)


# --------------------------------------------------------------------------- the panel on the map page


def start(at, title="Webinar Zuid-Holland"):
    at.text_input(key=presentation_panel.K_NEW_TITLE).input(title)
    return at.button(key="pres_start").click().run()


def add(at, title, notes="Eén zin over deze scène."):
    at.text_input(key=presentation_panel.K_TITLE).input(title)
    at.text_area(key=presentation_panel.K_NOTES).input(notes)
    return at.button(key="pres_add").click().run()


def draft(at):
    return at.session_state["pres_draft"]


def titles(at) -> list[str]:
    return [scene.title for scene in draft(at).scenes]


def test_the_panel_adds_the_current_view_as_a_scene(app):
    at = app(params={"type": "engineering", "hotspot": "delft", "radius": "100"})
    assert not at.exception
    start(at)
    assert draft(at).title == "Webinar Zuid-Holland" and draft(at).scenes == ()
    add(at, "Engineering rond Delft", "De hotspots van het type engineering. Delft is geselecteerd.")
    assert not at.exception and not at.error
    scene = draft(at).scenes[0]
    assert (scene.title, scene.notes) == (
        "Engineering rond Delft",
        "De hotspots van het type engineering. Delft is geselecteerd.",
    )
    assert scene.view.filters.types == frozenset({"engineering"})
    assert (scene.view.hotspot, scene.view.radius_km) == ("delft", 100)
    assert any("Scène 1 toegevoegd" in s.value for s in at.success)
    # the scene in the list: its title and its view in words
    assert "Engineering · rond RoboValley, 100 km" in [c.value for c in at.sidebar.caption]
    # the fields are empty again for the next scene
    assert at.text_input(key=presentation_panel.K_TITLE).value == ""
    # "Presenteren vanaf hier" opens the presentation page on that scene, which finds the draft
    key = at.session_state["pres_key"]
    assert [b.proto.url for b in at.get("link_button")] == [f"./presentatie?presentatie={key}&stap=1"]
    at = open_presentatie(at, presentatie=key, stap="1")
    assert not at.exception and not at.error
    assert deck_sent(at, key)  # the browser finds its step in the URL by that name


def test_a_scene_without_a_title_is_refused_in_dutch(app):
    at = start(app())
    add(at, "   ")
    assert draft(at).scenes == ()
    assert "'titel'" in errors(at)


def test_the_panel_reorders_edits_and_deletes_scenes(app):
    at = start(app())
    add(at, "Eerste")
    at.sidebar.segmented_control(key="f_scope").set_value("nationaal").run()
    add(at, "Tweede")
    add(at, "Derde")
    assert titles(at) == ["Eerste", "Tweede", "Derde"]
    at.button(key="pres_down_0").click().run()
    assert titles(at) == ["Tweede", "Eerste", "Derde"]
    at.button(key="pres_up_2").click().run()
    assert titles(at) == ["Tweede", "Derde", "Eerste"]
    assert at.button(key="pres_up_0").disabled and at.button(key="pres_down_2").disabled
    # edit the title and notes; the view stays
    view = draft(at).scenes[0].view
    at.button(key="pres_edit_0").click().run()
    at.text_input(key=presentation_panel.K_EDIT_TITLE).input("Nationaal")
    at.button(key="pres_save_0").click().run()
    assert titles(at) == ["Nationaal", "Derde", "Eerste"]
    assert draft(at).scenes[0].view == view
    at.button(key="pres_delete_1").click().run()
    assert titles(at) == ["Nationaal", "Eerste"]
    assert not at.exception


def test_the_download_parses_back_to_the_same_presentation(app, downloads):
    at = start(app(params={"keten": "waterstof"}))
    add(at, "Waterstof", "De hotspots van de waterstofketen.")
    at.sidebar.segmented_control(key="f_scope").set_value("zuid-holland").run()
    add(at, "Zuid-Holland")
    assert at.get("download_button")
    decks = [d.content() for d in downloads if d.file_name.endswith(".json")]
    assert decks
    back = parse_presentation(decks[-1], ["leiden", "delft", "noordwijk", "eindhoven", "leeuwarden"])
    assert back == draft(at)


def test_an_upload_opens_a_presentation(app):
    at = app()
    document = {
        "id": "mijn-deck",
        "titel": "Mijn deck",
        "scenes": [{"titel": "Delft", "notities": "RoboValley.", "view": {"hotspot": "delft", "radius": "90"}}],
    }
    at.file_uploader(key=presentation_panel.K_UPLOAD).set_value(
        ("mijn-deck.json", json.dumps(document).encode(), "application/json")
    ).run()
    assert not at.exception and not at.error
    assert draft(at).title == "Mijn deck" and titles(at) == ["Delft"]
    assert [s.value for s in at.success] == ["mijn\\-deck\\.json geopend\\: 1 scène\\."]


INVALID = {
    "bad json": (b'{"id": "x", "titel": ', ["Het bestand is geen geldige JSON"]),
    "unknown keten": (
        json.dumps(
            {
                "id": "kapot",
                "titel": "Kapot",
                "scenes": [
                    {"titel": "Alles", "notities": "Alle hotspots.", "view": {}},
                    {"titel": "Kernfusie", "notities": "Bestaat niet.", "view": {"keten": "kernfusie"}},
                ],
            }
        ).encode(),
        ["Scène 2 (“Kernfusie”)", "'kernfusie' in 'keten'"],
    ),
    "unknown hotspot": (
        json.dumps(
            {"id": "x", "titel": "X", "scenes": [{"titel": "Een", "notities": "Zin.", "view": {"hotspot": "delf"}}]}
        ).encode(),
        ["Scène 1 (“Een”)", "'hotspot'", "bedoelt u 'delft'"],
    ),
}


@pytest.mark.parametrize("case", list(INVALID))
def test_an_invalid_upload_names_the_problem_and_keeps_the_draft(app, case):
    data, expected = INVALID[case]
    at = start(app())
    add(at, "Mijn scène")
    before = draft(at)
    at.file_uploader(key=presentation_panel.K_UPLOAD).set_value(("kapot.json", data, "application/json")).run()
    assert not at.exception
    shown = errors(at).replace("\\", "")
    assert "kapot.json is niet geopend" in shown
    for part in expected:
        assert part in shown
    assert draft(at) is before
    assert titles(at) == ["Mijn scène"]


def test_the_list_shows_the_sessions_own_draft(app):
    at = start(app())
    add(at, "Mijn scène")
    key = at.session_state["pres_key"]
    at = open_presentatie(at)
    assert any(s.value == "Uw presentatie" for s in at.header)
    assert page_links(at)[f"presentatie={key}&stap=1"] == "Presenteren"


def test_the_draft_store_is_bounded():
    store = presentation_panel.DraftStore(capacity=3)
    for i in range(5):
        store.put(f"concept-{i}", object())  # type: ignore[arg-type]
    assert len(store) == 3
    assert store.get("concept-0") is None and store.get("concept-4") is not None
    store.get("concept-2")  # used: kept
    store.put("concept-5", object())  # type: ignore[arg-type]
    assert store.get("concept-2") is not None and store.get("concept-3") is None


def test_a_shared_deck_is_named_in_the_url_for_the_browser(app):
    from hotspots.io import load_hotspots
    from hotspots.presentation import encode_link, load_presentation

    deck = load_presentation("hotspots-zuid-holland", load_hotspots(SHIPPED_DATA).frame["id"])
    at = open_presentatie(app(data=SHIPPED_DATA), deck=encode_link(deck), stap="4")
    assert not at.exception and not at.error
    # the browser finds its step by the deck's name in the URL: presentatie=link, next to deck=
    assert deck_sent(at, "link")
    assert (at.query_params["presentatie"], at.query_params["stap"]) == ("link", "4")


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "te diep genest"),
        (
            b'{"id":"x","titel":"T","scenes":[{"titel":"a","notities":"b.","view":{"radius":"' + b"9" * 5000 + b'"}}]}',
            "'radius'",
        ),
        (
            b'{"id":"x","titel":"T","scenes":[{"titel":"a","notities":"b.","view":{},"kaart":{"lat":52,"lng":4,"zoom":'
            + b"1" * 5001
            + b"}}]}",
            "te veel cijfers",
        ),
        (b'{"id":"x","titel":"t\\ud800","scenes":[{"titel":"a","notities":"b.","view":{}}]}', "UTF\\-16"),
        (b'{"id":"x\\n","titel":"T","scenes":[{"titel":"a","notities":"b.","view":{}}]}', "regeleinde"),
    ],
    ids=["nested", "radius", "zoom", "surrogate", "id-newline"],
)
def test_a_hostile_deck_link_gives_a_dutch_error_and_the_list(app, raw, named):
    import base64
    import zlib

    token = base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")
    at = open_presentatie(app(data=SHIPPED_DATA), deck=token, stap="1")
    assert not at.exception
    assert named in errors(at)
    assert [t.value for t in at.title] == ["Presentaties"]
    assert not deck_sent(at)
