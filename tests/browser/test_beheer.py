"""The Beheer page in Chromium with a real OpenID Connect login (oidc-provider-mock on loopback).

The app's secrets point st.login at the provider; Chromium logs in through
its authorisation page. Anne is an editor, Piet is logged in but not on the list.
"""

from __future__ import annotations

import re

import pytest
from browser_helpers import map_frame
from factories import DELFT, EINDHOVEN, LEIDEN, NOORDWIJK, collection, write
from oidc_provider_mock import User, run_server_in_thread
from playwright.sync_api import expect
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from harness import free_port, start_streamlit
from hotspots.editing.store import DataStore

TIMEOUT = 30_000
#: A first view of a freshly started server runs every import; on a busy 2-core machine that took over 30 s.
FIRST_VIEW_TIMEOUT = 120_000
EDITOR = User(sub="anne", claims={"email": "anne@board.nl", "name": "Anne de Vries", "email_verified": True})
OUTSIDER = User(sub="piet", claims={"email": "piet@elders.nl", "name": "Piet Buiten", "email_verified": True})
SELECT_LABEL = re.compile(r"^Hotspot \(\d+\): typ om te zoeken")


@pytest.fixture(scope="module")
def oidc_url():
    with run_server_in_thread(port=0, user_claims=[EDITOR, OUTSIDER]) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def beheer_app(oidc_url, tmp_path_factory):
    """(app URL, data store): the app on a data folder of four hotspots, editing switched on."""
    folder = tmp_path_factory.mktemp("beheer")
    seed = write(folder / "shipped.geojson", collection(LEIDEN, DELFT, NOORDWIJK, EINDHOVEN))
    store = DataStore(folder / "gegevens", seed_file=seed)
    store.ensure()
    port = free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "een-lang-geheim-voor-de-test-0123456789"\n'
        'client_id = "hotspotkaart"\n'
        'client_secret = "geheim"\n'
        f'server_metadata_url = "{oidc_url}/.well-known/openid-configuration"\n'
        "[beheer]\n"
        'editors = ["anne@board.nl"]\n',
        encoding="utf-8",
    )
    server = start_streamlit(
        "app.py",
        env={"HOTSPOTS_DATA": str(store.path), "HOTSPOTS_DATA_DIR": str(store.folder)},
        options={"secrets.files": str(secrets)},
        log=folder / "streamlit.log",
        port=port,
    )
    try:
        yield server.url, store
    finally:
        server.stop()


def open_beheer(page, url: str) -> None:
    page.goto(f"{url}/beheer")
    expect(page.get_by_role("heading", name="Beheer", exact=True)).to_be_visible(timeout=FIRST_VIEW_TIMEOUT)


def login(page, url: str, user: User) -> None:
    open_beheer(page, url)
    page.get_by_role("button", name="Inloggen").click(timeout=TIMEOUT)
    # The provider's own page: choose the user (a real authorisation code flow follows).
    page.get_by_role("button", name=user.sub, exact=True).click(timeout=TIMEOUT)
    page.wait_for_url(re.compile(re.escape(url)), timeout=TIMEOUT)
    open_beheer(page, url)


def choose_hotspot(page, text: str) -> None:
    box = page.get_by_label(SELECT_LABEL)
    box.click()
    box.fill(text)
    page.get_by_role("option", name=re.compile(re.escape(text))).first.click()


def choose_option(page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_a_logged_out_visitor_sees_only_the_login(page, beheer_app):
    url, store = beheer_app
    open_beheer(page, url)
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("button", name="Opslaan")).to_have_count(0)
    expect(page.get_by_label(SELECT_LABEL)).to_have_count(0)


def test_someone_not_on_the_list_cannot_edit(page, beheer_app):
    url, store = beheer_app
    login(page, url, OUTSIDER)
    expect(page.get_by_text("niet op de lijst van redacteuren")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_label(SELECT_LABEL)).to_have_count(0)
    expect(page.get_by_role("button", name="Opslaan")).to_have_count(0)


def test_change_a_phase_see_it_in_the_history_and_restore_it(page, beheer_app):
    url, store = beheer_app
    login(page, url, EDITOR)
    expect(page.get_by_text("Ingelogd als")).to_contain_text("Anne de Vries", timeout=TIMEOUT)
    choose_hotspot(page, "NL Space Campus")
    choose_option(page, "Fase", "Groei")
    page.get_by_label(re.compile("^Waarom")).fill("Jaarverslag 2026: de campus groeit")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Opgeslagen: Fase: Opkomst → Groei")).to_be_visible(timeout=TIMEOUT)
    newest = page.locator(".st-key-bh_history_0")  # the hotspot's history, newest first
    expect(newest).to_contain_text("Jaarverslag 2026: de campus groeit")
    expect(newest).to_contain_text("Anne de Vries")
    expect(newest).to_contain_text("Fase: Opkomst → Groei")
    latest = store.history()[0]
    assert (latest.author, latest.email, latest.reason) == (
        "Anne de Vries",
        "anne@board.nl",
        "Jaarverslag 2026: de campus groeit",
    )

    page.get_by_role("button", name="Herstel deze versie").first.click()
    expect(page.get_by_text("Hersteld: Fase: Groei → Opkomst")).to_be_visible(timeout=TIMEOUT)
    assert store.hotspot("noordwijk")["properties"]["phase"] == "opkomst"
    assert store.history()[0].author == "Anne de Vries"


def test_add_a_hotspot_by_clicking_the_map_and_see_it_in_another_session(page, browser, beheer_app):
    url, store = beheer_app
    login(page, url, EDITOR)
    choose_hotspot(page, "Nieuwe hotspot toevoegen")
    page.get_by_label("Naam", exact=True).fill("BioTech Campus Delft")
    page.get_by_label("Plaats", exact=True).fill("Delft")
    page.get_by_label("Type (één of twee)").click()
    page.get_by_role("option", name="Wetenschapsgedreven").click()
    page.keyboard.press("Escape")
    page.get_by_label("Focus", exact=True).fill("Biotechnologie rond de TU Delft.")
    page.get_by_label("Vindplaats van bron 1").fill("Actielijn 4: Samen sterker")
    latitude = page.get_by_label("Breedtegraad (N)")
    before = latitude.input_value()
    # Place the point with a click on the map, a little north-east of where it starts.
    frame = map_frame(page)
    box = frame.locator(".leaflet-container").first.bounding_box()
    frame.locator(".leaflet-container").first.click(position={"x": box["width"] / 2 + 25, "y": box["height"] / 2 - 40})
    expect(latitude).not_to_have_value(before, timeout=TIMEOUT)
    page.get_by_label(re.compile("^Waarom")).fill("Genoemd in het webinar (bron 003, Actielijn 4)")
    page.get_by_role("button", name="Toevoegen", exact=True).click()
    expect(page.get_by_text("Opgeslagen: Toegevoegd")).to_be_visible(timeout=TIMEOUT)
    added = store.hotspot("biotech-campus-delft")
    assert added is not None and added["geometry"]["coordinates"][1] > 52.0705

    other = browser.new_context(viewport={"width": 1600, "height": 900}, locale="nl-NL")
    try:
        viewer = other.new_page()
        viewer.goto(f"{url}/?hotspot=biotech-campus-delft")
        expect(viewer.get_by_role("heading", name="BioTech Campus Delft")).to_be_visible(timeout=FIRST_VIEW_TIMEOUT)
        expect(map_frame(viewer).locator('svg[data-hotspot="biotech-campus-delft"]').first).to_be_attached(
            timeout=TIMEOUT
        )
    finally:
        other.close()


def _save_frame(frames: list[bytes]) -> bytes:
    """The BackMsg of the click on "Opslaan": a rerun whose widget states fire the save button's trigger."""
    for data in reversed(frames):
        back = BackMsg()
        back.ParseFromString(data)
        if back.WhichOneof("type") != "rerun_script":
            continue
        if any(w.id.endswith("_save") and w.trigger_value for w in back.rerun_script.widget_states.widgets):
            return data
    raise AssertionError(f"no save click among {len(frames)} frames")


def _session_id(frames: list[bytes]) -> str:
    """The session id the server gave the editor's browser (it sends it back to resume after a reconnect)."""
    for data in frames:
        msg = ForwardMsg()
        msg.ParseFromString(data)
        if msg.WhichOneof("type") == "new_session" and msg.new_session.initialize.session_id:
            return msg.new_session.initialize.session_id
    raise AssertionError("no new_session message")


def _replay(url: str, cookies: dict[str, str], frame: bytes, session_id: str | None) -> bytes:
    """Send ``frame`` over a websocket of the user the cookies belong to; return what the server sent back.

    Connects the way Streamlit's own frontend does (subprotocols "streamlit", the XSRF
    cookie as token, optionally a session id to resume), so the server reads the user
    from the signed login cookie. Reads until the run the frame started has finished.
    """
    protocols = ["streamlit", cookies.get("_streamlit_xsrf", ""), *([session_id] if session_id else [])]
    received = []
    with connect(
        url.replace("http://", "ws://") + "/_stcore/stream",
        subprotocols=protocols,  # type: ignore[arg-type]
        origin=url,  # type: ignore[arg-type]
        additional_headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
        open_timeout=TIMEOUT / 1000,
    ) as ws:
        ws.send(frame)
        while True:
            data = ws.recv(timeout=TIMEOUT / 1000)  # waits for the next message; TimeoutError if none comes
            assert isinstance(data, bytes)
            received.append(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            if msg.WhichOneof("type") == "script_finished":
                return b"".join(received)


def test_a_replayed_save_without_the_right_user_changes_nothing(page, browser, beheer_app):
    """The editor's real save message, sent again by a non-editor and by a logged-out visitor: nothing is saved.

    The frame is the exact websocket BackMsg Chromium sent when the editor clicked
    "Opslaan" (its widget ids come from the widgets' keys, so they are the same in
    every session). It is replayed byte for byte over a websocket carrying the other
    person's cookies: once in a fresh session, and once with the editor's own session
    id (what a stolen id would try: resume the session in which the form was drawn).
    Streamlit binds a session to the user who opened it, so the resume gives the other
    person a fresh session; a fresh session never drew the form, so no save callback
    runs there, and the save itself checks the editor list on the server
    (``ui.editors.current_editor``; its AppTests cover a user who stops being an
    editor mid-session). Each replayed run is checked to have run as that person (the
    page it drew), and the data file and its git history stay exactly as they were.
    """
    url, store = beheer_app
    sent: list[bytes] = []
    received: list[bytes] = []

    def watch(ws) -> None:
        if ws.url.endswith("/_stcore/stream"):
            ws.on("framesent", lambda data: isinstance(data, bytes) and sent.append(data))
            ws.on("framereceived", lambda data: isinstance(data, bytes) and received.append(data))

    page.on("websocket", watch)
    login(page, url, EDITOR)
    choose_hotspot(page, "Leiden Bio Science Park")
    choose_option(page, "Fase", "Consolidatie")
    page.get_by_label(re.compile("^Waarom")).fill("Replay-test: eerste, echte opslag")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Opgeslagen: Fase:")).to_be_visible(timeout=TIMEOUT)
    frame = _save_frame(sent)
    editor_session = _session_id(received)
    before_file = store.path.read_bytes()
    before_history = [c.commit for c in store.history()]
    assert store.history()[0].reason == "Replay-test: eerste, echte opslag"

    outsider = browser.new_context(viewport={"width": 1600, "height": 900}, locale="nl-NL")
    visitor = browser.new_context(viewport={"width": 1600, "height": 900}, locale="nl-NL")
    try:
        login(outsider.new_page(), url, OUTSIDER)
        open_beheer(visitor.new_page(), url)  # gets the XSRF cookie, like any visitor
        for context, marker in ((outsider, "niet op de lijst van redacteuren"), (visitor, "Inloggen")):
            cookies = {c["name"]: c["value"] for c in context.cookies()}
            assert ("_streamlit_user" in cookies) == (context is outsider)
            for session_id in (None, editor_session):
                answer = _replay(url, cookies, frame, session_id)
                assert marker.encode() in answer  # the replayed run drew that person's page
                assert b"Opgeslagen" not in answer
                assert store.path.read_bytes() == before_file
                assert [c.commit for c in store.history()] == before_history
    finally:
        outsider.close()
        visitor.close()
