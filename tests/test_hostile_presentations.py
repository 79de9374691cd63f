"""Hostile presentations (issue 21, item 4 and 5): refused in Dutch, never an exception; text safe for every renderer."""

from __future__ import annotations

import base64
import json
import subprocess
import zlib
from datetime import datetime

import pytest

from hotspots import handout
from hotspots.io import DEFAULT_DATA_PATH, load_hotspots
from hotspots.presentation import (
    MAX_JSON_BYTES,
    Presentation,
    PresentationError,
    Scene,
    decode_link,
    encode_link,
    parse_presentation,
    scene_from_view,
    to_json,
)
from hotspots.presentation.checks import MAX_PROBLEMS
from hotspots.viewstate import ViewState
from ui.presentation_panel import open_upload

WHEN = datetime(2026, 1, 5, 10, 0)


@pytest.fixture(scope="module")
def frame():
    return load_hotspots(DEFAULT_DATA_PATH).frame


def _token(raw: bytes) -> str:
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def _document(**scene_changes) -> dict:
    scene = {"titel": "Alles", "notities": "Alle hotspots.", "view": {}, **scene_changes}
    return {"id": "demo", "titel": "Demo", "scenes": [scene]}


def _refused(function, *args) -> list[str]:
    with pytest.raises(PresentationError) as caught:
        function(*args)
    problems = caught.value.problems
    assert problems and all(p.isprintable() for p in problems)
    for problem in problems:  # Dutch, and nothing of the parser's English
        assert not any(word in problem for word in ("Expecting", "Unterminated", "recursion", "Exceeds", "digits"))
        problem.encode("utf-8")  # a message any page can show
    return problems


def test_a_link_nested_100000_deep_is_refused():
    token = _token(b"[" * 100_000 + b"]" * 100_000)
    assert len(token) < 300  # the 294-character link
    [problem] = _refused(decode_link, token, [])
    assert "te diep genest" in problem


def test_a_file_nested_100000_deep_is_refused():
    [problem] = _refused(parse_presentation, b"[" * 100_000 + b"]" * 100_000, [])
    assert problem == "Het bestand is te diep genest (meer dan 8 niveaus)."
    # nested below Python's recursion limit, but still far deeper than a presentation
    deep = _document(view={"q": json.loads("[" * 500 + "]" * 500)})
    assert "te diep genest" in _refused(parse_presentation, deep, [])[0]


def test_a_radius_of_5000_digits_is_refused():
    document = _document(view={"radius": "9" * 5000})
    [problem] = _refused(parse_presentation, document, [])
    assert problem.startswith("Scène 1 (“Alles”): 'radius' is 99999999999… km; kies 80 tot 120 km")
    token = _token(json.dumps(document).encode())
    assert "'radius'" in _refused(decode_link, token, [])[0]


def test_a_zoom_of_5001_digits_is_refused():
    raw = json.dumps(_document(kaart={"lat": 52, "lng": 4.5, "zoom": 0})).replace('"zoom": 0', '"zoom": ' + "1" * 5001)
    [problem] = _refused(parse_presentation, raw.encode(), [])
    assert problem == "Het bestand is geen geldige JSON: een getal met te veel cijfers."
    assert "te veel cijfers" in _refused(decode_link, _token(raw.encode()), [])[0]
    nan = raw.replace("1" * 5001, "NaN")
    assert _refused(parse_presentation, nan, []) == ["Het bestand is geen geldige JSON: 'NaN' is geen getal."]


@pytest.mark.parametrize("field", ["titel", "notities"])
def test_u_feff_in_a_title_or_note_is_removed(field):
    document = _document(**{field: "Alle\ufeff hotspots\u200b."})
    document["titel"] = "\ufeffDemo"
    presentation = parse_presentation(document, [])
    assert presentation.title == "Demo"
    scene = presentation.scenes[0]
    assert (scene.title if field == "titel" else scene.notes) == "Alle hotspots."
    # the panel's scenes are cleaned the same way
    scene = scene_from_view(ViewState(), "\ufeffTitel", "Eén\ufeff zin.")
    assert (scene.title, scene.notes) == ("Titel", "Eén zin.")


def test_u_feff_in_titles_notes_and_names_makes_a_pdf(frame, tmp_path):
    """Built directly (not through the parser), as a data file or an older draft could: the renderer copes."""
    odd = frame.copy()
    first = odd.index[0]
    odd.loc[first, "name"] = "\ufeff" + odd.loc[first, "name"] + "\ud800"
    view = ViewState(hotspot=odd.loc[first, "id"])
    deck = Presentation("x", "\ufeffDeck", "", (Scene("\ufeffTitel\u200b", "Notities\ufeff.", view),))
    pdf = handout.handout_pdf(deck, odd, generated_at=WHEN)
    path = tmp_path / "odd.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Titel" in text and "Deck" in text
    png = handout.map_png(odd, odd, view, title="\ufeffKaart", size_px=(600, 400), dpi=80)
    assert png.startswith(b"\x89PNG")


@pytest.mark.parametrize("where", ["titel", "notities", "scene titel", "hotspot"])
def test_a_lone_surrogate_is_refused_everywhere(where):
    document = _document()
    if where == "titel":
        document["titel"] = "t\ud800"
    elif where == "hotspot":
        document["scenes"][0]["view"]["hotspot"] = "x\ud800"
    else:
        document["scenes"][0]["titel" if where == "scene titel" else "notities"] = "t\ud800"
    [problem] = _refused(parse_presentation, document, [])
    assert "bevat een ongeldig teken (een losse UTF-16-helft, U+D800)" in problem
    # also from a JSON file, where it is written "\ud800"
    raw = json.dumps(document, ensure_ascii=True).encode()
    assert "losse UTF-16-helft" in _refused(parse_presentation, raw, [])[0]


def test_a_lone_surrogate_never_reaches_to_json_or_the_link():
    scene = scene_from_view(ViewState(), "Titel", "Eén zin.")
    deck = Presentation("x", "t\ud800", "", (scene,))
    assert "losse UTF-16-helft" in _refused(to_json, deck)[0]
    assert "losse UTF-16-helft" in _refused(encode_link, deck)[0]
    with pytest.raises(PresentationError):
        scene_from_view(ViewState(), "t\ud800", "Eén zin.")


@pytest.mark.parametrize("value", ["x\n", "x\r\n", "\ufeffx", "x\u200b"])
def test_an_id_with_a_newline_or_invisible_character_is_refused(value):
    document = _document()
    document["id"] = value
    [problem] = _refused(parse_presentation, document, [])
    assert problem.startswith("Presentatie: 'id' bevat een")
    assert "regeleinde" in problem if "\n" in value else "onzichtbaar teken" in problem


def test_an_upload_too_large_is_refused_before_parsing():
    data = b'{"id": "x", "titel": "' + b"a" * MAX_JSON_BYTES + b'"}'
    assert open_upload(data, []) == [f"Het bestand is {len(data) // 1024} kB; een presentatie is hoogstens 256 kB."]


def test_a_file_with_thousands_of_bad_scenes_gives_a_screenful():
    bad = {"titel": "", "notities": "", "view": {"type": "x", "radius": "1"}}
    document = {"id": "x", "titel": "T", "scenes": [bad] * 50_000}
    [problem] = _refused(parse_presentation, document, [])
    assert problem == "Presentatie: 'scenes' heeft 50000 scènes; een presentatie heeft er hoogstens 50."
    # 50 scenes with several problems each: the first ones, then a count
    problems = _refused(parse_presentation, {"id": "x", "titel": "T", "scenes": [bad] * 50}, [])
    assert len(problems) == MAX_PROBLEMS
    assert problems[-1].startswith("En nog ") and problems[-1].endswith(" problemen; los eerst deze op.")
    assert int(problems[-1].split()[2]) >= 50 * 3 - MAX_PROBLEMS
