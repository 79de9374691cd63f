# ruff: noqa: F811  (the fixtures imported from test_presentatie are parameters here)
"""Real browser: every scene of the shipped deck frames its hotspots clear of the map's edges and the caption.

At a projector's 1280x720 and a full-HD 1920x1080 (issue 20, item 5).
"""

from __future__ import annotations

import pytest
from test_presentatie import AT_STEP, present, scenes  # noqa: F401 (fixtures)

#: Pixels a marker keeps from the map's edges and from the caption.
CLEAR_PX = 4

# In the map's frame: the scene's marker icons (hotspots and groups) and how they sit in the map.
MARKERS = """() => {
    const map = window.map.getContainer().getBoundingClientRect();
    const caption = document.querySelector('.hk-caption').getBoundingClientRect();
    const icons = [...document.querySelectorAll('.leaflet-marker-pane .leaflet-marker-icon')]
        .filter((el) => getComputedStyle(el).display !== 'none' && getComputedStyle(el).opacity !== '0'
                        && !el.classList.contains('hk-name'));
    const view = hk.presentationScene().view;
    const framed = view.bounds ? L.latLngBounds(view.bounds) : null;
    // the scene's own hotspots: those in the bounds it is fitted to (a ring's scene also shows its context)
    const sw = framed && window.map.latLngToContainerPoint(framed.getSouthWest());
    const ne = framed && window.map.latLngToContainerPoint(framed.getNorthEast());
    const own = (r) => {
        if (!framed) { return true; }
        const x = (r.left + r.right) / 2 - map.left, y = (r.top + r.bottom) / 2 - map.top, slack = 16;
        return x >= sw.x - slack && x <= ne.x + slack && y >= ne.y - slack && y <= sw.y + slack;
    };
    return {
        map: [map.left, map.top, map.right, map.bottom],
        caption: caption.bottom,
        icons: icons.map((el) => el.getBoundingClientRect()).filter(own).map((r) => [r.left, r.top, r.right, r.bottom]),
        fixed: !!view.centre,
    };
}"""


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
def test_every_scene_frames_its_hotspots_clear_of_edges_and_caption(page, present, scenes, size):
    width, height = size
    frame = present(1)
    page.set_viewport_size({"width": width, "height": height})
    frame.wait_for_function(f"() => window.map.getSize().x >= {width - 20}")
    for step in range(1, len(scenes) + 1):
        if step > 1:
            page.keyboard.press("PageDown")
        frame.wait_for_function(AT_STEP, arg=step)
        found = frame.evaluate(MARKERS)
        left, top, right, bottom = found["map"]
        top = max(top, found["caption"])
        icons = found["icons"]
        assert icons, f"scene {step}: no markers"
        # a scene with a fixed view ("kaart") may leave hotspots outside it: those in view must be whole
        inside = [i for i in icons if i[2] > left and i[0] < right and i[3] > top and i[1] < bottom]
        if not found["fixed"]:
            assert len(inside) == len(icons), f"scene {step} at {size}: {len(icons) - len(inside)} markers outside"
        for x0, y0, x1, y1 in inside:
            assert x0 >= left + CLEAR_PX and x1 <= right - CLEAR_PX, (step, size, (x0, x1), (left, right))
            assert y0 >= top + CLEAR_PX and y1 <= bottom - CLEAR_PX, (step, size, (y0, y1), (top, bottom))
