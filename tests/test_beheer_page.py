"""AppTests of the Beheer page: without [auth], logged out, as an editor, as someone not on the list."""

from pathlib import Path

import pytest
from factories import DELFT, EINDHOVEN, LEIDEN, NOORDWIJK, collection, write

from hotspots.editing.store import DataStore

ROOT = Path(__file__).resolve().parent.parent
PAGE = "app_pages/beheer.py"
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret",
    "client_id": "hotspotkaart",
    "client_secret": "geheim",
    "server_metadata_url": "http://localhost:9999/.well-known/openid-configuration",
}
ANNE = {"is_logged_in": True, "email": "anne@board.nl", "name": "Anne de Vries", "email_verified": True}
PIET = {"is_logged_in": True, "email": "piet@elders.nl", "name": "Piet"}


@pytest.fixture
def store(tmp_path):
    seed = write(tmp_path / "shipped.geojson", collection(LEIDEN, DELFT, NOORDWIJK, EINDHOVEN))
    store = DataStore(tmp_path / "gegevens", seed_file=seed)
    store.ensure()
    return store


@pytest.fixture
def beheer(monkeypatch, store):
    from streamlit.testing.v1 import AppTest

    def make(user=None, auth=True, editors=("anne@board.nl",), data_dir=True):
        monkeypatch.setenv("HOTSPOTS_DATA", str(store.path))
        if data_dir:
            monkeypatch.setenv("HOTSPOTS_DATA_DIR", str(store.folder))
        else:
            monkeypatch.delenv("HOTSPOTS_DATA_DIR", raising=False)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        if auth:
            at.secrets["auth"] = AUTH
            at.secrets["beheer"] = {"editors": list(editors)}
        at.user = user if user is not None else ({"is_logged_in": False} if auth else {})
        at.run()
        at.switch_page(PAGE).run()
        assert not at.exception, at.exception
        return at

    return make


def texts(at) -> str:
    parts = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "header"):
        parts += [str(e.value) for e in at.main.get(kind)]
    return "\n".join(parts).replace("\\", "").replace("\u2060", "")  # Markdown escapes (ui.text.md)


def button(at, label):
    (found,) = [b for b in at.button if b.label == label]
    return found


def test_without_auth_the_page_explains_how_to_switch_editing_on(beheer, store):
    at = beheer(auth=False)
    assert "Bewerken staat uit" in at.info[0].value
    assert "[auth]" in at.info[0].value and "HOTSPOTS_DATA_DIR" in at.info[0].value
    assert not at.text_input and not at.button and not at.selectbox
    assert len(store.history()) == 1


def test_logged_out_visitor_sees_only_the_login_button(beheer):
    at = beheer()
    assert [b.label for b in at.button] == ["Inloggen"]
    assert not at.text_input and not at.selectbox and not at.number_input


def test_someone_not_on_the_list_sees_no_editing_controls(beheer):
    at = beheer(user=PIET)
    warning = at.warning[0].value.replace("\\", "").replace("\u2060", "")  # as ui.text.md escapes it
    assert "piet@elders.nl" in warning and "niet op de lijst van redacteuren" in warning
    assert [b.label for b in at.button] == ["Uitloggen"]
    assert not at.text_input and not at.selectbox


def test_an_unverified_address_is_not_an_editor(beheer):
    at = beheer(user={**ANNE, "email_verified": False})
    assert "niet op de lijst van redacteuren" in at.warning[0].value


def test_a_domain_admits_its_addresses(monkeypatch, beheer):
    at = beheer(user=PIET, editors=())
    assert at.warning  # not yet
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["auth"] = AUTH
    at.secrets["beheer"] = {"domains": ["elders.nl"]}
    at.user = PIET
    at.run()
    at.switch_page(PAGE).run()
    assert not at.warning and at.selectbox(key="bh_select")


def test_no_data_folder_means_no_editing(beheer):
    at = beheer(user=ANNE, data_dir=False)
    assert "geen gegevensmap" in at.warning[0].value
    assert not at.text_input


def choose(at, hotspot_id):
    at.selectbox(key="bh_select").set_value(hotspot_id).run()
    assert not at.exception, at.exception


def field(at, suffix):
    (widget,) = [
        w
        for kind in ("text_input", "text_area", "selectbox", "number_input", "multiselect")
        for w in at.get(kind)
        if w.key and w.key.endswith("_" + suffix)
    ]
    return widget


def test_editor_changes_a_phase_with_a_reason(beheer, store):
    at = beheer(user=ANNE)
    choose(at, "noordwijk")
    assert field(at, "name").value == "NL Space Campus"
    field(at, "phase").set_value("groei")
    field(at, "reason").set_value("Jaarverslag 2026")
    button(at, "Opslaan").click().run()
    assert not at.exception
    assert "Opgeslagen: Fase: Opkomst → Groei" in texts(at)
    assert store.hotspot("noordwijk")["properties"]["phase"] == "groei"
    latest = store.history()[0]
    assert (latest.author, latest.email, latest.reason) == ("Anne de Vries", "anne@board.nl", "Jaarverslag 2026")
    # The hotspot's history shows the change with its author; the form starts from the new version.
    page = texts(at)
    assert "Anne de Vries" in page and "Fase: Opkomst → Groei" in page
    assert field(at, "phase").value == "groei"


def test_invalid_edit_names_the_field_and_keeps_what_was_typed(beheer, store):
    at = beheer(user=ANNE)
    choose(at, "leiden")
    field(at, "name").set_value("A" * 10_000)
    field(at, "lat").set_value(51.22)
    field(at, "lon").set_value(4.40)  # Antwerpen
    field(at, "reason").set_value("test")
    button(at, "Opslaan").click().run()
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any(e.startswith("Naam: is te lang: 10000 tekens") for e in errors)
    assert any("Locatie: " in e and "buiten Nederland" in e for e in errors)
    assert field(at, "name").value == "A" * 10_000 and field(at, "lat").value == 51.22
    assert len(store.history()) == 1


def test_control_and_direction_characters_are_refused_on_the_form_rtl_letters_are_kept(beheer, store):
    at = beheer(user=ANNE)
    choose(at, "leiden")
    field(at, "place").set_value("Lei\x07den")
    field(at, "name").set_value("Leiden \u202eBio")
    field(at, "reason").set_value("test")
    button(at, "Opslaan").click().run()
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any(e.startswith("Plaats: bevat een stuurteken (U+0007)") for e in errors)
    assert any(e.startswith("Naam: bevat een teken dat de leesrichting omdraait (U+202E)") for e in errors)
    assert len(store.history()) == 1
    # Right-to-left letters themselves are a name like any other: stored as typed.
    field(at, "place").set_value("Leiden")
    field(at, "name").set_value("مركز الابتكار Leiden")
    button(at, "Opslaan").click().run()
    assert store.hotspot("leiden")["properties"]["name"] == "مركز الابتكار Leiden"
    assert "مركز الابتكار Leiden" in texts(at)


def test_reason_is_required(beheer, store):
    at = beheer(user=ANNE)
    choose(at, "leiden")
    field(at, "place").set_value("Oegstgeest")
    button(at, "Opslaan").click().run()
    assert any("Waarom: vul in waarom" in e.value for e in at.error)
    assert store.hotspot("leiden")["properties"]["place"] == "Leiden"


def test_editor_adds_a_hotspot(beheer, store):
    at = beheer(user=ANNE)
    choose(at, "__nieuw__")
    field(at, "name").set_value("BioTech Campus Delft")
    field(at, "place").set_value("Delft")
    field(at, "types").set_value(["wetenschapsgedreven"])
    field(at, "focus").set_value("<script>alert('x')</script> biotechnologie")
    field(at, "section0").set_value("Actielijn 4")
    field(at, "lat").set_value(51.9926)
    field(at, "lon").set_value(4.3849)
    field(at, "reason").set_value("Genoemd in het webinar")
    button(at, "Toevoegen").click().run()
    assert not at.exception
    added = store.hotspot("biotech-campus-delft")
    assert added["properties"]["focus"] == "<script>alert('x')</script> biotechnologie"
    assert added["geometry"]["coordinates"] == [4.3849, 51.9926]
    assert at.selectbox(key="bh_select").value == "biotech-campus-delft"


def test_remove_needs_a_confirmation_and_can_be_undone(beheer, store):
    at = beheer(user=ANNE)
    choose(at, "delft")
    assert button(at, "Verwijderen").disabled
    field(at, "reason").set_value("Dubbel")
    [c for c in at.checkbox if c.label == "Ja, verwijder deze hotspot"][0].check().run()
    button(at, "Verwijderen").click().run()
    assert store.hotspot("delft") is None
    assert "Hotspot verwijderd" in at.success[0].value
    button(at, "Zet 'RoboValley' terug").click().run()  # no Markdown character in this name
    assert store.hotspot("delft")["properties"]["name"] == "RoboValley"
    assert store.history()[0].author == "Anne de Vries"


def test_restore_this_version(beheer, store):
    at = beheer(user=ANNE)
    choose(at, "noordwijk")
    field(at, "phase").set_value("transitie")
    field(at, "reason").set_value("Fout")
    button(at, "Opslaan").click().run()
    restore = [b for b in at.button if b.label == "Herstel deze versie"]
    assert len(restore) == 1  # the first version; the newest is the current one
    restore[0].click().run()
    assert store.hotspot("noordwijk")["properties"]["phase"] == "opkomst"
    assert "Hersteld: Fase: Transitie → Opkomst" in texts(at)
    assert store.history()[0].reason.startswith("Herstel van de versie van")
    assert len(store.history()) == 3


def test_a_stale_form_gets_the_conflict_screen(beheer, store):
    from hotspots.editing.store import Author

    at = beheer(user=ANNE)
    choose(at, "noordwijk")
    field(at, "phase").set_value("consolidatie")
    field(at, "reason").set_value("Anne")
    # Meanwhile someone else saves the same hotspot (another tab, process or editor).
    theirs = store.hotspot("noordwijk")
    theirs["properties"]["phase"] = "groei"
    store.save(
        author=Author("Bob", "bob@board.nl"),
        reason="Bob was eerder",
        base=store.head(),
        hotspot_id="noordwijk",
        feature=theirs,
    )
    button(at, "Opslaan").click().run()
    page = texts(at)
    assert "Iemand anders heeft deze hotspot gewijzigd" in page
    assert "Bob" in page and "Bob was eerder" in page
    assert "Fase: Groei → Consolidatie" in page  # what mine would change in theirs
    assert store.hotspot("noordwijk")["properties"]["phase"] == "groei"  # nothing overwritten
    button(at, "Mijn versie opslaan").click().run()
    assert store.hotspot("noordwijk")["properties"]["phase"] == "consolidatie"
    assert [c.author for c in store.history()[:2]] == ["Anne de Vries", "Bob"]


def test_the_save_checks_the_user_again(beheer, store):
    """A form drawn for an editor does not save once the session's user is no longer one."""
    at = beheer(user=ANNE)
    choose(at, "leiden")
    field(at, "place").set_value("Oegstgeest")
    field(at, "reason").set_value("x")
    at.user = PIET
    button(at, "Opslaan").click().run()
    assert store.hotspot("leiden")["properties"]["place"] == "Leiden"
    assert len(store.history()) == 1
