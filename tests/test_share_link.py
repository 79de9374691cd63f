"""A presentation in a link: round trip, and a Dutch problem for every bad token."""

import base64
import json
import zlib

import pytest

from hotspots.io import DEFAULT_DATA_PATH, load_hotspots
from hotspots.presentation import (
    MAX_JSON_BYTES,
    MAX_SCENES,
    MAX_TOKEN_LENGTH,
    PresentationError,
    Scene,
    add_scene,
    decode_link,
    encode_link,
    load_presentation,
    new_presentation,
)
from hotspots.viewstate import ViewState


@pytest.fixture(scope="module")
def ids():
    return list(load_hotspots(DEFAULT_DATA_PATH).frame["id"])


@pytest.fixture(scope="module")
def shipped(ids):
    return load_presentation("hotspots-zuid-holland", ids)


def _token(raw: bytes) -> str:
    return base64.urlsafe_b64encode(zlib.compress(raw)).decode("ascii").rstrip("=")


def _problem(token, ids) -> str:
    with pytest.raises(PresentationError) as caught:
        decode_link(token, ids)
    assert len(caught.value.problems) == 1
    problem = caught.value.problems[0]
    assert "Traceback" not in problem and "Error" not in problem
    return problem


def test_round_trip_of_the_shipped_deck(shipped, ids):
    token = encode_link(shipped)
    assert decode_link(token, ids) == shipped
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert "=" not in token
    assert len(token) < 3000  # ten scenes with long notes fit a URL easily
    assert decode_link(f"  {token}\n", ids) == shipped  # pasted with whitespace


def test_round_trip_keeps_centre_zoom_and_unusual_text(ids):
    deck = new_presentation("Test $x$ <b>ü</b>")
    scene = Scene("Één & <i>twee</i>", "Noten met $ en \\ en “quotes”.", ViewState(hotspot=ids[0]), (52.1, 4.4), 9.5)
    deck = add_scene(deck, scene)
    assert decode_link(encode_link(deck), ids) == deck


def test_a_full_deck_stays_under_the_token_limit(ids):
    deck = new_presentation("Groot")
    notes = "Een notitie van een redelijke lengte, zoals een presentator die schrijft. " * 3
    for i in range(MAX_SCENES):
        deck = add_scene(
            deck, Scene(f"Scène {i} over de hotspots", notes.strip(), ViewState(hotspot=ids[i % len(ids)]))
        )
    assert len(encode_link(deck)) < MAX_TOKEN_LENGTH


def test_truncated_token(shipped, ids):
    token = encode_link(shipped)
    for cut in (len(token) // 2, len(token) - 3, 10):
        assert "beschadigd of onvolledig" in _problem(token[:cut], ids)


def test_altered_token(shipped, ids):
    token = encode_link(shipped)
    middle = len(token) // 2
    altered = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]
    assert "beschadigd" in _problem(altered, ids)


@pytest.mark.parametrize("garbage", ["!!!", "hallo wereld", "abc", "A", "<script>", "é", "a=b"])
def test_garbage_token(garbage, ids):
    assert "beschadigd" in _problem(garbage, ids)


def test_empty_token(ids):
    assert _problem("   ", ids) == "De link bevat geen presentatie."


def test_huge_token_is_refused_before_decoding(ids):
    assert "te lang" in _problem("A" * (MAX_TOKEN_LENGTH + 1), ids)


def test_zip_bomb_is_refused(ids):
    bomb = _token(b" " * (MAX_JSON_BYTES * 10))  # deflate packs at most about 1:1000
    assert len(bomb) < MAX_TOKEN_LENGTH
    assert "meer dan" in _problem(bomb, ids)


def test_valid_compression_of_something_else(ids):
    assert "geen geldige JSON" in _problem(_token(b"not json at all"), ids)
    assert "UTF-8" in _problem(_token(b"\xff\xfe\x00"), ids)


def test_extra_data_after_the_stream(shipped, ids):
    raw = base64.urlsafe_b64decode(encode_link(shipped) + "==")
    token = base64.urlsafe_b64encode(raw + b"xyz").decode("ascii").rstrip("=")
    assert "na het einde" in _problem(token, ids)


def test_a_valid_token_of_an_invalid_presentation_names_the_scene(ids):
    document = {"id": "x", "titel": "X", "scenes": [{"titel": "Een", "notities": "Zin.", "view": {"hotspot": "nope"}}]}
    with pytest.raises(PresentationError) as caught:
        decode_link(_token(json.dumps(document).encode()), ids)
    assert any("Scène 1" in problem and "nope" in problem for problem in caught.value.problems)


def test_non_string_token(ids):
    with pytest.raises(PresentationError):
        decode_link(None, ids)  # type: ignore[arg-type]
