"""Real browser: faceted counts beside the filters, and one value in one click (issue 19, item 6)."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from hotspots.io import DEFAULT_DATA_PATH

TIMEOUT_MS = 30_000


def shipped():
    return [f["properties"] for f in json.loads(DEFAULT_DATA_PATH.read_text(encoding="utf-8"))["features"]]


def test_counts_follow_the_other_filters_and_one_click_picks_one_value(page, streamlit_server):
    hotspots = shipped()
    total = len(hotspots)
    zuid_holland = [h for h in hotspots if h["scope"] == "zuid-holland"]
    engineering_zh = sum("engineering" in h["types"] for h in zuid_holland)
    engineering_all = sum("engineering" in h["types"] for h in hotspots)
    assert engineering_zh != engineering_all  # otherwise the test could not tell the counts apart
    waterstof_zh = sum("waterstof" in h["product_chains"] for h in zuid_holland)

    page.goto(streamlit_server() + "/?scope=zuid-holland")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(f"{len(zuid_holland)} van {total} hotspots", exact=True)).to_be_visible(
        timeout=TIMEOUT_MS
    )
    # Type's count is what Zuid-Holland holds, as shown on the map
    expect(sidebar.get_by_role("radio", name=f"Engineering ({engineering_zh})", exact=True)).to_be_visible(
        timeout=TIMEOUT_MS
    )
    # one click: only Waterstof
    sidebar.get_by_role("radio", name=f"Waterstof ({waterstof_zh})", exact=True).click()
    expect(sidebar.get_by_text(f"{waterstof_zh} van {total} hotspots", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    page.wait_for_url(re.compile(r"keten=waterstof(&|$)"), timeout=TIMEOUT_MS)
    assert "scope=zuid-holland" in page.url
    # the pill is marked as the chosen one
    expect(sidebar.get_by_role("radio", name=f"Waterstof ({waterstof_zh})", exact=True)).to_be_checked()
    # and the same pill again brings every chain back
    sidebar.get_by_role("radio", name=f"Waterstof ({waterstof_zh})", exact=True).click()
    expect(sidebar.get_by_text(f"{len(zuid_holland)} van {total} hotspots", exact=True)).to_be_visible(
        timeout=TIMEOUT_MS
    )
    page.wait_for_url(lambda url: "keten=" not in url, timeout=TIMEOUT_MS)
