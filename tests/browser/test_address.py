"""Real browser: the address bar follows every change of the view in the same run (issue 19, item 8).

What the address holds is read in the page itself (``location.search``), not
from Playwright's ``page.url``: that one is updated from events the test
process only takes in while it calls Playwright, so after a ``time.sleep`` it
still shows the previous address. (That is how the "lags one change behind"
report came about; the browser's own address was never behind.)
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from browser_helpers import MAP_IFRAME, map_frame
from playwright.sync_api import expect

from hotspots import filters
from hotspots.io import load_hotspots
from hotspots.viewstate import ViewState, to_query_params

SELECTED = "leiden-bio-science-park"
SCOPES = {
    "Zuid-Holland": {"scopes": frozenset({"zuid-holland"})},
    "Nationaal": {"scopes": frozenset({"nationaal"})},
    "Alles": {},
}
# The map shows the run's view: these hotspots as markers, this radius as the chosen ring's label.
DRAWN = """([ids, radius]) => hk.idle() && hk.group().getLayers().map((m) => m.feature.properties.id).sort().join() === ids.sort().join()
    && [...document.querySelectorAll(".hk-ring-chosen")].some((e) => e.textContent === radius + " km")"""


def leaflet(page):
    return next(f for f in page.frames if "streamlit_folium" in f.url)


def test_the_address_follows_twenty_quick_changes(page, network, streamlit_server):
    network.block_external()
    page.set_viewport_size({"width": 1440, "height": 900})
    frame_data = load_hotspots().frame
    page.goto(f"{streamlit_server()}/?hotspot={SELECTED}")
    map_frame(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    slider = sidebar.get_by_role("slider", name="Straal (km)")
    expect(slider).to_be_visible(timeout=30_000)

    scope, radius = "Alles", 80
    steps = ["Zuid-Holland", 5, "Nationaal", 5, "Alles", -5, "Zuid-Holland", "Alles", 5, "Nationaal"] * 2
    assert len(steps) == 20
    for step in steps:
        if isinstance(step, str):
            scope = step
            sidebar.get_by_role("radiogroup", name="Schaal").get_by_role("radio", name=re.compile(f"^{step}")).click()
        else:
            radius += step
            slider.focus()
            page.keyboard.press("ArrowRight" if step > 0 else "ArrowLeft")
        view = ViewState(filters=filters.FilterState(**SCOPES[scope]), radius_km=radius, hotspot=SELECTED)
        shown = set(filters.apply(frame_data, view.filters)["id"]) | {SELECTED}
        # once the map shows this run's view, the address already holds it: read at that very moment
        try:
            leaflet(page).wait_for_function(DRAWN, arg=[sorted(shown), radius], timeout=15_000)
        except Exception as error:
            drawn = leaflet(page).evaluate(
                "() => [hk.group().getLayers().length, [...document.querySelectorAll('.hk-ring-chosen')].map((e) => e.textContent)]"
            )
            raise AssertionError(f"step {step!r}: the map shows {drawn}, wanted {len(shown)} at {radius} km") from error
        search = page.evaluate("() => location.search")
        assert {k: v[0] for k, v in parse_qs(search.lstrip("?")).items()} == to_query_params(view), (step, search)
    assert page.locator(MAP_IFRAME).count() == 1
