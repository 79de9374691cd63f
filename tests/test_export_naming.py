"""Export file names: what they hold, bounded and safe everywhere; MIME types."""

import datetime as dt

import pytest

from hotspots import export
from hotspots.filters import FilterState
from hotspots.viewstate import ViewState

DAY = dt.date(2025, 3, 14)


def test_file_name_says_what_it_holds():
    assert export.export_filename(ViewState(), "csv", DAY) == "hotspots_alle_2025-03-14.csv"
    view = ViewState(
        filters=FilterState(scopes=frozenset({"zuid-holland"}), phases=frozenset({"groei"})), hotspot="delft"
    )
    assert export.export_filename(view, "xlsx", DAY) == "hotspots_zh_groei_2025-03-14.xlsx"
    assert (
        export.export_filename(view, "xlsx", DAY, within_radius=True)
        == "hotspots_zh_groei_rond-delft-80km_2025-03-14.xlsx"
    )
    assert (
        export.export_filename(ViewState(hotspot="delft", radius_km=120), "gpkg", DAY, within_radius=True)
        == "hotspots_rond-delft-120km_2025-03-14.gpkg"
    )
    assert export.export_filename(ViewState(), "excel-nl.csv", DAY) == "hotspots_alle_2025-03-14.excel-nl.csv"


def test_file_name_is_bounded_and_safe_everywhere():
    view = ViewState(
        filters=FilterState(
            scopes=frozenset({"zuid-holland"}),
            types=frozenset({"engineering", "creatief-urbaan"}),
            phases=frozenset({"opkomst", "groei", "consolidatie"}),
            chains=frozenset({"waterstof", "lasersatcom", "robotica", "3d-printen"}),
            digitaal_verbinden=True,
            query="<script>/..\\:*?",
        ),
        hotspot="een-heel-erg-lange-naam-van-een-hotspot-" * 4 + "x",
    )
    name = export.export_filename(view, "geojson", DAY, within_radius=True)
    stem = name.removeprefix("hotspots_").removesuffix("_2025-03-14.geojson")
    assert 0 < len(stem) <= export.MAX_SUMMARY_LENGTH
    assert stem[0].isalnum()
    assert stem[-1].isalnum()
    assert all(ch.isascii() and (ch.isalnum() or ch in "-_.") for ch in name)
    assert len(name) < 100


@pytest.mark.parametrize("ext", ["", "../csv", "CSV", "csv;rm", ".csv"])
def test_file_name_rejects_odd_extensions(ext):
    with pytest.raises(ValueError, match="ext"):
        export.export_filename(ViewState(), ext, DAY)


def test_file_name_wants_a_date():
    with pytest.raises(TypeError, match="date"):
        export.export_filename(ViewState(), "csv", "2025-03-14")


def test_every_download_has_a_mime_type():
    assert set(export.MIME_TYPES) == {"csv", "xlsx", "geojson", "gpkg"}
    assert export.MIME_TYPES["gpkg"] == "application/geopackage+sqlite3"
