"""The Beheer page in Chromium with a real OpenID Connect login (oidc-provider-mock on loopback).

The app's secrets point st.login at the provider; Chromium logs in through
its authorisation page. Anne is an editor, Piet is logged in but not on the list.
"""

from __future__ import annotations

import re
import time
from contextlib import contextmanager

import pytest
from beheer_helpers import (
    ANNE,
    FIRST_VIEW_TIMEOUT,
    SELECT_LABEL,
    TIMEOUT,
    choose_hotspot,
    choose_option,
    fill_committed,
    login,
    open_beheer,
    type_point,
    wait_in_map,
    write_secrets,
)
from browser_helpers import keep_screens, map_frame, run_done, watch
from factories import DELFT, EINDHOVEN, LEIDEN, NOORDWIJK, collection, write
from oidc_provider_mock import User, run_server_in_thread
from playwright.sync_api import expect
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from harness import free_port, start_streamlit
from harness.client import run_identity
from hotspots.editing.store import DataStore

EDITOR = ANNE
OUTSIDER = User(sub="piet", claims={"email": "piet@elders.nl", "name": "Piet Buiten", "email_verified": True})


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
    secrets = write_secrets(folder / "secrets.toml", app_port=port, provider_url=oidc_url, editors=["anne@board.nl"])
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


@contextmanager
def other_session(browser):
    """A page in a browser of its own (another visitor: own cookies, own Streamlit session)."""
    context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="nl-NL")
    watch(context)
    try:
        yield context.new_page()
    except BaseException:
        keep_screens(context, "other-session")  # closed before the test's report is made
        raise
    finally:
        context.close()


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
    save_with_reason(page, "Jaarverslag 2026: de campus groeit")
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

    # The run after a save, when its message goes, keeps the form's fields as they are: were they
    # drawn anew, what the editor is typing at that moment would be lost (fields matched by place).
    run_done(page)
    reason = page.get_by_label(re.compile("^Waarom"))
    reason.evaluate("(field) => { field.dataset.before = 'yes'; }")
    choose_option(page, "Fase", "Consolidatie")
    expect(page.get_by_text("Opgeslagen: Fase: Opkomst → Groei")).to_have_count(0, timeout=TIMEOUT)
    run_done(page)
    assert reason.evaluate("(field) => field.dataset.before") == "yes"

    page.get_by_role("button", name="Herstel deze versie").first.click()
    expect(page.get_by_text("Hersteld: Fase: Groei → Opkomst")).to_be_visible(timeout=TIMEOUT)
    assert store.hotspot("noordwijk")["properties"]["phase"] == "opkomst"
    assert store.history()[0].author == "Anne de Vries"


#: The rings of the Beheer map (folium.Circle; the point itself is a CircleMarker): [lat, lon, radius in m], smallest first.
RINGS = """() => {
    const rings = [];
    window.map.eachLayer((layer) => {
        if (layer instanceof L.Circle) { const c = layer.getLatLng(); rings.push([c.lat, c.lng, layer.getRadius()]); }
    });
    return rings.sort((a, b) => a[2] - b[2]);
}"""
RINGS_AT = f"""([lat, lon]) => {{
    const rings = ({RINGS})();
    return rings.length === 2 && rings[0][2] === 80000 && rings[1][2] === 120000
        && rings.every((r) => Math.abs(r[0] - lat) < 1e-5 && Math.abs(r[1] - lon) < 1e-5);
}}"""


def point_of(page) -> tuple[float, float]:
    """(lat, lon) in the form's coordinate fields."""
    return (
        float(page.get_by_label("Breedtegraad (N)").input_value()),
        float(page.get_by_label("Lengtegraad (O)").input_value()),
    )


def click_map(page, dx: float, dy: float) -> tuple[float, float]:
    """Click the Beheer map ``dx``, ``dy`` pixels from its centre; the point moves there: its new (lat, lon)."""
    before = point_of(page)
    container = map_frame(page).locator(".leaflet-container").first
    box = container.bounding_box()
    container.click(position={"x": box["width"] / 2 + dx, "y": box["height"] / 2 + dy})
    expect(page.get_by_label("Breedtegraad (N)")).not_to_have_value(f"{before[0]:.5f}", timeout=TIMEOUT)
    return point_of(page)


def expect_rings_at(page, lat: float, lon: float) -> None:
    """The map shows the 80 and 120 km rings around (lat, lon) (and only those two)."""
    wait_in_map(page, RINGS_AT, [lat, lon])


def save_with_reason(page, reason: str, button: str = "Opslaan") -> None:
    """Type the reason, commit it, and save."""
    run_done(page)
    fill_committed(page.get_by_label(re.compile("^Waarom")), reason)
    run_done(page)
    page.get_by_role("button", name=button, exact=True).click()


def test_move_a_point_by_clicking_the_map_or_typing_and_not_out_of_the_country(page, beheer_app):
    """The point moves with a click on the map and with typed coordinates, its rings with it; abroad is refused."""
    url, store = beheer_app
    login(page, url, EDITOR)
    choose_hotspot(page, "RoboValley")
    start = tuple(reversed(store.hotspot("delft")["geometry"]["coordinates"]))
    expect(page.get_by_label("Breedtegraad (N)")).to_have_value(f"{start[0]:.5f}", timeout=TIMEOUT)
    expect(page.get_by_label("Lengtegraad (O)")).to_have_value(f"{start[1]:.5f}")
    expect_rings_at(page, *start)

    clicked = click_map(page, 60, -30)  # north-east of the point
    assert clicked[0] > start[0] and clicked[1] > start[1]
    expect_rings_at(page, *clicked)
    type_point(page, 52.01234, 4.35678)
    expect_rings_at(page, 52.01234, 4.35678)

    # Brussels: inside the schema's rectangle, outside the country.
    before, history = store.path.read_bytes(), len(store.history())
    type_point(page, 50.84670, 4.35250)
    expect_rings_at(page, 50.84670, 4.35250)
    save_with_reason(page, "Verhuisd naar Brussel")
    expect(page.get_by_text("ligt buiten Nederland; kies een plek in Nederland")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Niet opgeslagen: verbeter de velden met een melding")).to_be_visible()
    # The form keeps what was typed.
    expect(page.get_by_label("Breedtegraad (N)")).to_have_value("50.84670")
    expect(page.get_by_label("Lengtegraad (O)")).to_have_value("4.35250")
    expect(page.get_by_label(re.compile("^Waarom"))).to_have_value("Verhuisd naar Brussel")
    assert store.path.read_bytes() == before and len(store.history()) == history


def test_add_change_move_undo_and_see_who_did_what_and_why(page, browser, beheer_app):
    """The issue's "done when", end to end: add a missing hotspot (placed by a click on the map), see it in
    another session, change its phase, move it (typed coordinates), undo the move, and read who did what and why."""
    url, store = beheer_app
    login(page, url, EDITOR)
    choose_hotspot(page, "Nieuwe hotspot toevoegen")
    fill_committed(page.get_by_label("Naam", exact=True), "BioTech Campus Delft")
    fill_committed(page.get_by_label("Plaats", exact=True), "Delft")
    page.get_by_label("Type (één of twee)").click()
    page.get_by_role("option", name="Wetenschapsgedreven").click()
    page.keyboard.press("Escape")
    fill_committed(page.get_by_label("Focus", exact=True), "Biotechnologie rond de TU Delft.")
    fill_committed(page.get_by_label("Vindplaats van bron 1"), "Actielijn 4: Samen sterker")
    placed = click_map(page, 25, -40)  # a little north-east of where a new point starts (Den Haag)
    expect_rings_at(page, *placed)
    save_with_reason(page, "Genoemd in het webinar (bron 003, Actielijn 4)", "Toevoegen")
    expect(page.get_by_text("Opgeslagen: Toegevoegd")).to_be_visible(timeout=TIMEOUT)
    added = store.hotspot("biotech-campus-delft")
    assert added is not None and added["geometry"]["coordinates"] == [placed[1], placed[0]]
    assert added["properties"]["phase"] == "opkomst"

    with other_session(browser) as viewer:
        viewer.goto(f"{url}/?hotspot=biotech-campus-delft")
        expect(viewer.get_by_role("heading", name="BioTech Campus Delft")).to_be_visible(timeout=FIRST_VIEW_TIMEOUT)
        expect(map_frame(viewer).locator('svg[data-hotspot="biotech-campus-delft"]').first).to_be_attached(
            timeout=TIMEOUT
        )

    # The form stays on the new hotspot: change its phase.
    expect(page.get_by_role("heading", name="BioTech Campus Delft")).to_be_visible(timeout=TIMEOUT)
    choose_option(page, "Fase", "Groei")
    save_with_reason(page, "Jaarverslag 2026: de campus groeit")
    expect(page.get_by_text("Opgeslagen: Fase: Opkomst → Groei")).to_be_visible(timeout=TIMEOUT)

    # Move it by typing its coordinates.
    type_point(page, 51.99500, 4.37000)
    expect_rings_at(page, 51.995, 4.37)
    save_with_reason(page, "Adres gecorrigeerd")
    moved = f"Locatie: {placed[0]:.4f} N, {placed[1]:.4f} O → 51.9950 N, 4.3700 O"
    expect(page.get_by_text(f"Opgeslagen: {moved}")).to_be_visible(timeout=TIMEOUT)
    assert store.hotspot("biotech-campus-delft")["geometry"]["coordinates"] == [4.37, 51.995]

    # Undo the move: the version before it (the phase change, second in the hotspot's history).
    run_done(page)
    page.locator(".st-key-bh_history_1").get_by_role("button", name="Herstel deze versie").click()
    unmoved = f"Locatie: 51.9950 N, 4.3700 O → {placed[0]:.4f} N, {placed[1]:.4f} O"
    expect(page.get_by_text(f"Hersteld: {unmoved}")).to_be_visible(timeout=TIMEOUT)
    now = store.hotspot("biotech-campus-delft")
    assert now["geometry"]["coordinates"] == [placed[1], placed[0]] and now["properties"]["phase"] == "groei"

    # Who did what and why: the hotspot's history, newest first, each with author, reason and field changes.
    expected = [
        ("Herstel van de versie van", unmoved),
        ("Adres gecorrigeerd", moved),
        ("Jaarverslag 2026: de campus groeit", "Fase: Opkomst → Groei"),
        ("Genoemd in het webinar (bron 003, Actielijn 4)", "Toegevoegd"),
    ]
    for number, (reason, line) in enumerate(expected):
        entry = page.locator(f".st-key-bh_history_{number}")
        expect(entry).to_contain_text("Anne de Vries", timeout=TIMEOUT)
        expect(entry).to_contain_text(reason)
        expect(entry).to_contain_text(line)
    expect(page.locator(".st-key-bh_history_4")).to_have_count(0)
    reasons = [c.reason for c in store.history("biotech-campus-delft")]
    assert reasons[0].startswith("Herstel van de versie van ") and reasons[1:] == [reason for reason, _ in expected[1:]]
    assert {c.author for c in store.history("biotech-campus-delft")} == {"Anne de Vries"}

    # Another session's map shows the hotspot back where it was placed.
    with other_session(browser) as viewer:
        viewer.goto(f"{url}/?hotspot=biotech-campus-delft")
        expect(viewer.get_by_role("heading", name="BioTech Campus Delft")).to_be_visible(timeout=FIRST_VIEW_TIMEOUT)
        wait_in_map(
            viewer,
            """([lat, lon]) => { const m = window.hk && hk.marker("biotech-campus-delft");
                return !!m && Math.abs(m.getLatLng().lat - lat) < 1e-5 && Math.abs(m.getLatLng().lng - lon) < 1e-5; }""",
            list(placed),
        )


def test_remove_a_hotspot_with_a_confirmation_and_put_it_back(page, browser, beheer_app):
    """Removing needs a tick; the hotspot leaves another visitor's map (loaded again), stays in the
    history, and its *Zet terug* brings it back (on that map too)."""
    url, store = beheer_app
    shipped = store.hotspot("eindhoven")
    with other_session(browser) as viewer:
        viewer.goto(url)
        wait_in_map(viewer, "() => !!window.hk && hk.marker('eindhoven') !== null", timeout=FIRST_VIEW_TIMEOUT)

        login(page, url, EDITOR)
        choose_hotspot(page, "Brainport Eindhoven")
        run_done(page)
        fill_committed(page.get_by_label(re.compile("^Waarom")), "Dubbel: staat al als Brainport Industries")
        page.get_by_text("Hotspot verwijderen").click()
        remove = page.get_by_role("button", name="Verwijderen")
        expect(remove).to_be_disabled(timeout=TIMEOUT)  # not without the confirmation
        page.get_by_text("Ja, verwijder deze hotspot").click()
        expect(remove).to_be_enabled(timeout=TIMEOUT)
        remove.click()
        expect(page.get_by_text("Hotspot verwijderd.")).to_be_visible(timeout=TIMEOUT)
        assert store.hotspot("eindhoven") is None
        removal = store.history()[0]
        assert (removal.author, removal.reason, [(h.hotspot_id, h.lines) for h in removal.hotspots]) == (
            "Anne de Vries",
            "Dubbel: staat al als Brainport Industries",
            [("eindhoven", ("Verwijderd",))],
        )

        def viewer_map_has_it(present: bool) -> None:
            """The viewer's map, loaded again, follows the file."""
            viewer.reload()
            wait_in_map(
                viewer,
                f"() => !!window.hk && hk.marker('delft') !== null"
                f" && (hk.marker('eindhoven') !== null) === {str(present).lower()}",
                timeout=FIRST_VIEW_TIMEOUT,
            )

        viewer_map_has_it(present=False)

        # It stays in the history, with a button to put it back.
        run_done(page)
        page.get_by_role("tab", name="Alle wijzigingen").click()
        page.get_by_role("button", name="Zet 'Brainport Eindhoven' terug").click()
        expect(page.get_by_text("Hersteld: Toegevoegd")).to_be_visible(timeout=TIMEOUT)
        assert store.hotspot("eindhoven") == shipped
        assert store.history()[0].hotspots[0].lines == ("Toegevoegd",)
        assert store.hotspot("eindhoven", removal.parent) == shipped  # the version before the removal

        viewer_map_has_it(present=True)


#: In a viewer's map frame: the marker of ``id`` at (lat, lon).
MARKER_AT = """([id, lat, lon]) => { const m = window.hk && hk.marker(id);
    return !!m && Math.abs(m.getLatLng().lat - lat) < 1e-5 && Math.abs(m.getLatLng().lng - lon) < 1e-5; }"""


def _runs(frames: list[bytes]) -> tuple[int, int, int]:
    """(full script runs, fragment runs, elements sent by fragment runs) among ForwardMsgs: a run starts
    with a ``new_session`` message, a fragment's run names its fragment (harness.client.run_identity)."""
    full = ticks = drawn = 0
    in_fragment = False
    for data in frames:
        msg = ForwardMsg()
        msg.ParseFromString(data)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            in_fragment = bool(run_identity(msg)[1])
            full, ticks = full + (not in_fragment), ticks + in_fragment
        elif kind == "delta" and in_fragment and msg.delta.WhichOneof("type") == "new_element":
            drawn += 1
    return full, ticks, drawn


def test_a_save_shows_on_another_open_map_without_the_viewer_doing_anything(page, browser, beheer_app):
    """An open map follows a save by itself: its page looks at the data file every second (a fragment,
    ui/data.py ``watch``) and reruns only when it changed. While nothing changes the looks run no page
    (no full run, nothing drawn); after the editor's save the viewer's marker moves with no action."""
    url, store = beheer_app
    before = store.hotspot("noordwijk")["geometry"]["coordinates"]
    with other_session(browser) as viewer:
        frames: list[bytes] = []
        viewer.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(payload)))
        viewer.goto(f"{url}/?hotspot=noordwijk")
        expect(viewer.get_by_role("heading", name="NL Space Campus")).to_be_visible(timeout=FIRST_VIEW_TIMEOUT)
        wait_in_map(viewer, MARKER_AT, ["noordwijk", before[1], before[0]], FIRST_VIEW_TIMEOUT)
        viewer.get_by_role("slider", name="Straal (km)").wait_for(timeout=TIMEOUT)  # the first view's second run
        run_done(viewer)

        # Idle: the watch ticks, but no tick reruns the page or draws anything.
        idle = len(frames)
        deadline = time.monotonic() + TIMEOUT / 1000
        while _runs(frames[idle:])[1] < 3:  # wait for three looks at the file (frames arrive meanwhile)
            assert time.monotonic() < deadline, "the open page does not look at the data file by itself"
            viewer.wait_for_timeout(100)
        full, _, drawn = _runs(frames[idle:])
        assert (full, drawn) == (0, 0)

        login(page, url, EDITOR)
        choose_hotspot(page, "NL Space Campus")
        run_done(page)
        type_point(page, 52.25, 4.45)
        save_with_reason(page, "Locatie gecorrigeerd")
        expect(page.get_by_text("Opgeslagen: Locatie")).to_be_visible(timeout=TIMEOUT)
        assert store.hotspot("noordwijk")["geometry"]["coordinates"] == [4.45, 52.25]
        # The viewer did nothing: its map shows the move after one full run of its own.
        wait_in_map(viewer, MARKER_AT, ["noordwijk", 52.25, 4.45], TIMEOUT)
        assert _runs(frames[idle:])[0] >= 1


def _is_save(data: bytes) -> bool:
    """Whether a BackMsg is the click on "Opslaan": a rerun whose widget states fire the save button's trigger."""
    back = BackMsg()
    back.ParseFromString(data)
    return back.WhichOneof("type") == "rerun_script" and any(
        w.id.endswith("_save") and w.trigger_value for w in back.rerun_script.widget_states.widgets
    )


def _session_id(frames: list[bytes]) -> str:
    """The session id the server gave the browser last (it sends it back to resume after a reconnect).

    The last one: the page was loaded more than once (before and after the login), each load a session.
    """
    for data in reversed(frames):
        msg = ForwardMsg()
        msg.ParseFromString(data)
        if msg.WhichOneof("type") == "new_session" and msg.new_session.initialize.session_id:
            return msg.new_session.initialize.session_id
    raise AssertionError("no new_session message")


def _replay(url: str, cookies: dict[str, str], frame: bytes, session_id: str | None) -> bytes:
    """Send ``frame`` over a websocket of the user the cookies belong to; return what the server sent back.

    Connects the way Streamlit's own frontend does (subprotocols "streamlit", the XSRF
    cookie as token, optionally a session id to resume), so the server reads the user
    from the signed login cookie. Reads until the full run the frame started has finished.
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
            # (not a fragment's: the data watch's tick of a resumed session may finish first)
            if (
                msg.WhichOneof("type") == "script_finished"
                and msg.script_finished != ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
            ):
                return b"".join(received)


def test_a_replayed_save_saves_for_the_editor_only(page, browser, beheer_app):
    """The editor's real save message, replayed by a non-editor and a logged-out visitor, saves nothing;
    the same bytes replayed with the editor's own login and session do save (so the refusals mean something).

    Chromium's websocket is routed through Playwright: the frame Chromium sends when the
    editor clicks "Opslaan" is kept back, so the browser's click itself saves nothing.
    Its widget ids come from the widgets' keys, so they are the same in every session.
    It is replayed byte for byte over a websocket carrying another person's cookies: once
    in a fresh session, and once with the editor's own session id (what a stolen id would
    try: resume the session in which the form was drawn). Streamlit binds a session to
    the user who opened it, so the resume gives the other person a fresh session; a fresh
    session never drew the form, so no save callback runs there, and the save itself
    checks the editor list on the server (``ui.editors.current_editor``; its AppTests cover
    a user who stops being an editor mid-session). Each replayed run is checked to have
    run as that person (the page it drew), and the data file and its git history stay
    exactly as they were. Last, the editor's browser closes and the same frame is
    replayed with her cookies and her session id: that run saves, as Anne.
    """
    url, store = beheer_app
    held: list[bytes] = []
    received: list[bytes] = []

    def route(ws) -> None:
        server = ws.connect_to_server()

        def to_server(message) -> None:
            if isinstance(message, bytes) and _is_save(message):
                held.append(message)  # kept back: this click never reaches the server
            else:
                server.send(message)

        def to_page(message) -> None:
            if isinstance(message, bytes):
                received.append(message)
            ws.send(message)

        ws.on_message(to_server)
        server.on_message(to_page)

    page.route_web_socket(re.compile(r"/_stcore/stream$"), route)
    login(page, url, EDITOR)
    choose_hotspot(page, "Leiden Bio Science Park")
    choose_option(page, "Fase", "Consolidatie")
    fill_committed(page.get_by_label(re.compile("^Waarom")), "Replay-test: door Anne opgeslagen")
    page.get_by_role("button", name="Opslaan").click()
    deadline = time.monotonic() + TIMEOUT / 1000
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(50)  # lets Playwright deliver the routed frame to ``to_server``
    assert len(held) == 1, f"{len(held)} save frames"
    frame = held[0]
    editor_session = _session_id(received)
    before_file = store.path.read_bytes()
    before_history = [c.commit for c in store.history()]
    assert store.hotspot("leiden")["properties"]["phase"] != "consolidatie"

    with other_session(browser) as outsider, other_session(browser) as visitor:
        login(outsider, url, OUTSIDER)
        open_beheer(visitor, url)  # gets the XSRF cookie, like any visitor
        for other, marker in ((outsider, "niet op de lijst van redacteuren"), (visitor, "Inloggen")):
            cookies = {c["name"]: c["value"] for c in other.context.cookies()}
            assert ("_streamlit_user" in cookies) == (other is outsider)
            for session_id in (None, editor_session):
                answer = _replay(url, cookies, frame, session_id)
                assert marker.encode() in answer  # the replayed run drew that person's page
                assert b"Opgeslagen" not in answer
                assert store.path.read_bytes() == before_file
                assert [c.commit for c in store.history()] == before_history

    # The positive control: the same bytes, with the editor's own cookies and session.
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    page.close()  # her session waits on the server to be resumed, as after a lost connection
    answer = _replay(url, cookies, frame, editor_session)
    assert b"Opgeslagen: Fase" in answer  # the flash of a save (its Markdown escapes the second colon)
    assert store.hotspot("leiden")["properties"]["phase"] == "consolidatie"
    saved = store.history()
    assert [c.commit for c in saved[1:]] == before_history
    assert (saved[0].author, saved[0].email, saved[0].reason) == (
        "Anne de Vries",
        "anne@board.nl",
        "Replay-test: door Anne opgeslagen",
    )


HOSTILE = '<img src=x onerror="window.pwned=1"> مركز **vet**'
NO_HTML_RAN = """() => window.pwned === undefined && !document.querySelector('img[src="x"]')"""


def test_html_typed_in_a_name_shows_as_text_on_beheer_and_on_the_map(page, browser, beheer_app):
    """Item 7 in a real browser: markup typed in Beheer is text on the page, its map, the history and the
    viewers' map and popup; nothing of it runs. The name is put back afterwards (restore)."""
    url, store = beheer_app
    login(page, url, EDITOR)
    choose_hotspot(page, "Leiden Bio Science Park")
    run_done(page)
    fill_committed(page.get_by_label("Naam", exact=True), HOSTILE)
    save_with_reason(page, "<script>window.pwned=2</script> test")
    expect(page.get_by_text("Opgeslagen: Naam: Leiden Bio Science Park →")).to_be_visible(timeout=TIMEOUT)
    assert store.hotspot("leiden")["properties"]["name"] == HOSTILE
    run_done(page)
    expect(page.get_by_role("heading", name=HOSTILE, exact=True)).to_be_visible()
    expect(page.locator(".st-key-bh_history_0")).to_contain_text("<script>window.pwned=2</script> test")
    expect(page.locator(".st-key-bh_history_0")).to_contain_text(f"Naam: Leiden Bio Science Park → {HOSTILE}")
    assert page.evaluate(NO_HTML_RAN)
    wait_in_map(page, NO_HTML_RAN)

    with other_session(browser) as viewer:
        viewer.goto(f"{url}/?hotspot=leiden")
        expect(viewer.get_by_role("heading", name=HOSTILE, exact=True)).to_be_visible(timeout=FIRST_VIEW_TIMEOUT)
        frame = map_frame(viewer)
        frame.locator('.hk-marker:has(svg[data-hotspot="leiden"])').first.click()
        expect(frame.locator(".leaflet-popup-content")).to_contain_text(HOSTILE, timeout=TIMEOUT)
        assert viewer.evaluate(NO_HTML_RAN)
        wait_in_map(viewer, NO_HTML_RAN)

    run_done(page)
    page.locator(".st-key-bh_history_1").get_by_role("button", name="Herstel deze versie").click()
    expect(page.get_by_text("Hersteld: Naam:")).to_be_visible(timeout=TIMEOUT)
    assert store.hotspot("leiden")["properties"]["name"] == "Leiden Bio Science Park"
