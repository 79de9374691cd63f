"""Two editors on ``make serve WORKERS=2`` (scripts/serve.sh: HAProxy + two Streamlit processes) save one hotspot.

Both processes share one data folder (``HOTSPOTS_DATA_DIR``) and one secrets file
(``STREAMLIT_SECRETS_FILES``, which supervisord passes on to every process) whose
``[auth]`` points at oidc-provider-mock on loopback, with the redirect through the
proxy's port. Chromium logs both editors in through the provider.
"""

from __future__ import annotations

import re
import signal

import pytest
from beheer_helpers import ANNE, TIMEOUT, choose_hotspot, choose_option, fill_committed, login, write_secrets
from factories import DELFT, EINDHOVEN, LEIDEN, NOORDWIJK, collection, write
from oidc_provider_mock import User, run_server_in_thread
from playwright.sync_api import expect
from test_serve import _require_haproxy, server_of, start_serve

from harness import free_port
from hotspots.editing.store import DataStore

BRAM = User(sub="bram", claims={"email": "bram@board.nl", "name": "Bram Jansen", "email_verified": True})


@pytest.fixture(scope="module")
def served_beheer(tmp_path_factory):
    """(proxy URL, data store, Served): two processes on one data folder, editing switched on."""
    _require_haproxy()
    folder = tmp_path_factory.mktemp("beheer-serve")
    seed = write(folder / "shipped.geojson", collection(LEIDEN, DELFT, NOORDWIJK, EINDHOVEN))
    store = DataStore(folder / "gegevens", seed_file=seed)
    store.ensure()
    port = free_port()
    with run_server_in_thread(port=0, user_claims=[ANNE, BRAM]) as provider:
        secrets = write_secrets(
            folder / "secrets.toml",
            app_port=port,
            provider_url=f"http://localhost:{provider.server_port}",
            editors=["anne@board.nl", "bram@board.nl"],
        )
        env = {
            "HOTSPOTS_DATA": str(store.path),
            "HOTSPOTS_DATA_DIR": str(store.folder),
            "STREAMLIT_SECRETS_FILES": str(secrets),
        }
        served = start_serve(folder / "run", 2, port=port, env=env)
        try:
            yield served.url, store, served
        finally:
            served.stop(signal.SIGTERM)


def test_two_editors_on_two_processes_save_one_hotspot(browser, served_beheer):
    """Anne and Bram (each on their own Streamlit process) change the same hotspot's phase.

    Anne saves first. Bram's form started from the version before hers, so his save
    shows the conflict screen with both versions, and Anne's change stays in the file
    and in the history. Bram then keeps his own version: it is saved as a new commit
    on top of Anne's, so the history holds both, nothing overwritten.
    """
    url, store, served = served_beheer
    first = browser.new_context(viewport={"width": 1600, "height": 900}, locale="nl-NL")
    second = browser.new_context(viewport={"width": 1600, "height": 900}, locale="nl-NL")
    try:
        anne = first.new_page()
        login(anne, url, ANNE)
        expect(anne.get_by_text("Ingelogd als")).to_contain_text("Anne de Vries", timeout=TIMEOUT)
        # Anne's websocket stays open on her process, so HAProxy ("balance leastconn") sends Bram to the other.
        bram = second.new_page()
        login(bram, url, BRAM)
        expect(bram.get_by_text("Ingelogd als")).to_contain_text("Bram Jansen", timeout=TIMEOUT)
        anne_server, bram_server = server_of(anne), server_of(bram)
        assert {anne_server, bram_server} == {"w1", "w2"}, (anne_server, bram_server)
        before = served.requests_per_server()

        # Both open the same hotspot, at the same version.
        for page, phase in ((anne, "Groei"), (bram, "Consolidatie")):
            choose_hotspot(page, "NL Space Campus")
            expect(page.get_by_role("heading", name="NL Space Campus")).to_be_visible(timeout=TIMEOUT)
            choose_option(page, "Fase", phase)

        fill_committed(anne.get_by_label(re.compile("^Waarom")), "Jaarverslag 2026: de campus groeit")
        anne.get_by_role("button", name="Opslaan").click()
        expect(anne.get_by_text("Opgeslagen: Fase: Opkomst → Groei")).to_be_visible(timeout=TIMEOUT)
        annes = store.history()[0]
        assert (annes.author, annes.reason) == ("Anne de Vries", "Jaarverslag 2026: de campus groeit")

        fill_committed(bram.get_by_label(re.compile("^Waarom")), "Volgens de provincie volwassen")
        bram.get_by_role("button", name="Opslaan").click()
        expect(bram.get_by_text("Iemand anders heeft deze hotspot gewijzigd")).to_be_visible(timeout=TIMEOUT)
        expect(bram.get_by_text("Gewijzigd door Anne de Vries")).to_contain_text("Jaarverslag 2026: de campus groeit")
        # Both versions: his change against hers, and hers as it is now.
        expect(bram.get_by_text("Fase: Groei → Consolidatie")).to_be_visible()
        expect(bram.get_by_text("fase Groei")).to_be_visible()
        expect(bram.get_by_role("button", name="Mijn versie opslaan")).to_be_visible()
        expect(bram.get_by_role("button", name="Huidige versie houden")).to_be_visible()
        # Nothing was overwritten: Anne's version is the file and the newest commit.
        assert store.hotspot("noordwijk")["properties"]["phase"] == "groei"
        assert store.history()[0].commit == annes.commit

        bram.get_by_role("button", name="Mijn versie opslaan").click()
        expect(bram.get_by_text("Opgeslagen: Fase: Groei → Consolidatie")).to_be_visible(timeout=TIMEOUT)
        assert store.hotspot("noordwijk")["properties"]["phase"] == "consolidatie"
        brams, previous = store.history()[:2]
        assert (brams.author, brams.reason) == ("Bram Jansen", "Volgens de provincie volwassen")
        assert previous.commit == annes.commit  # Anne's save is still in the history, under Bram's
        assert store.hotspot("noordwijk", commit=annes.commit)["properties"]["phase"] == "groei"

        # The saves really came through both processes: each got requests from its own editor.
        after = served.requests_per_server()
        assert all(after[name] > before[name] for name in ("w1", "w2")), (before, after)
    finally:
        first.close()
        second.close()
