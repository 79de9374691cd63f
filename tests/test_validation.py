"""Loading and validation: every class of bad file is rejected, with the
feature (index and id) and the field named, in plain Dutch."""

import copy
import json

import jsonschema
import pytest
from factories import DELFT, LEIDEN, SAMPLE, collection, feature, write

from hotspots import model
from hotspots.filters import CHAIN_CHOICES, NO_CHAIN
from hotspots.io import load_hotspots


def load(tmp_path, document, name="data.geojson"):
    return load_hotspots(write(tmp_path / name, document))


def test_valid_file_loads_every_hotspot_as_wgs84_points(sample_file):
    result = load_hotspots(sample_file)
    assert result.problems == []
    assert not result.fatal
    assert len(result.frame) == len(SAMPLE)
    assert result.frame.crs.to_epsg() == 4326
    assert list(result.frame["id"]) == [f["properties"]["id"] for f in SAMPLE]
    delft = result.frame.set_index("id").loc["delft"]
    assert (delft.geometry.x, delft.geometry.y) == (4.3776, 51.9990)
    assert delft["types"] == ["engineering", "wetenschapsgedreven"]
    assert result.frame["digitaal_verbinden"].dtype == bool
    assert result.frame.set_index("id")["digitaal_verbinden"].to_dict() == {
        f["properties"]["id"]: f["properties"]["digitaal_verbinden"] for f in SAMPLE
    }


def test_data_path_comes_from_environment(monkeypatch, sample_file):
    monkeypatch.setenv("HOTSPOTS_DATA", str(sample_file))
    assert load_hotspots().path == sample_file
    monkeypatch.delenv("HOTSPOTS_DATA")
    assert load_hotspots().path.name == "hotspots.geojson"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is leeg"),
        (b"   \n", "is leeg"),
        (b'{"type": "FeatureCollection", "features": [', "geen geldige JSON"),
        (b"\xff\xfe\x00garbage", "geen UTF-8"),
        (b"[1, 2, 3]", "FeatureCollection"),
        (b'{"type": "Feature", "features": []}', "geen GeoJSON FeatureCollection"),
        (b'{"type": "FeatureCollection"}', "'features' ontbreekt"),
        (b'{"type": "FeatureCollection", "features": []}', "geen hotspots"),
        (b'{"type": "FeatureCollection", "features": {}}', "moet een lijst zijn"),
    ],
)
def test_unusable_files_are_fatal_with_a_clear_message(tmp_path, content, expected):
    path = tmp_path / "bad.geojson"
    path.write_bytes(content)
    result = load_hotspots(path)
    assert result.fatal
    assert len(result.frame) == 0
    assert any(expected in str(p) for p in result.problems), [str(p) for p in result.problems]


def test_missing_file_and_directory(tmp_path):
    assert "bestaat niet" in str(load_hotspots(tmp_path / "nope.geojson").problems[0])
    assert "is een map" in str(load_hotspots(tmp_path).problems[0])


def _with(base, **changes):
    result = copy.deepcopy(base)
    for key, value in changes.items():
        if key == "geometry":
            result["geometry"] = value
        elif key == "drop":
            del result["properties"][value]
        else:
            result["properties"][key] = value
    return result


BAD_FEATURES = [
    # (description, feature, field named, words in the message)
    ("missing geometry", {k: v for k, v in DELFT.items() if k != "geometry"}, "geometrie", "ontbreekt"),
    ("null geometry", _with(DELFT, geometry=None), "geometrie", "ontbreekt"),
    (
        "polygon",
        _with(DELFT, geometry={"type": "Polygon", "coordinates": [[[4, 52], [4.1, 52], [4, 52.1], [4, 52]]]}),
        "geometrie",
        "Point",
    ),
    (
        "outside NL",
        _with(DELFT, geometry={"type": "Point", "coordinates": [2.35, 48.85]}),
        "geometrie",
        "buiten Nederland",
    ),
    ("swapped", _with(DELFT, geometry={"type": "Point", "coordinates": [51.999, 4.3776]}), "geometrie", "omgedraaid"),
    (
        "text coordinates",
        _with(DELFT, geometry={"type": "Point", "coordinates": ["4.3", "52.0"]}),
        "geometrie",
        "twee getallen",
    ),
    ("unknown type", _with(DELFT, types=["biotech"]), "type", 'onbekende waarde "biotech"'),
    ("empty types", _with(DELFT, types=[]), "type", "mag niet leeg"),
    (
        "three types",
        _with(DELFT, types=["engineering", "creatief-urbaan", "wetenschapsgedreven"]),
        "type",
        "hoogstens 2",
    ),
    ("unknown phase", _with(DELFT, phase="bloei"), "fase", 'onbekende waarde "bloei"'),
    ("unknown chain", _with(DELFT, product_chains=["kernfusie"]), "productketens", "kernfusie"),
    ("unknown scope", _with(DELFT, scope="europa"), "schaal", "europa"),
    ("scope vs province", _with(DELFT, province="Utrecht"), "provincie", "Zuid-Holland"),
    ("missing name", _with(DELFT, drop="name"), "naam", "ontbreekt"),
    ("empty name", _with(DELFT, name="   "), "naam", "mag niet leeg"),
    ("dv as text", _with(DELFT, digitaal_verbinden="ja"), "Digitaal Verbinden", "true of false"),
    ("no sources", _with(DELFT, sources=[]), "bronnen", "mag niet leeg"),
    ("unknown estimate", _with(DELFT, estimated=["naam"]), "inschattingen", "naam"),
    ("bad id", _with(DELFT, id="Robo Valley!"), "id", "geen geldige slug"),
]


@pytest.mark.parametrize(("label", "bad", "field", "words"), BAD_FEATURES, ids=[b[0] for b in BAD_FEATURES])
def test_each_bad_feature_is_rejected_and_named(tmp_path, label, bad, field, words):
    result = load(tmp_path, collection(LEIDEN, bad))
    assert not result.fatal
    # the valid hotspot is kept, the bad one is not
    assert list(result.frame["id"]) == ["leiden"]
    assert result.problems, label
    assert all(p.index == 1 for p in result.problems)
    named = [p for p in result.problems if p.field == field and words in p.message]
    assert named, [str(p) for p in result.problems]
    text = str(named[0])
    assert text.startswith("hotspot 2")
    if isinstance(bad["properties"].get("id"), str) and bad["properties"]["id"] == "delft":
        assert "(id 'delft')" in text


def test_duplicate_ids_reject_the_later_feature(tmp_path):
    twin = _with(DELFT, name="Tweede Delft")
    result = load(tmp_path, collection(DELFT, LEIDEN, twin))
    assert list(result.frame["id"]) == ["delft", "leiden"]
    assert [str(p) for p in result.problems] == [
        "hotspot 3 (id 'delft'), veld 'id': id 'delft' komt al voor bij hotspot 1; ids moeten uniek zijn"
    ]


def test_all_problems_of_a_feature_are_listed(tmp_path):
    bad = _with(DELFT, phase="bloei", types=[], digitaal_verbinden=1)
    result = load(tmp_path, collection(bad))
    fields = sorted(p.field for p in result.problems)
    assert fields == ["Digitaal Verbinden", "fase", "type"]
    assert result.rejected_ids == ["hotspot 1 (id 'delft')"]


def test_html_in_a_name_is_data_not_a_problem(tmp_path):
    result = load(tmp_path, collection(_with(DELFT, name="<img src=x onerror=alert(1)>")))
    assert result.problems == []
    assert result.frame.loc[0, "name"] == "<img src=x onerror=alert(1)>"


def test_loading_never_modifies_the_file(tmp_path):
    path = write(tmp_path / "d.geojson", collection(LEIDEN, _with(DELFT, phase="x")))
    before = path.read_bytes()
    load_hotspots(path)
    assert path.read_bytes() == before


def test_vocabularies_match_the_schema():
    defs = model.load_schema()["$defs"]
    assert defs["type"]["enum"] == list(model.TYPES)
    assert defs["phase"]["enum"] == list(model.PHASES)
    assert defs["product_chain"]["enum"] == list(model.PRODUCT_CHAINS)
    assert defs["estimable"]["enum"] == list(model.ESTIMABLE_FIELDS)
    props = defs["feature"]["properties"]["properties"]
    assert props["properties"]["scope"]["enum"] == list(model.SCOPES)
    assert NO_CHAIN not in model.PRODUCT_CHAINS and NO_CHAIN in CHAIN_CHOICES
    lon, lat = defs["point"]["properties"]["coordinates"]["prefixItems"]
    assert (lon["minimum"], lon["maximum"]) == model.NL_LON
    assert (lat["minimum"], lat["maximum"]) == model.NL_LAT


def test_schema_file_is_a_valid_json_schema_that_accepts_the_sample():
    schema = json.loads(model.SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(collection(LEIDEN, DELFT))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(collection(_with(DELFT, phase="bloei")))


def test_every_term_has_a_dutch_label_and_explanation():
    for vocabulary in (model.TYPES, model.PHASES, model.PRODUCT_CHAINS, model.SCOPES):
        for slug, term in vocabulary.items():
            assert term.slug == slug
            assert term.label and term.explanation.endswith(".")
    assert model.label(model.TYPES, "engineering") == "Engineering"
    assert model.label(model.TYPES, "onbekend") == "onbekend"


def test_feature_builder_default_is_valid():
    assert model.validate_feature(feature(), 0) == []


def test_a_file_read_again_validates_only_the_hotspots_that_changed(monkeypatch):
    """A save changes one hotspot: reading the new file runs the schema on that one, not on all
    (a valid hotspot is remembered by its content); a hotspot made invalid is still rejected and named."""
    model._valid_text.cache_clear()
    checked: list[str] = []
    validate = model.validate_feature

    def counting(feature, index):
        checked.append(feature["properties"]["id"])
        return validate(feature, index)

    monkeypatch.setattr(model, "validate_feature", counting)
    document = collection(*SAMPLE)
    valid, problems = model.validate_collection(document)
    assert (len(valid), problems) == (len(SAMPLE), [])
    assert sorted(checked) == sorted(f["properties"]["id"] for f in SAMPLE)

    checked.clear()
    changed = copy.deepcopy(document)
    changed["features"][1]["properties"]["place"] += " (gewijzigd)"
    valid, problems = model.validate_collection(changed)
    assert (len(valid), problems, checked) == (len(SAMPLE), [], [changed["features"][1]["properties"]["id"]])

    checked.clear()
    broken = copy.deepcopy(changed)
    broken["features"][2]["properties"]["phase"] = "onbekend"
    valid, problems = model.validate_collection(broken)
    broken_id = broken["features"][2]["properties"]["id"]
    assert len(valid) == len(SAMPLE) - 1 and [p.feature_id for p in problems] == [broken_id]
    assert checked == [broken_id, broken_id]  # once to learn it is not valid, once for its problems
