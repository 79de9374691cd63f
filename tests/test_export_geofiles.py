"""GeoJSON and GeoPackage exports: round trips through geopandas and the app's own loader."""

import json

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from factories import SEED_001, collection, feature
from geopandas.testing import assert_geodataframe_equal, assert_geoseries_equal

from hotspots import export
from hotspots.io import frame_from_features, load_hotspots

DELFT_LON_LAT = (4.3776, 51.9990)
HOSTILE_NAMES = ['=HYPERLINK("http://x","klik")', "+31 70 1234567", "@SUM(1+1)", "-2+3"]
# The properties with one plain value each, the same in both files.
SCALARS = ["id", "name", "place", "province", "scope", "phase", "phase_label", "digitaal_verbinden", "focus"]


@pytest.fixture
def rows(sample_frame):
    """The sample with distances to Delft, nearest first."""
    return export.table_rows(sample_frame, around=DELFT_LON_LAT)


def write_bytes(path, data: bytes):
    path.write_bytes(data)
    return path


def test_geojson_is_rfc7946_in_wgs84_with_every_property(rows, tmp_path):
    data = export.to_geojson(rows)
    document = json.loads(data.decode("utf-8"))
    assert document["type"] == "FeatureCollection"
    assert "crs" not in document  # RFC 7946: always WGS 84, no crs member
    first = document["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [4.3776, 51.999]}  # longitude first
    assert first["properties"] == {
        "id": "delft",
        "name": "RoboValley",
        "place": "Delft",
        "province": "Zuid-Holland",
        "scope": "zuid-holland",
        "types": ["engineering", "wetenschapsgedreven"],
        "type_labels": ["Engineering", "Wetenschapsgedreven"],
        "phase": "groei",
        "phase_label": "Groei",
        "product_chains": ["robotica"],
        "product_chain_labels": ["Robotica"],
        "digitaal_verbinden": True,
        "anchors": ["TU Delft"],
        "focus": "Een voorbeeldhotspot voor de tests.",
        "sources": [{"seed": SEED_001, "section": "§3.4"}],
        "estimated": ["phase", "location"],
        "distance_km": 0.0,
    }

    back = gpd.read_file(write_bytes(tmp_path / "x.geojson", data))
    assert back.crs.to_epsg() == 4326
    assert list(back["id"]) == list(rows["id"])
    assert_geoseries_equal(back.geometry, rows.geometry.reset_index(drop=True), check_crs=False)


def test_geojson_with_every_column_is_a_valid_data_file_again(sample_frame, tmp_path):
    rows = export.table_rows(sample_frame)
    result = load_hotspots(write_bytes(tmp_path / "again.geojson", export.to_geojson(rows)))
    assert result.problems == []
    expected = rows.reset_index(drop=True)
    assert_geodataframe_equal(result.frame, expected[result.frame.columns])


def test_geo_files_hold_only_the_chosen_columns(rows, tmp_path):
    document = json.loads(export.to_geojson(rows, ["Naam", "Fase", "Afstand (km)"]))
    assert list(document["features"][0]["properties"]) == ["name", "phase", "phase_label", "distance_km"]
    layer = gpd.read_file(write_bytes(tmp_path / "x.gpkg", export.to_geopackage(rows, ["Naam", "Lengtegraad"])))
    assert list(layer.columns) == ["name", "geometry"]
    with pytest.raises(ValueError, match="unknown columns"):
        export.to_geojson(rows, ["Name"])


def test_no_distance_property_without_a_selection(sample_frame):
    document = json.loads(export.to_geojson(export.table_rows(sample_frame)))
    assert all("distance_km" not in f["properties"] for f in document["features"])


def test_geopackage_is_one_layer_in_epsg4326_with_lists_as_text(rows, tmp_path):
    path = write_bytes(tmp_path / "hotspots.gpkg", export.to_geopackage(rows))
    assert [name for name, _ in pyogrio.list_layers(path)] == ["hotspots"]
    layer = gpd.read_file(path, layer="hotspots")
    assert layer.crs.to_epsg() == 4326
    assert list(layer["id"]) == list(rows["id"])
    assert_geoseries_equal(layer.geometry, rows.geometry.reset_index(drop=True))
    delft = layer.iloc[0]
    assert delft["types"] == "engineering; wetenschapsgedreven"
    assert delft["type_labels"] == "Engineering; Wetenschapsgedreven"
    assert delft["sources"] == f"{SEED_001} §3.4"
    assert delft["estimated"] == "phase; location"
    assert layer["digitaal_verbinden"].dtype == bool
    assert layer["digitaal_verbinden"].tolist() == rows["digitaal_verbinden"].tolist()
    assert layer["distance_km"].tolist() == [round(d, 1) for d in rows["distance_km"]]


def test_geopackage_and_geojson_agree(rows, tmp_path):
    from_gpkg = gpd.read_file(write_bytes(tmp_path / "x.gpkg", export.to_geopackage(rows)))
    from_geojson = gpd.read_file(write_bytes(tmp_path / "x.geojson", export.to_geojson(rows)))
    columns = [*SCALARS, "distance_km", "geometry"]
    assert_geodataframe_equal(from_gpkg[columns], from_geojson[columns], check_dtype=False)


def test_hostile_names_stay_as_they_are_in_geojson_and_geopackage(tmp_path):
    features = [
        feature(f"kwaad-{i}", 4.3 + i / 10, 52.0, name=name, focus="\rRegel") for i, name in enumerate(HOSTILE_NAMES)
    ]
    hostile = export.table_rows(frame_from_features(collection(*features)["features"]))
    document = json.loads(export.to_geojson(hostile))
    assert [f["properties"]["name"] for f in document["features"]] == list(hostile["name"])
    assert set(hostile["name"]) == set(HOSTILE_NAMES)
    layer = gpd.read_file(write_bytes(tmp_path / "x.gpkg", export.to_geopackage(hostile)))
    assert list(layer["name"]) == list(hostile["name"])
    assert set(layer["focus"]) == {"\rRegel"}


@pytest.mark.parametrize("make", [export.to_geojson, export.to_geopackage], ids=["geojson", "gpkg"])
def test_an_empty_selection_never_becomes_an_empty_file(sample_frame, make):
    with pytest.raises(ValueError, match="no hotspots"):
        make(export.table_rows(sample_frame.iloc[0:0]))


def test_geo_exports_want_a_geodataframe(rows):
    with pytest.raises(TypeError, match="GeoDataFrame"):
        export.to_geojson(pd.DataFrame(rows))
