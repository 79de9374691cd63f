"""GeoJSON and GeoPackage exports: the table's columns, read back with geopandas and GDAL's ogrinfo."""

import json
import shutil
import subprocess

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from factories import SEED_001, collection, feature
from geopandas.testing import assert_geodataframe_equal, assert_geoseries_equal

from hotspots import export
from hotspots.io import frame_from_features

DELFT_LON_LAT = (4.3776, 51.9990)
HOSTILE_NAMES = ['=HYPERLINK("http://x","klik")', "+31 70 1234567", "@SUM(1+1)", "-2+3"]


@pytest.fixture
def rows(sample_frame):
    """The sample with distances to Delft, nearest first."""
    return export.table_rows(sample_frame, around=DELFT_LON_LAT)


def write_bytes(path, data: bytes):
    path.write_bytes(data)
    return path


def ogr_fields(path) -> list[tuple[str, str]]:
    """(name, type) of every field of the file's one layer, as GDAL's ``ogrinfo`` reads them."""
    ogrinfo = shutil.which("ogrinfo")
    assert ogrinfo, "GDAL's ogrinfo is missing: apt-get install gdal-bin (make test does)"
    out = subprocess.run([ogrinfo, "-so", "-al", "-ro", str(path)], capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Data axis to CRS axis mapping")) + 1
    fields = [line for line in lines[start:] if not line.startswith(("Geometry Column", "FID Column"))]
    return [tuple(line.rsplit(": ", 1)) for line in fields if ": " in line]


def table_headers(rows, columns=None) -> list[str]:
    table = export.table(rows)
    return [c for c in export.with_flags(columns or export.COLUMNS) if c in table.columns]


def test_geojson_is_rfc7946_in_wgs84_with_the_tables_columns_and_values(rows, tmp_path):
    data = export.to_geojson(rows)
    document = json.loads(data.decode("utf-8"))
    assert document["type"] == "FeatureCollection"
    assert "crs" not in document  # RFC 7946: always WGS 84, no crs member
    first = document["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [4.3776, 51.999]}  # longitude first
    table = export.table(rows)
    assert list(first["properties"]) == list(table.columns), "the table's headers, in its order"
    assert first["properties"] == {c: (v if isinstance(v, float) else str(v)) for c, v in table.iloc[0].items()}
    assert first["properties"]["Type: Engineering"] == "ja"
    assert first["properties"]["Productketen: Robotica"] == "ja"
    assert first["properties"]["Productketen: Waterstof"] == "nee"
    assert first["properties"]["Afstand (km)"] == 0.0

    back = gpd.read_file(write_bytes(tmp_path / "x.geojson", data))
    assert back.crs.to_epsg() == 4326
    assert list(back["id"]) == list(rows["id"])
    assert_geoseries_equal(back.geometry, rows.geometry.reset_index(drop=True), check_crs=False)


@pytest.mark.parametrize("make, ext", [(export.to_geopackage, "gpkg"), (export.to_geojson, "geojson")])
def test_gdal_reads_the_tables_columns_from_both_files(rows, tmp_path, make, ext):
    fields = ogr_fields(write_bytes(tmp_path / f"hotspots.{ext}", make(rows)))
    assert [name for name, _ in fields] == table_headers(rows)
    types = dict(fields)
    assert types["Afstand (km)"].startswith("Real") and types["Lengtegraad"].startswith("Real")
    assert types["Type: Engineering"].startswith("String")


def test_geo_files_hold_only_the_chosen_columns_with_their_ja_nee_columns(rows, tmp_path):
    chosen = ["Naam", "Type", "Afstand (km)"]
    document = json.loads(export.to_geojson(rows, chosen))
    assert list(document["features"][0]["properties"]) == [
        "Naam",
        "Type",
        "Type: Creatief-urbaan",
        "Type: Engineering",
        "Type: Wetenschapsgedreven",
        "Afstand (km)",
    ]
    path = write_bytes(tmp_path / "x.gpkg", export.to_geopackage(rows, ["Naam", "Lengtegraad"]))
    assert [name for name, _ in ogr_fields(path)] == ["Naam", "Lengtegraad"]
    with pytest.raises(ValueError, match="unknown columns"):
        export.to_geojson(rows, ["Name"])


def test_no_distance_property_without_a_selection(sample_frame):
    document = json.loads(export.to_geojson(export.table_rows(sample_frame)))
    assert all("Afstand (km)" not in f["properties"] for f in document["features"])


def test_geopackage_is_one_layer_in_epsg4326_with_the_tables_values(rows, tmp_path):
    path = write_bytes(tmp_path / "hotspots.gpkg", export.to_geopackage(rows))
    assert [name for name, _ in pyogrio.list_layers(path)] == ["hotspots"]
    layer = gpd.read_file(path, layer="hotspots")
    assert layer.crs.to_epsg() == 4326
    assert list(layer["id"]) == list(rows["id"])
    assert_geoseries_equal(layer.geometry, rows.geometry.reset_index(drop=True))
    table = export.table(rows)
    for column in table.columns:
        assert list(layer[column]) == list(table[column]), column
    delft = layer.iloc[0]
    assert delft["Type"] == "Engineering, Wetenschapsgedreven"
    assert delft["Bronnen"] == f"{SEED_001} §3.4"


def test_geopackage_and_geojson_agree(rows, tmp_path):
    from_gpkg = gpd.read_file(write_bytes(tmp_path / "x.gpkg", export.to_geopackage(rows)))
    from_geojson = gpd.read_file(write_bytes(tmp_path / "x.geojson", export.to_geojson(rows)))
    assert list(from_gpkg.columns) == list(from_geojson.columns)
    assert_geodataframe_equal(from_gpkg, from_geojson, check_dtype=False)


def test_hostile_names_stay_as_they_are_in_geojson_and_geopackage(tmp_path):
    features = [
        feature(f"kwaad-{i}", 4.3 + i / 10, 52.0, name=name, focus="\rRegel") for i, name in enumerate(HOSTILE_NAMES)
    ]
    hostile = export.table_rows(frame_from_features(collection(*features)["features"]))
    document = json.loads(export.to_geojson(hostile))
    assert [f["properties"]["Naam"] for f in document["features"]] == list(hostile["name"])
    assert set(hostile["name"]) == set(HOSTILE_NAMES)
    layer = gpd.read_file(write_bytes(tmp_path / "x.gpkg", export.to_geopackage(hostile)))
    assert list(layer["Naam"]) == list(hostile["name"])
    assert set(layer["Focus"]) == {"\rRegel"}


@pytest.mark.parametrize("make", [export.to_geojson, export.to_geopackage], ids=["geojson", "gpkg"])
def test_an_empty_selection_never_becomes_an_empty_file(sample_frame, make):
    with pytest.raises(ValueError, match="no hotspots"):
        make(export.table_rows(sample_frame.iloc[0:0]))


def test_geo_exports_want_a_geodataframe(rows):
    with pytest.raises(TypeError, match="GeoDataFrame"):
        export.to_geojson(pd.DataFrame(rows))
