"""Presentations: the shipped deck, strict reading with Dutch problems, editing, files."""

import copy
import json

import jsonschema
import pytest

from hotspots import filters
from hotspots.filters import FILTERS, FilterState
from hotspots.io import DEFAULT_DATA_PATH, load_hotspots
from hotspots.model import PRODUCT_CHAINS
from hotspots.presentation import (
    MAX_SCENES,
    PRESENTATIONS_DIR,
    SCHEMA_PATH,
    Presentation,
    PresentationError,
    Scene,
    add_scene,
    available_presentations,
    load_presentation,
    load_schema,
    move_scene,
    new_presentation,
    parse_presentation,
    remove_scene,
    replace_scene,
    scene_from_view,
    scene_query_params,
    to_json,
)
from hotspots.presentation.checks import _sentence_count
from hotspots.viewstate import KNOWN_PARAMS, MAX_QUERY_LENGTH, ViewState

SHIPPED = "hotspots-zuid-holland"
IDS = ["robovalley-fraim", "mics-schiedam", "leiden-bio-science-park"]


@pytest.fixture(scope="module")
def frame():
    result = load_hotspots(DEFAULT_DATA_PATH)
    assert not result.problems
    return result.frame


@pytest.fixture(scope="module")
def shipped(frame):
    return load_presentation(SHIPPED, frame["id"])


def deck(**second_scene):
    """A valid two-scene document; keyword arguments override fields of scene 2 (None removes one)."""
    scene = {"titel": "Waterstof", "notities": "Drie hotspots.", "view": {"keten": "waterstof"}}
    for key, value in second_scene.items():
        if value is None:
            del scene[key]
        else:
            scene[key] = value
    return {
        "id": "proef",
        "titel": "Proef",
        "scenes": [{"titel": "Alles", "notities": "Alle hotspots.", "view": {}}, scene],
    }


def problems_of(document, ids=IDS):
    with pytest.raises(PresentationError) as excinfo:
        parse_presentation(document, ids)
    return excinfo.value.problems


# --- the shipped presentation ---------------------------------------------------


def test_shipped_presentation_has_six_to_ten_scenes_that_each_show_hotspots(shipped, frame):
    assert 6 <= len(shipped.scenes) <= 10
    for number, scene in enumerate(shipped.scenes, start=1):
        shown = filters.apply(frame, scene.view.filters)
        assert len(shown) >= 1, f"scene {number} shows no hotspot"
        if scene.view.hotspot:
            assert scene.view.hotspot in set(shown["id"]), f"scene {number}: its hotspot is filtered out"


def test_shipped_presentation_covers_the_topics_of_the_issue(shipped):
    views = [scene.view for scene in shipped.scenes]
    assert any(v.filters.scopes == {"zuid-holland"} for v in views)
    assert any(v.filters.scopes == {"nationaal"} for v in views)
    assert any(v.filters.digitaal_verbinden is True for v in views)
    assert {chain for v in views for chain in v.filters.chains if len(v.filters.chains) == 1} == set(PRODUCT_CHAINS)
    reach = [v for v in views if v.hotspot]
    assert reach and reach[0].radii == "selectie" and reach[0].radius_km > 80
    assert any("80" in s.notes and "120" in s.notes for s in shipped.scenes if s.view.hotspot)


def test_shipped_file_is_valid_against_the_schema_itself():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    document = json.loads((PRESENTATIONS_DIR / f"{SHIPPED}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)


def test_schema_view_fields_are_the_url_parameters():
    schema = load_schema()
    view = schema["$defs"]["view"]
    assert list(view["properties"]) == list(KNOWN_PARAMS)
    assert view["additionalProperties"] is False
    # the file itself names no filter: they come from the one filter table
    on_disk = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["$defs"]["view"]["properties"]
    assert not set(on_disk) & {spec.param for spec in FILTERS}
    assert view["properties"]["q"]["maxLength"] == MAX_QUERY_LENGTH
    assert schema["properties"]["scenes"]["maxItems"] == MAX_SCENES


def test_scene_query_params_are_the_map_url(shipped):
    reach = next(scene for scene in shipped.scenes if scene.view.hotspot)
    assert scene_query_params(reach) == {"radius": "120", "hotspot": "leiden-bio-science-park"}


# --- round trip -------------------------------------------------------------------


def test_round_trip_of_the_shipped_presentation(shipped, frame):
    data = to_json(shipped)
    assert parse_presentation(data, frame["id"]) == shipped
    assert to_json(parse_presentation(data, frame["id"])) == data
    assert "Scène".encode() not in data  # plain field names, no labels
    assert "één".encode() in data and b"\\u" not in data  # UTF-8, not escaped
    assert data.startswith(b'{\n  "id": "hotspots-zuid-holland",\n')


def test_round_trip_of_a_scene_with_every_field():
    view = ViewState(
        filters=FilterState(
            scopes=frozenset({"zuid-holland"}),
            types=frozenset({"engineering"}),
            phases=frozenset({"opkomst", "groei"}),
            chains=frozenset({"robotica", "geen"}),
            digitaal_verbinden=False,
            query="Delft",
        ),
        radius_km=95,
        radii="alle",
        hotspot="robovalley-fraim",
    )
    scene = scene_from_view(view, "  Alles  ", "Eén zin.", centre=(52.0, 4.36), zoom=11.5)
    presentation = Presentation("proef", "Proef", "Een beschrijving.", (scene,))
    document = json.loads(to_json(presentation))
    assert document["scenes"][0]["view"] == {
        "scope": "zuid-holland",
        "type": "engineering",
        "phase": "opkomst,groei",
        "keten": "robotica,geen",
        "dv": "nee",
        "q": "Delft",
        "radius": "95",
        "radii": "alle",
        "hotspot": "robovalley-fraim",
    }
    assert document["scenes"][0]["kaart"] == {"lat": 52.0, "lng": 4.36, "zoom": 11.5}
    assert parse_presentation(to_json(presentation), IDS) == presentation


def test_to_json_refuses_a_presentation_without_scenes():
    with pytest.raises(PresentationError) as excinfo:
        to_json(new_presentation("Mijn presentatie"))
    assert excinfo.value.problems == ["Presentatie: 'scenes' is leeg; een presentatie heeft minstens één scène."]


# --- bad input: every problem names the scene and the field ------------------------------


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        pytest.param(
            b'{"id": "proef",\n  "titel": "Proef"\n  "scenes": []}',
            "Het bestand is geen geldige JSON: komma verwacht (regel 3, kolom 3).",
            id="bad-json",
        ),
        pytest.param(b"", "Het bestand is leeg.", id="empty-file"),
        pytest.param(b"\xff\xfe{}", "Het bestand is geen UTF-8-tekst (onleesbare byte op positie 0).", id="not-utf8"),
        pytest.param(
            b"[]",
            "Het bestand is geen presentatie: verwacht een JSON-object met 'id', 'titel' en 'scenes', niet een lijst.",
            id="not-an-object",
        ),
        pytest.param(deck(titel=None), "Scène 2: 'titel' ontbreekt.", id="missing-titel"),
        pytest.param(deck(titel="  "), "Scène 2: 'titel' mag niet leeg zijn.", id="blank-titel"),
        pytest.param(
            deck(titel="x" * 81), f"Scène 2 (“{'x' * 39}…”): 'titel' is te lang: 81 tekens, hoogstens 80.", id="long"
        ),
        pytest.param(
            deck(kleur="rood"),
            "Scène 2 (“Waterstof”): onbekend veld 'kleur'; toegestaan: titel, notities, view, kaart.",
            id="extra-field",
        ),
        pytest.param(
            deck(view={"kleur": "rood"}),
            "Scène 2 (“Waterstof”): onbekend veld 'kleur' in 'view'; "
            "toegestaan: scope, type, phase, keten, dv, province, q, radius, radii, hotspot.",
            id="extra-view-field",
        ),
        pytest.param(
            deck(view={"type": "enginering"}),
            "Scène 2 (“Waterstof”): onbekende waarde 'enginering' in 'type'; "
            "kies uit creatief-urbaan, engineering, wetenschapsgedreven.",
            id="unknown-type",
        ),
        pytest.param(
            deck(view={"keten": "waterstoff"}),
            "Scène 2 (“Waterstof”): onbekende waarde 'waterstoff' in 'keten'; "
            "kies uit waterstof, lasersatcom, robotica, 3d-printen, geen.",
            id="unknown-keten",
        ),
        pytest.param(
            deck(view={"scope": "zh,nl"}),
            "Scène 2 (“Waterstof”): onbekende waarden 'zh', 'nl' in 'scope'; kies uit zuid-holland, nationaal.",
            id="unknown-scopes",
        ),
        pytest.param(
            deck(view={"type": "engineering, wetenschapsgedreven"}),
            "Scène 2 (“Waterstof”): 'type' moet waarden gescheiden door komma's zonder spaties hebben, "
            "zoals 'creatief-urbaan,engineering', niet 'engineering, wetenschapsgedreven'.",
            id="spaces-in-list",
        ),
        pytest.param(
            deck(view={"dv": "misschien"}),
            "Scène 2 (“Waterstof”): onbekende waarde 'misschien' in 'dv'; kies uit ja, nee.",
            id="unknown-dv",
        ),
        pytest.param(
            deck(view={"radii": "sommige"}),
            "Scène 2 (“Waterstof”): onbekende waarde 'sommige' in 'radii'; kies uit selectie, alle, geen.",
            id="unknown-radii",
        ),
        pytest.param(
            deck(view={"hotspot": "robovaley"}),
            "Scène 2 (“Waterstof”): hotspot 'robovaley' in 'hotspot' staat niet in de gegevens "
            "(bedoelt u 'robovalley-fraim'?).",
            id="unknown-hotspot",
        ),
        pytest.param(
            deck(view={"radius": "130"}),
            "Scène 2 (“Waterstof”): 'radius' is 130 km; kies 80 tot 120 km in stappen van 5.",
            id="radius-130",
        ),
        pytest.param(
            deck(view={"radius": 100}),
            "Scène 2 (“Waterstof”): 'radius' moet een tekst zijn, niet 100 "
            '(zoals in de link van de kaart, bijvoorbeeld "radius": "100").',
            id="radius-number",
        ),
        pytest.param(
            deck(view={"q": "x" * 101}),
            "Scène 2 (“Waterstof”): 'q' is te lang: 101 tekens, hoogstens 100.",
            id="long-query",
        ),
        pytest.param(
            deck(notities="Een. Twee. Drie. Vier."),
            "Scène 2 (“Waterstof”): 'notities' heeft 4 zinnen; houd het bij hoogstens 3.",
            id="four-sentences",
        ),
        pytest.param(
            deck(kaart={"lat": 52.1, "lng": 4.4, "zoom": 25}),
            "Scène 2 (“Waterstof”): 'kaart.zoom' moet tussen 5 en 19 liggen, niet 25.",
            id="zoom-25",
        ),
        pytest.param(
            deck(kaart={"lat": 52.1, "lng": 4.4}), "Scène 2 (“Waterstof”): 'kaart.zoom' ontbreekt.", id="no-zoom"
        ),
        pytest.param(
            {**deck(), "scenes": []},
            "Presentatie: 'scenes' is leeg; een presentatie heeft minstens één scène.",
            id="empty-scenes",
        ),
        pytest.param(
            {**deck(), "id": "Mijn deck"},
            "Presentatie: 'Mijn deck' in 'id' is geen geldige id: kleine letters, cijfers en koppeltekens, "
            "zoals 'hotspots-zuid-holland'.",
            id="bad-id",
        ),
    ],
)
def test_bad_input_gives_one_dutch_problem_naming_scene_and_field(document, expected):
    assert problems_of(document) == [expected]


def test_a_swapped_centre_is_named_as_such():
    assert problems_of(deck(kaart={"lat": 4.4, "lng": 52.1, "zoom": 9})) == [
        "Scène 2 (“Waterstof”): 'kaart.lat' moet tussen 50.0 en 54.5 liggen, niet 4.4 (zijn 'lat' en 'lng' omgedraaid?).",
        "Scène 2 (“Waterstof”): 'kaart.lng' moet tussen 2.0 en 8.5 liggen, niet 52.1 (zijn 'lat' en 'lng' omgedraaid?).",
    ]
    assert problems_of(deck(kaart={"lat": 60, "lng": 4.4, "zoom": 9})) == [
        "Scène 2 (“Waterstof”): 'kaart.lat' moet tussen 50.0 en 54.5 liggen, niet 60."
    ]


def test_every_problem_is_reported_in_scene_and_field_order():
    document = deck(view={"radius": "130", "keten": "waterstoff"}, titel=None)
    document["scenes"][0]["view"] = {"type": "x"}
    document["kleur"] = "rood"
    assert problems_of(document) == [
        "Presentatie: onbekend veld 'kleur'; toegestaan: id, titel, beschrijving, scenes.",
        "Scène 1 (“Alles”): onbekende waarde 'x' in 'type'; "
        "kies uit creatief-urbaan, engineering, wetenschapsgedreven.",
        "Scène 2: 'titel' ontbreekt.",
        "Scène 2: onbekende waarde 'waterstoff' in 'keten'; kies uit waterstof, lasersatcom, robotica, 3d-printen, geen.",
        "Scène 2: 'radius' is 130 km; kies 80 tot 120 km in stappen van 5.",
    ]


def test_parse_accepts_text_bytes_and_documents_alike():
    document = deck()
    as_text = json.dumps(document)
    assert parse_presentation(document, IDS) == parse_presentation(as_text, IDS)
    assert parse_presentation(document, IDS) == parse_presentation(b"\xef\xbb\xbf" + as_text.encode(), IDS)


def test_empty_selection_and_default_values_are_valid():
    presentation = parse_presentation(deck(view={"type": "", "radii": "selectie", "radius": "80"}), IDS)
    assert presentation.scenes[1].view == ViewState(filters=FilterState(types=frozenset()))


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Eén zin.", 1),
        ("Binnen ca. 80 km, o.a. Delft en Leiden. Nog een zin!", 2),
        ("Rond ESTEC (AWTI, 2014). Vaak een campus. 3D-printen ook.", 3),
        ("Dit kost ca. 1.200 euro", 1),
    ],
)
def test_sentence_count_skips_abbreviations(text, count):
    assert _sentence_count(text) == count


# --- scenes from the map, and editing -----------------------------------------------------


def scene(title):
    return Scene(title, f"Over {title}.", ViewState())


def test_scene_from_view_checks_title_and_notes():
    view = ViewState(hotspot="mics-schiedam", radius_km=100)
    made = scene_from_view(view, " MICS ", " In Schiedam. ")
    assert made == Scene("MICS", "In Schiedam.", view)
    with pytest.raises(PresentationError) as excinfo:
        scene_from_view(view, "", "x" * 401)
    assert excinfo.value.problems == [
        "Deze scène: 'titel' mag niet leeg zijn.",
        "Deze scène: 'notities' is te lang: 401 tekens, hoogstens 400.",
    ]
    with pytest.raises(ValueError, match="centre and zoom"):
        scene_from_view(view, "MICS", "In Schiedam.", centre=(51.9, 4.4))


def test_editing_helpers_return_new_presentations_and_leave_the_input_alone():
    start = Presentation("proef", "Proef", "", (scene("a"), scene("b"), scene("c")))
    before = copy.deepcopy(start)

    def titles(presentation):
        return [s.title for s in presentation.scenes]

    assert titles(add_scene(start, scene("d"))) == ["a", "b", "c", "d"]
    assert titles(add_scene(start, scene("d"), 0)) == ["d", "a", "b", "c"]
    assert titles(add_scene(start, scene("d"), 3)) == ["a", "b", "c", "d"]
    assert titles(move_scene(start, 0, 1)) == ["b", "a", "c"]
    assert titles(move_scene(start, 2, -1)) == ["a", "c", "b"]
    assert titles(move_scene(start, 2, -2)) == ["c", "a", "b"]
    assert titles(remove_scene(start, 1)) == ["a", "c"]
    assert titles(replace_scene(start, 1, scene("x"))) == ["a", "x", "c"]
    assert start == before and titles(start) == ["a", "b", "c"]
    assert isinstance(add_scene(start, scene("d")).scenes, tuple)


@pytest.mark.parametrize(
    "edit",
    [
        lambda p: move_scene(p, 0, -1),
        lambda p: move_scene(p, 1, 1),
        lambda p: move_scene(p, 2, 0),
        lambda p: remove_scene(p, 2),
        lambda p: remove_scene(p, -1),
        lambda p: replace_scene(p, 5, scene("x")),
        lambda p: add_scene(p, scene("x"), 3),
        lambda p: add_scene(p, scene("x"), -1),
    ],
)
def test_editing_with_a_bad_index_is_a_value_error(edit):
    with pytest.raises(ValueError, match="scene index"):
        edit(Presentation("proef", "Proef", "", (scene("a"), scene("b"))))


def test_a_presentation_holds_at_most_fifty_scenes():
    full = Presentation("vol", "Vol", "", tuple(scene(str(i)) for i in range(MAX_SCENES)))
    with pytest.raises(PresentationError, match="hoogstens 50 scènes"):
        add_scene(full, scene("te veel"))


def test_building_a_presentation_from_nothing():
    presentation = new_presentation(" Hotspots in Zuid-Holland: één overzicht ")
    assert (presentation.id, presentation.title, presentation.scenes) == (
        "hotspots-in-zuid-holland-een-overzicht",
        "Hotspots in Zuid-Holland: één overzicht",
        (),
    )
    built = add_scene(presentation, scene_from_view(ViewState(), "Alles", "Alle hotspots."))
    assert parse_presentation(to_json(built), []) == built


# --- shipped presentation files ----------------------------------------------------------------


def test_available_presentations_lists_the_shipped_one():
    assert (SHIPPED, "Innovatiehotspots in Zuid-Holland", PRESENTATIONS_DIR / f"{SHIPPED}.json") in (
        available_presentations()
    )


def test_available_presentations_shows_a_broken_file_by_its_id_and_skips_other_names(tmp_path):
    (tmp_path / "kapot.json").write_text("{", encoding="utf-8")
    (tmp_path / "Niet Een Id.json").write_text("{}", encoding="utf-8")
    (tmp_path / "goed.json").write_text(json.dumps({**deck(), "id": "goed", "titel": "Goed"}), encoding="utf-8")
    assert available_presentations(tmp_path) == [
        ("goed", "Goed", tmp_path / "goed.json"),
        ("kapot", "kapot", tmp_path / "kapot.json"),
    ]


@pytest.mark.parametrize(
    "bad_id", ["../etc/passwd", "../geheim", "..", "/etc/passwd", "a/b", "Proef", "proef.json", ""]
)
def test_load_presentation_refuses_ids_that_are_not_slugs(tmp_path, bad_id):
    decks = tmp_path / "decks"
    decks.mkdir()
    (tmp_path / "geheim.json").write_text(json.dumps({**deck(), "id": "geheim"}), encoding="utf-8")
    with pytest.raises(PresentationError) as excinfo:
        load_presentation(bad_id, IDS, folder=decks)
    assert excinfo.value.problems == [
        f"Presentatie '{bad_id}' bestaat niet: een id bestaat uit kleine letters, cijfers en koppeltekens."
    ]


def test_load_presentation_names_a_missing_file_and_what_exists(frame):
    with pytest.raises(PresentationError) as excinfo:
        load_presentation("bestaat-niet", frame["id"])
    assert excinfo.value.problems == [f"Presentatie 'bestaat-niet' bestaat niet; beschikbaar: {SHIPPED}."]


def test_load_presentation_wants_the_id_to_match_the_file_name(tmp_path):
    (tmp_path / "andere-naam.json").write_text(json.dumps(deck()), encoding="utf-8")
    with pytest.raises(PresentationError) as excinfo:
        load_presentation("andere-naam", IDS, folder=tmp_path)
    assert excinfo.value.problems == [
        "Presentatie: 'id' is 'proef', maar het bestand heet 'andere-naam.json'; maak ze gelijk."
    ]


def test_load_presentation_checks_hotspot_ids_against_the_data(tmp_path):
    (tmp_path / "proef.json").write_text(json.dumps(deck(view={"hotspot": "mics-schiedam"})), encoding="utf-8")
    assert load_presentation("proef", IDS, folder=tmp_path).scenes[1].view.hotspot == "mics-schiedam"
    with pytest.raises(PresentationError, match="'mics-schiedam' in 'hotspot' staat niet in de gegevens"):
        load_presentation("proef", ["robovalley-fraim"], folder=tmp_path)
