from hotspots.describe import FACT_LABELS, facts, place_text
from hotspots.glossary import TYPES_TOPIC
from hotspots.sources import REFERENCES, SEED_TITLES


def test_facts_label_values_and_estimates(sample_frame):
    row = sample_frame.iloc[0].to_dict()
    row.update(
        types=["engineering", "wetenschapsgedreven"],
        phase="transitie",
        product_chains=["waterstof", "3d-printen"],
        digitaal_verbinden=False,
        anchors=["TU Delft", "TNO"],
        estimated=["types", "product_chains"],
    )
    described = facts(row)
    assert [f.label for f in described] == list(FACT_LABELS)
    assert [f.text() for f in described] == [
        "Engineering, Wetenschapsgedreven (inschatting)",
        "Transitie",
        "Waterstof, 3D-printen (inschatting)",
        "niet besproken",
        "TU Delft; TNO",
    ]


def test_facts_without_chains_or_anchors(sample_frame):
    row = sample_frame.iloc[0].to_dict()
    row.update(product_chains=[], anchors=[], estimated=[])
    by_label = {f.label: f for f in facts(row)}
    assert by_label["Productketens"].value == "geen"
    assert by_label["Ankers"].value == "—"
    assert not any(f.estimated for f in by_label.values())


def test_place_text(sample_frame):
    row = sample_frame.iloc[0]
    assert place_text(row) == f"{row['place']}, {row['province']}"


def test_every_seed_has_a_full_reference():
    assert set(SEED_TITLES) == set(REFERENCES)
    for ref in REFERENCES.values():
        assert ref.full.startswith(ref.title + ". ")
        assert ref.full.endswith(ref.year if ref.year.endswith(".") else f"{ref.year}.")  # "z.j." gets no second stop
        assert ref.publisher


def test_topic_help_names_every_term():
    help_text = TYPES_TOPIC.help()
    assert [label for label, _ in TYPES_TOPIC.rows()] == ["Creatief-urbaan", "Engineering", "Wetenschapsgedreven"]
    for label, explanation in TYPES_TOPIC.rows():
        assert f"{label}: {explanation}" in help_text


def test_references_end_in_one_full_stop_and_citations_name_no_file():
    from hotspots.model import source_label
    from hotspots.sources import citation

    for ref in REFERENCES.values():
        assert ref.full.endswith(".") and not ref.full.endswith(".."), ref.full
        label = source_label({"seed": ref.seed, "section": "§1"})
        assert label == f"{ref.title} ({ref.publisher}, {ref.year}), §1"
        assert ".txt" not in label
    assert ".txt" not in citation("999_onbekend.txt", "§2")
