"""A deferred download on a real ``streamlit run`` server, with another visitor busy in between.

Visitor A clicks the table page's CSV button: the server makes the file and
answers with its ``/media/`` URL (the first half of a click). Before A's
browser fetches that URL, visitor B's page runs its script twice (B browses
to the map and back). Streamlit 1.67 collects the file on those runs and
A's fetch is a 404 (ui/deferred_files.py); with the app's adapter it is the
file. The sessions speak the browser's websocket protocol
(harness/client.py); every step waits for the server's answer.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re

from harness import client
from harness.client import run_in_own_loop


async def click_then_other_visitor_then_fetch(url: str):
    a = client.BrowserSession(url, path="tabel")
    b = client.BrowserSession(url, path="tabel")
    try:
        for session in (a, b):
            await session.connect(timeout=60)
            first = await session.first_view(timeout=60)
            assert first.ok, first.error
        button = a.widget("CSV", "download_button")
        assert button is not None and button.proto.deferred_file_id, "a one-click (deferred) CSV button"
        file_name = re.search(r"Bestand: `([^`]+)`", button.proto.help).group(1)
        count = next(m for m in a.markdown() if m.endswith(" in de tabel**"))
        media_url = await a.ask_deferred_file("CSV", timeout=60)
        runs = b.script_runs
        for page in ("", "tabel"):  # B to the map and back: two script runs in the same process
            moved = await b.switch_page(page, timeout=60)
            assert moved.ok, moved.error
        assert b.script_runs >= runs + 2
        got = await client.http_get(url + media_url, timeout=60)
        return got, file_name, count
    finally:
        await asyncio.gather(a.close(), b.close())


def test_a_clicked_file_is_served_after_another_visitors_reruns(app_server):
    got, file_name, count = run_in_own_loop(click_then_other_visitor_then_fetch(app_server.url))

    assert got.status == 200, f"GET of the made file: HTTP {got.status} (collected before the fetch)"
    assert file_name in (got.header("Content-Disposition") or "")
    rows = list(csv.DictReader(io.StringIO(got.body.decode("utf-8-sig"))))
    shown = int(re.match(r"\*\*(\d+) ", count).group(1))
    assert len(rows) == shown > 0, "the rows on A's screen"
    assert "Naam" in rows[0]
