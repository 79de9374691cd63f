"""The export's rows and table: order (the one shared with the map), Dutch headers, the described facts."""

import geopandas.testing
import pandas as pd
import pytest
from factories import SEED_001, collection, feature

from hotspots import export, geo
from hotspots.describe import FACT_LABELS, facts
from hotspots.io import frame_from_features

DELFT_LON_LAT = (4.3776, 51.9990)
ALL_HEADERS = [
    "Naam", "Plaats", "Provincie", "Schaal",
    "Type", "Type: Creatief-urbaan", "Type: Engineering", "Type: Wetenschapsgedreven",
    "Fase",
    "Productketens", "Productketen: Waterstof", "Productketen: LaserSatCom", "Productketen: Robotica",
    "Productketen: 3D-printen",
    "Digitaal Verbinden", "Ankers", "Focus", "Bronnen", "Inschattingen", "Lengtegraad", "Breedtegraad", "id",
]  # fmt: skip


def frame_of(*features):
    return frame_from_features(collection(*features)["features"])


@pytest.fixture
def ties():
    """Three hotspots at one spot ("Beta", "alpha", "Alpha"), and one 50 km away to measure from."""
    return frame_of(
        feature("beta", 4.4, 52.1, name="Beta"),
        feature("alpha-2", 4.4, 52.1, name="Alpha"),
        feature("alpha", 4.4, 52.1, name="alpha"),
        feature("centre", 5.1, 52.1, name="Centrum"),
    )


# --- the rows ---------------------------------------------------------------


def test_rows_are_sorted_by_name_without_a_selection(sample_frame):
    rows = export.table_rows(sample_frame)
    assert list(rows["name"]) == sorted(sample_frame["name"], key=str.casefold)
    assert "distance_km" not in rows.columns


def test_rows_around_a_hotspot_are_nearest_first_and_can_stop_at_the_radius(sample_frame):
    rows = export.table_rows(sample_frame, around=DELFT_LON_LAT)
    assert list(rows["id"]) == ["delft", "leiden", "noordwijk", "eindhoven", "leeuwarden"]
    assert rows["distance_km"].iloc[0] == pytest.approx(0.0)
    assert rows["distance_km"].iloc[1] == pytest.approx(19.9, abs=0.1)  # Leiden Bio Science Park
    within = export.table_rows(sample_frame, around=DELFT_LON_LAT, within_km=80)
    assert list(within["id"]) == ["delft", "leiden", "noordwijk"]


def test_rows_around_a_point_are_the_maps_order(sample_frame):
    rows = export.table_rows(sample_frame, around=DELFT_LON_LAT, within_km=120)
    geopandas.testing.assert_geodataframe_equal(rows, geo.by_distance(sample_frame, *DELFT_LON_LAT, within_km=120))
    # and, without the centre itself, the map's list of nearby hotspots
    near = geo.hotspots_within(sample_frame, "delft", 120)
    geopandas.testing.assert_geodataframe_equal(rows[rows["id"] != "delft"], near)


def test_ties_sort_by_case_folded_name_then_id_with_and_without_a_distance(ties):
    by_name = export.table_rows(ties)
    assert list(by_name["id"]) == ["alpha", "alpha-2", "beta", "centre"]
    around = export.table_rows(ties, around=(5.1, 52.1))
    assert list(around["id"]) == ["centre", "alpha", "alpha-2", "beta"]
    assert around["distance_km"].iloc[1:].nunique() == 1, "the three share one distance"
    assert list(geo.hotspots_within(ties, "centre", 80)["id"]) == ["alpha", "alpha-2", "beta"]


def test_rows_reject_nonsense(sample_frame):
    with pytest.raises(ValueError, match="around"):
        export.table_rows(sample_frame, within_km=80)
    with pytest.raises(ValueError, match="positive"):
        export.table_rows(sample_frame, around=DELFT_LON_LAT, within_km=0)
    with pytest.raises(TypeError, match="list"):
        export.table_rows([1, 2])


# --- the table --------------------------------------------------------------


def test_table_has_dutch_headers_labels_and_ja_nee_columns_without_estimate_marks(sample_frame):
    table = export.table(export.table_rows(sample_frame))
    assert list(table.columns) == ALL_HEADERS
    delft = table[table["id"] == "delft"].reset_index(drop=True)
    expected = pd.DataFrame(
        {
            "Naam": ["RoboValley"],
            "Plaats": ["Delft"],
            "Provincie": ["Zuid-Holland"],
            "Schaal": ["Zuid-Holland"],
            "Type": ["Engineering, Wetenschapsgedreven"],
            "Type: Creatief-urbaan": ["nee"],
            "Type: Engineering": ["ja"],
            "Type: Wetenschapsgedreven": ["ja"],
            "Fase": ["Groei"],  # an estimate (the factory marks phase and location), said in Inschattingen
            "Productketens": ["Robotica"],
            "Productketen: Waterstof": ["nee"],
            "Productketen: LaserSatCom": ["nee"],
            "Productketen: Robotica": ["ja"],
            "Productketen: 3D-printen": ["nee"],
            "Digitaal Verbinden": ["besproken"],
            "Ankers": ["TU Delft"],
            "Focus": ["Een voorbeeldhotspot voor de tests."],
            "Bronnen": [f"{SEED_001} §3.4"],
            "Inschattingen": ["fase, locatie"],
            "Lengtegraad": [4.3776],
            "Breedtegraad": [51.999],
            "id": ["delft"],
        }
    ).astype({"Lengtegraad": float, "Breedtegraad": float})
    pd.testing.assert_frame_equal(delft, expected, check_dtype=False)
    by_id = table.set_index("id")
    assert by_id.loc["leiden", "Ankers"] == "LUMC; Universiteit Leiden"
    assert by_id.loc["leiden", "Productketens"] == "geen"
    assert by_id.loc["leiden", "Digitaal Verbinden"] == "niet besproken"
    assert by_id.loc["noordwijk", "Fase"] == "Opkomst"  # not an estimate there
    assert by_id.loc["noordwijk", "Inschattingen"] == "locatie"
    assert not table.map(lambda v: "inschatting" in str(v)).any().any(), "no value carries an estimate mark"


def test_a_filter_on_a_ja_nee_column_gives_exactly_the_hotspots_of_that_value(sample_frame):
    table = export.table(export.table_rows(sample_frame)).set_index("id")
    for column, slug in export.TYPE_FLAGS.items():
        expected = {r["id"] for _, r in sample_frame.iterrows() if slug in r["types"]}
        assert set(table.index[table[column] == "ja"]) == expected, column
        assert set(table.index[table[column] == "nee"]) == set(sample_frame["id"]) - expected, column
    for column, slug in export.CHAIN_FLAGS.items():
        expected = {r["id"] for _, r in sample_frame.iterrows() if slug in r["product_chains"]}
        assert set(table.index[table[column] == "ja"]) == expected, column
    for phase in set(sample_frame["phase"]):
        label = {"opkomst": "Opkomst", "groei": "Groei", "consolidatie": "Consolidatie", "transitie": "Transitie"}[
            phase
        ]
        assert set(table.index[table["Fase"] == label]) == set(sample_frame.loc[sample_frame["phase"] == phase, "id"])
    # exact, for the sample: Leiden is the only one without engineering
    assert set(table.index[table["Type: Engineering"] == "ja"]) == {"delft", "noordwijk", "eindhoven", "leeuwarden"}
    assert set(table.index[table["Type: Wetenschapsgedreven"] == "ja"]) == {"leiden", "delft", "leeuwarden"}
    assert set(table.index[table["Type: Creatief-urbaan"] == "ja"]) == set()
    assert set(table.index[table["Fase"] == "Groei"]) == {"leiden", "delft", "leeuwarden"}


def test_flag_columns_come_with_their_parent():
    assert export.with_flags(["Naam", "Productketens", "id"]) == [
        "Naam",
        "Productketens",
        "Productketen: Waterstof",
        "Productketen: LaserSatCom",
        "Productketen: Robotica",
        "Productketen: 3D-printen",
        "id",
    ]
    assert export.with_flags(export.COLUMNS)[5:9] == [
        "Type",
        "Type: Creatief-urbaan",
        "Type: Engineering",
        "Type: Wetenschapsgedreven",
    ]
    assert export.with_flags(["Fase"]) == ["Fase"]


def test_table_cells_are_the_described_facts(sample_frame):
    rows = export.table_rows(sample_frame)
    table = export.table(rows)
    assert list(FACT_LABELS) == [export.TYPE, export.PHASE, export.CHAINS, export.DV, export.ANCHORS]
    for (_, record), (_, row) in zip(rows.iterrows(), table.iterrows(), strict=True):
        assert [row[label] for label in FACT_LABELS] == [fact.value for fact in facts(record)]


def test_table_lists_estimated_types_and_chains_and_joins_several_sources():
    hotspot = feature(
        "x",
        types=["engineering"],
        product_chains=[],
        anchors=[],
        estimated=["types", "product_chains"],
        sources=[
            {"seed": SEED_001, "section": "§3.2"},
            {"seed": "003_35ad4f9a39bf573e.txt", "section": "tabel"},
        ],
    )
    row = export.table(frame_of(hotspot)).iloc[0]
    assert row["Type"] == "Engineering"
    assert row["Type: Engineering"] == "ja"
    assert row["Productketens"] == "geen"
    assert [row[c] for c in export.CHAIN_FLAGS] == ["nee"] * 4
    assert row["Fase"] == "Groei"
    assert row["Ankers"] == "—"
    assert row["Bronnen"] == f"{SEED_001} §3.2; 003_35ad4f9a39bf573e.txt tabel"
    assert row["Inschattingen"] == "type, productketens"


def test_table_has_a_rounded_distance_column_after_the_place(sample_frame):
    rows = export.table_rows(sample_frame, around=DELFT_LON_LAT)
    table = export.table(rows)
    assert list(table.columns[:3]) == ["Naam", "Plaats", "Afstand (km)"]
    assert list(table["Afstand (km)"]) == [round(d, 1) for d in rows["distance_km"]]
    assert table["Afstand (km)"].dtype == float
    assert export.available_columns(table) == list(export.COLUMNS)
    assert export.available_columns(table[["id", "Naam"]]) == ["Naam", "id"]


def test_table_of_no_hotspots_is_empty_with_its_headers(sample_frame):
    table = export.table(export.table_rows(sample_frame.iloc[0:0]))
    assert table.empty
    assert list(table.columns) == ALL_HEADERS
