"""The edit core (hotspots/editing): ids, checks, field changes, the git-backed store, the lock, access."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from factories import DELFT, EINDHOVEN, LEIDEN, NOORDWIJK, collection, feature, write

from hotspots.editing import checks
from hotspots.editing.access import EditorRule
from hotspots.editing.diff import field_changes
from hotspots.editing.ids import new_id, slug
from hotspots.editing.store import (
    FIRST_MESSAGE,
    Author,
    Busy,
    Conflict,
    DataStore,
    Invalid,
)
from hotspots.io import load_hotspots
from hotspots.livedata import LiveData

ROOT = Path(__file__).resolve().parent.parent
ANNE = Author("Anne de Vries", "anne@board.nl")
BOB = Author("Bob Jansen", "bob@board.nl")


@pytest.fixture
def store(tmp_path):
    seed = write(tmp_path / "shipped.geojson", collection(LEIDEN, DELFT, NOORDWIJK, EINDHOVEN))
    return DataStore(tmp_path / "gegevens", seed_file=seed, lock_timeout=2)


def props(store, fid, commit=None):
    return store.hotspot(fid, commit)["properties"]


def with_props(base, **changes):
    new = json.loads(json.dumps(base))
    new["properties"].update(changes)
    return new


def edit(store, fid, *, author=ANNE, reason="x", base=None, **changes):
    """Save hotspot ``fid`` with ``changes`` to its properties, from ``base`` (the current version by default)."""
    return store.save(
        author=author,
        reason=reason,
        base=base or store.head(),
        hotspot_id=fid,
        feature=with_props(store.hotspot(fid), **changes),
    )


# -- ids ----------------------------------------------------------------------


def test_id_from_name_is_a_slug_without_accents():
    assert slug("Leiden Bio Science Park") == "leiden-bio-science-park"
    assert slug("Zoë's Café & Co.") == "zoes-cafe-co"
    assert new_id("BioTech Campus Delft", []) == "biotech-campus-delft"


def test_id_is_unique_and_never_empty():
    assert new_id("RoboValley", ["robovalley", "robovalley-2"]) == "robovalley-3"
    assert new_id("مركز الابتكار", []) == "hotspot"  # a right-to-left name without Latin letters
    assert len(new_id("x " * 5000, [])) <= 60


def test_id_stays_when_the_name_changes(store):
    base = store.head()
    renamed = with_props(store.hotspot("leiden"), name="Leiden BioScience Park")
    store.save(author=ANNE, reason="Naam gecorrigeerd", base=base, hotspot_id="leiden", feature=renamed)
    assert props(store, "leiden")["name"] == "Leiden BioScience Park"
    moved_id = with_props(store.hotspot("leiden"), id="leiden-bioscience-park")
    with pytest.raises(Invalid) as error:
        store.save(author=ANNE, reason="x", base=store.head(), hotspot_id="leiden", feature=moved_id)
    assert "id" in error.value.problems


# -- checks ---------------------------------------------------------------------


def form(**overrides):
    values = dict(
        hotspot_id="biotech-campus-delft",
        name="BioTech Campus Delft",
        place="Delft",
        province="Zuid-Holland",
        scope="zuid-holland",
        types=["wetenschapsgedreven"],
        phase="groei",
        product_chains=[],
        digitaal_verbinden=False,
        anchors=["TU Delft", "  "],
        focus="Biotechnologie.\r\nTweede regel.",
        sources=[{"seed": "003_35ad4f9a39bf573e.txt", "section": "Actielijn 4"}, {"seed": "", "section": ""}],
        estimated=["phase", "location"],
        lon=4.3849,
        lat=51.9926,
    )
    values.update(overrides)
    return checks.build_feature(**values)


def test_a_valid_form_gives_a_clean_feature_and_no_problems():
    built = form()
    assert built["properties"]["anchors"] == ["TU Delft"]
    assert built["properties"]["sources"] == [{"seed": "003_35ad4f9a39bf573e.txt", "section": "Actielijn 4"}]
    assert built["properties"]["focus"] == "Biotechnologie.\nTweede regel."
    assert checks.check_feature(built, ["leiden"]) == {}


def test_problems_are_named_per_field_in_dutch():
    problems = checks.check_feature(form(name=" ", phase="bloei", types=[], sources=[]), [])
    assert problems["name"] == ["mag niet leeg zijn"]
    assert problems["phase"] == ['onbekende waarde "bloei"; kies uit opkomst, groei, consolidatie, transitie']
    assert problems["types"] == ["mag niet leeg zijn"]
    assert problems["sources"] == ["mag niet leeg zijn"]
    assert set(problems) == {"name", "phase", "types", "sources"}


def test_a_point_outside_the_netherlands_is_refused():
    # Antwerp and Aachen lie inside the schema's rectangle but outside the country.
    for lon, lat in [(4.40, 51.22), (6.08, 50.78)]:
        problems = checks.check_feature(form(lon=lon, lat=lat), [])
        assert list(problems) == ["location"]
        assert "ligt buiten Nederland" in problems["location"][0]
    assert "location" in checks.check_feature(form(lon=2.35, lat=48.86), [])  # Paris: the schema's bounds
    # Coastal and border places count: Den Helder, Vaals, Cadzand.
    for lon, lat in [(4.7597, 52.9563), (6.0186, 50.7708), (3.3870, 51.3720)]:
        assert checks.check_feature(form(lon=lon, lat=lat), []) == {}


def test_long_names_control_characters_and_bidi_overrides_are_refused():
    problems = checks.check_feature(form(name="A" * 10_000), [])
    assert problems == {"name": ["is te lang: 10000 tekens, hoogstens 150"]}
    assert "stuurteken (U+0007)" in checks.check_feature(form(place="Del\x07ft"), [])["place"][0]
    assert "leesrichting" in checks.check_feature(form(name="abc\u202edcba"), [])["name"][0]
    # Right-to-left letters themselves, and HTML, are stored as they are (and shown as text).
    assert checks.check_feature(form(name="مركز الابتكار <script>alert(1)</script>"), []) == {}


def test_id_must_be_unique():
    assert checks.check_feature(form(hotspot_id="leiden"), ["leiden"])["id"] == [
        "id 'leiden' is al in gebruik bij een andere hotspot"
    ]


def test_reason_is_required():
    assert checks.check_reason("  ") == "vul in waarom je dit wijzigt; dat komt in de geschiedenis"
    assert checks.check_reason("Fase volgens jaarverslag 2026") is None


# -- field changes ------------------------------------------------------------------


def test_field_changes_read_as_dutch_lines():
    old = feature("x", 4.48, 52.16, phase="opkomst", product_chains=["waterstof"], digitaal_verbinden=False)
    new = feature("x", 4.50, 52.17, phase="groei", product_chains=["waterstof", "robotica"], digitaal_verbinden=True)
    assert field_changes(old, new) == [
        "Fase: Opkomst → Groei",
        "Productketens: Waterstof → Waterstof, Robotica",
        "Digitaal Verbinden: niet besproken → besproken",
        "Locatie: 52.1600 N, 4.4800 O → 52.1700 N, 4.5000 O",
    ]
    assert field_changes(None, new) == ["Toegevoegd"]
    assert field_changes(old, None) == ["Verwijderd"]
    assert field_changes(old, old) == []


# -- store: first commit, saves, history -------------------------------------------


def test_first_use_makes_a_repository_whose_first_commit_is_the_shipped_file(store, tmp_path):
    shipped = (tmp_path / "shipped.geojson").read_bytes()
    (first,) = store.history()
    assert first.reason == FIRST_MESSAGE
    assert first.parent is None
    assert store.path.read_bytes() == shipped
    assert (store.folder / ".git").is_dir()
    # Readable by plain git too.
    log = subprocess.run(["git", "-C", str(store.folder), "log", "--format=%an|%s"], capture_output=True, text=True)
    assert log.stdout.strip() == f"Hotspotkaart|{FIRST_MESSAGE}"


def test_change_a_phase_with_a_reason_is_a_commit_by_the_editor(store):
    base = store.head()
    edited = with_props(store.hotspot("noordwijk"), phase="groei")
    saved = store.save(
        author=ANNE, reason="Jaarverslag 2026: groeit", base=base, hotspot_id="noordwijk", feature=edited
    )
    assert saved.lines == ("Fase: Opkomst → Groei",)
    assert props(store, "noordwijk")["phase"] == "groei"
    assert load_hotspots(store.path).frame.set_index("id").loc["noordwijk", "phase"] == "groei"
    latest, first = store.history()
    assert (latest.author, latest.email, latest.reason) == (
        "Anne de Vries",
        "anne@board.nl",
        "Jaarverslag 2026: groeit",
    )
    assert [(h.hotspot_id, h.lines) for h in latest.hotspots] == [("noordwijk", ("Fase: Opkomst → Groei",))]
    assert first.reason == FIRST_MESSAGE
    log = subprocess.run(
        ["git", "-C", str(store.folder), "log", "-1", "--format=%an <%ae>|%s"], capture_output=True, text=True
    )
    assert log.stdout.strip() == "Anne de Vries <anne@board.nl>|Jaarverslag 2026: groeit"
    status = subprocess.run(["git", "-C", str(store.folder), "status", "--porcelain"], capture_output=True, text=True)
    assert status.stdout == ""  # the work tree, the index and the commit agree


def test_add_and_remove(store):
    added = form()
    store.save(author=ANNE, reason="Genoemd in het webinar", base=store.head(), feature=added)
    assert [f["properties"]["id"] for f in store.document()["features"]][-1] == "biotech-campus-delft"
    assert store.history("biotech-campus-delft")[0].hotspots[0].lines == ("Toegevoegd",)
    store.save(author=BOB, reason="Dubbel", base=store.head(), hotspot_id="biotech-campus-delft", feature=None)
    assert store.hotspot("biotech-campus-delft") is None
    removal, addition = store.history("biotech-campus-delft")
    assert (removal.author, removal.hotspots[0].lines) == ("Bob Jansen", ("Verwijderd",))
    # It stays in the history: the version before the removal still has it.
    assert store.hotspot("biotech-campus-delft", removal.parent)["properties"]["name"] == "BioTech Campus Delft"


def test_adding_beyond_the_files_cap_is_refused(store, monkeypatch):
    from hotspots import model

    monkeypatch.setattr(model, "MAX_HOTSPOTS", 4)  # the store holds four
    with pytest.raises(Invalid) as error:
        store.save(author=ANNE, reason="Eén te veel", base=store.head(), feature=form())
    assert error.value.problems == {
        "hotspot": ["het bestand heeft al 4 hotspots, het meeste dat de kaart toont; verwijder er eerst een"]
    }
    # A change of one of the four is still fine.
    edit(store, "delft", place="Delft-Zuid")
    assert len(store.document()["features"]) == 4


def test_invalid_edit_writes_nothing(store):
    head = store.head()
    before = store.path.read_bytes()
    bad = with_props(store.hotspot("leiden"), phase="bloei", name="")
    with pytest.raises(Invalid) as error:
        store.save(author=ANNE, reason="test", base=head, hotspot_id="leiden", feature=bad)
    assert set(error.value.problems) == {"phase", "name"}
    with pytest.raises(Invalid) as error:
        store.save(author=ANNE, reason=" ", base=head, hotspot_id="leiden", feature=store.hotspot("leiden"))
    assert set(error.value.problems) == {"reason"}
    assert store.path.read_bytes() == before
    assert store.head() == head


def test_saving_without_a_change_is_refused(store):
    with pytest.raises(Invalid, match="niets gewijzigd"):
        store.save(author=ANNE, reason="x", base=store.head(), hotspot_id="leiden", feature=store.hotspot("leiden"))


def test_a_hotspots_history_looks_through_a_bounded_number_of_versions(store):
    edit(store, "leiden", place="Oegstgeest", reason="Leiden")
    for place in ("Delft-Zuid", "Delft-Noord", "Delft"):
        edit(store, "delft", place=place, reason=place, author=BOB)
    assert [c.reason for c in store.history("leiden")] == ["Leiden", FIRST_MESSAGE]
    assert [c.reason for c in store.history("leiden", scan=4)] == ["Leiden"]
    assert store.history("leiden", scan=3) == []  # the three newest versions did not touch it
    assert len(store.history(scan=2)) == 2


# -- restore ---------------------------------------------------------------------


def test_restore_a_hotspot_is_a_new_commit(store):
    first = store.head()
    edit(store, "noordwijk", phase="groei", reason="groei", base=first)
    edit(store, "delft", name="RoboHouse", reason="naam", author=BOB)
    saved = store.restore_hotspot("noordwijk", first, author=BOB, reason="Herstel: fase was juist")
    assert saved.lines == ("Fase: Groei → Opkomst",)
    assert props(store, "noordwijk")["phase"] == "opkomst"
    assert props(store, "delft")["name"] == "RoboHouse"  # other hotspots keep their changes
    assert len(store.history()) == 4  # nothing rewritten


def test_restore_a_removed_hotspot_and_the_whole_file(store):
    first = store.head()
    store.save(author=ANNE, reason="weg", base=first, hotspot_id="leiden", feature=None)
    store.restore_hotspot("leiden", first, author=ANNE, reason="toch terug")
    assert store.hotspot("leiden") == json.loads((store.folder.parent / "shipped.geojson").read_text())["features"][0]
    store.save(author=ANNE, reason="x", base=store.head(), feature=form())
    saved = store.restore_file(first, author=BOB, reason="Alles terug naar de eerste versie")
    assert store.document() == store.document(first)
    assert saved.commit == store.head()
    assert [c.reason for c in store.history()][:2] == ["Alles terug naar de eerste versie", "x"]


# -- conflicts -------------------------------------------------------------------


def test_saving_a_hotspot_someone_else_changed_is_a_conflict_with_both_versions(store):
    started = store.head()
    mine = with_props(store.hotspot("noordwijk"), phase="consolidatie")
    theirs = with_props(store.hotspot("noordwijk"), phase="groei")
    store.save(author=BOB, reason="Bob eerst", base=started, hotspot_id="noordwijk", feature=theirs)
    with pytest.raises(Conflict) as error:
        store.save(author=ANNE, reason="Anne later", base=started, hotspot_id="noordwijk", feature=mine)
    conflict = error.value
    assert conflict.theirs["properties"]["phase"] == "groei"
    assert conflict.mine["properties"]["phase"] == "consolidatie"
    assert conflict.their_change.author == "Bob Jansen"
    assert props(store, "noordwijk")["phase"] == "groei"  # nothing overwritten
    # Choosing mine: save again from the version the conflict showed.
    store.save(author=ANNE, reason="Anne later", base=conflict.head, hotspot_id="noordwijk", feature=mine)
    assert props(store, "noordwijk")["phase"] == "consolidatie"


def test_an_edit_of_another_hotspot_is_not_a_conflict(store):
    started = store.head()
    edit(store, "delft", place="Delft-Zuid", reason="b", author=BOB, base=started)
    edit(store, "leiden", place="Oegstgeest", reason="a", base=started)
    assert (props(store, "delft")["place"], props(store, "leiden")["place"]) == ("Delft-Zuid", "Oegstgeest")


def test_a_removal_after_someone_changed_it_is_a_conflict(store):
    started = store.head()
    edit(store, "delft", place="X", reason="b", author=BOB, base=started)
    with pytest.raises(Conflict) as error:
        store.save(author=ANNE, reason="a", base=started, hotspot_id="delft", feature=None)
    assert error.value.mine is None and error.value.theirs["properties"]["place"] == "X"


# -- the file and its readers -----------------------------------------------------------


def test_a_change_made_by_hand_is_committed_before_the_next_save(store):
    document = store.document()
    document["features"][0]["properties"]["place"] = "Met de hand"
    store.path.write_text(json.dumps(document), encoding="utf-8")
    edit(store, "delft", place="Y", reason="a")
    mine, by_hand, _ = store.history()
    assert by_hand.author == "Hotspotkaart"
    assert by_hand.hotspots[0].lines == ("Plaats: Leiden → Met de hand",)
    assert props(store, "leiden")["place"] == "Met de hand"


def test_live_data_of_a_running_app_sees_the_saved_version(store):
    live = LiveData(store.path)
    store.ensure()
    assert live.current().result.frame.set_index("id").loc["noordwijk", "phase"] == "opkomst"
    edit(store, "noordwijk", phase="groei", reason="g")
    assert live.current().result.frame.set_index("id").loc["noordwijk", "phase"] == "groei"


def test_the_write_is_atomic_a_failed_write_leaves_the_old_file(store, monkeypatch):
    store.ensure()
    before = store.path.read_bytes()

    def broken_replace(src, dst):
        raise OSError("schijf vol")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        store.save(author=ANNE, reason="x", base=store.head(), feature=form())
    assert store.path.read_bytes() == before
    assert [p.name for p in store.folder.iterdir() if p.name.endswith(".tmp")] == []


# -- the lock ---------------------------------------------------------------------


def test_saves_wait_for_each_other_across_processes(store):
    store.ensure()
    code = (
        "import sys, time; from hotspots.editing.store import DataStore; "
        f"lock = DataStore({str(store.folder)!r}).locked(); lock.__enter__(); "
        "print('held', flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "held"  # the other process holds the lock now
        head = store.head()
        store.lock_timeout = 0.3
        with pytest.raises(Busy, match="Een andere wijziging wordt nog opgeslagen"):
            store.save(author=ANNE, reason="x", base=head, feature=form())
        assert store.head() == head  # nothing written while the other held it
    finally:
        holder.kill()
        holder.wait()
    store.lock_timeout = 5
    store.save(author=ANNE, reason="daarna", base=store.head(), feature=form())
    assert store.history()[0].reason == "daarna"


def test_a_lock_left_by_a_crashed_process_does_not_block(store):
    store.ensure()
    code = (
        "import os, sys; from hotspots.editing.store import DataStore; "
        f"lock = DataStore({str(store.folder)!r}).locked(); lock.__enter__(); "
        f"open({str(store.folder / 'git-lock')!r}, 'w').close(); "
        # a commit interrupted half-way leaves git's own lock file too
        f"open({str(store.folder / '.git' / 'index.lock')!r}, 'w').close(); "
        "print('held', flush=True); os.kill(os.getpid(), 9)"
    )
    crashed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert crashed.returncode == -signal.SIGKILL and crashed.stdout.strip() == "held"
    store.lock_timeout = 2
    store.save(author=ANNE, reason="na de crash", base=store.head(), feature=form())
    assert store.history()[0].reason == "na de crash"


# -- access -----------------------------------------------------------------------


def test_editor_rule():
    rule = EditorRule.from_config({"editors": ["An@Board.nl", "geen-adres"], "domains": ["@innovationquarter.nl"]})
    assert rule.allows("an@board.nl")
    assert rule.allows("Piet@InnovationQuarter.nl")
    assert not rule.allows("piet@board.nl")
    assert not rule.allows("an@board.nl.evil.com")
    assert not rule.allows("an@board.nl", verified=False)
    assert not rule.allows(None)
    assert not rule.allows("")
    assert EditorRule.from_config(None).empty
    assert not EditorRule.from_config(None).allows("an@board.nl")


def test_the_app_reads_the_data_folder_when_it_is_configured(tmp_path, monkeypatch):
    from hotspots.editing.store import prepare_data_folder
    from hotspots.io import DEFAULT_DATA_PATH, data_path

    monkeypatch.delenv("HOTSPOTS_DATA", raising=False)
    monkeypatch.delenv("HOTSPOTS_DATA_DIR", raising=False)
    assert data_path() == DEFAULT_DATA_PATH and prepare_data_folder() is None
    monkeypatch.setenv("HOTSPOTS_DATA_DIR", str(tmp_path / "gegevens"))
    assert data_path() == tmp_path / "gegevens" / "hotspots.geojson"
    store = prepare_data_folder()
    # Made from the shipped file, which itself is never written.
    assert store.path.read_bytes() == DEFAULT_DATA_PATH.read_bytes()
    assert [c.reason for c in store.history()] == [FIRST_MESSAGE]
    monkeypatch.setenv("HOTSPOTS_DATA", str(tmp_path / "ander.geojson"))  # an explicit file still wins
    assert data_path() == tmp_path / "ander.geojson"
