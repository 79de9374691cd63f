"""Real browser: the words Streamlit and Leaflet bring along read Dutch (issue 20, item 8)."""

from __future__ import annotations

import re

from browser_helpers import MAP_IFRAME, map_frame
from playwright.sync_api import expect

TIMEOUT_MS = 60_000


def test_the_presentation_upload_reads_dutch(streamlit_server, page):
    page.goto(streamlit_server())
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_role("textbox", name="Zoeken")).to_be_visible(timeout=TIMEOUT_MS)
    sidebar.locator("summary").filter(has_text="Presentatie").click()
    dropzone = sidebar.locator('[data-testid="stFileUploaderDropzone"]')
    expect(dropzone).to_be_visible(timeout=TIMEOUT_MS)
    expect(dropzone.locator("button p")).to_have_text("Bestand kiezen")
    note = dropzone.locator('[data-testid="stFileUploaderDropzoneInstructions"]')
    expect(note).to_have_text(re.compile(r"^JSON, hoogstens \d+ [KMG]B$"))
    text = dropzone.inner_text()
    assert "Upload" not in text and "per file" not in text, text


def test_the_popups_close_button_reads_dutch(streamlit_server, page):
    page.goto(streamlit_server() + "/?hotspot=robovalley-fraim")
    frame = map_frame(page)
    frame.locator('.hk-marker:has(svg[data-hotspot="wetsus"])').first.click()
    close = frame.locator(".leaflet-popup-close-button")
    expect(close).to_have_count(1, timeout=TIMEOUT_MS)
    expect(close).to_have_attribute("title", "Sluiten")
    expect(close).to_have_attribute("aria-label", "Popup sluiten")
    assert page.locator(MAP_IFRAME).count() >= 1


def test_the_page_links_overflow_reads_dutch(streamlit_server, page):
    # at 820 px wide the top bar has room for six of the seven page links; Streamlit says "1 more"
    page.set_viewport_size({"width": 820, "height": 1180})
    page.goto(streamlit_server() + "/tabel")
    header = page.locator("header")
    expect(header.get_by_text(re.compile(r"^nog \d+$"))).to_be_visible(timeout=TIMEOUT_MS)
    assert not re.search(r"\d+ more", header.inner_text()), header.inner_text()
