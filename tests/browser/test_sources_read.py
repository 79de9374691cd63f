"""Real browser: a person reads sources by title, publisher and year, never by file name (issue 20, item 7)."""

from __future__ import annotations

import re

from browser_helpers import map_frame
from playwright.sync_api import expect

TIMEOUT_MS = 60_000
FILE_NAME = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


def test_details_panel_and_popup_cite_documents_by_title(streamlit_server, page):
    page.goto(streamlit_server() + "/?hotspot=robovalley-fraim")
    frame = map_frame(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("Bronnen", exact=True).click()
    panel = main.locator("details[open]")
    expect(panel).to_contain_text("(Economic Board Zuid-Holland, HI en InnovationQuarter, z.j.)", timeout=TIMEOUT_MS)
    assert not FILE_NAME.search(panel.inner_text()), panel.inner_text()

    frame.locator('.hk-marker:has(svg[data-hotspot="robovalley-fraim"])').first.click()
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_have_count(1, timeout=TIMEOUT_MS)
    text = popup.inner_text()
    assert not FILE_NAME.search(text), text


def test_over_page_lists_references_without_file_names(streamlit_server, page):
    page.goto(streamlit_server() + "/over")
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text("Regionale hotspots (advies). Adviesraad", exact=False)).to_be_visible(timeout=TIMEOUT_MS)
    text = main.inner_text()
    assert not FILE_NAME.search(text) and "z.j.." not in text
