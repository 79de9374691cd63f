"""Screenshots of every page at the screen sizes our users have, to look at.

Usage: .venv/bin/python -m scripts.screenshots OUT_DIR [--query "scope=zuid-holland"] [--page tabel]

Starts the app on a free loopback port, blocks map tiles (as offline), and
writes one PNG per size and page. Sizes (harness.SCREENS): projector 1280x720, laptop
1366x768, 1440x900, 1920x1080, 1920x1080 at 125 % zoom, a tablet 820x1180 and a phone 390x844.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if not __package__:  # run as a file, the repository root is not on the path: harness would not import
    sys.exit("Run it as a module from the repository root: .venv/bin/python -m scripts.screenshots OUT_DIR ...")

from playwright.sync_api import sync_playwright  # noqa: E402

from harness import MAP_IFRAME, ROOT, SCREENS, launch_chromium, local_page, start_streamlit  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", help="folder for the PNGs")
    parser.add_argument("--query", default="")
    parser.add_argument("--page", default="", help="url path of the page: '', tabel, over, ...")
    parser.add_argument("--sizes", default=",".join(SCREENS), help="names of harness.SCREENS, comma-separated")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    server = start_streamlit(ROOT / "app.py", log=out / "streamlit.log")
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            for name in args.sizes.split(","):
                viewport, scale = SCREENS[name]
                context, page = local_page(browser, viewport=viewport, device_scale_factor=scale)
                url = f"{server.url}/{args.page}" + (f"?{args.query}" if args.query else "")
                page.goto(url)
                if args.page in ("", "samenwerking", "presentatie") and (args.page != "presentatie" or args.query):
                    page.locator(MAP_IFRAME).first.wait_for(state="visible", timeout=30_000)
                    page.frame_locator(MAP_IFRAME).locator(".leaflet-marker-icon").first.wait_for(timeout=30_000)
                if args.page != "presentatie":  # full screen: no sidebar with the count
                    page.get_by_text("hotspots", exact=False).filter(visible=True).first.wait_for(timeout=30_000)
                page.wait_for_timeout(2500)  # animations and the sidebar's widgets settle; only for looking
                target = out / f"{args.page or 'kaart'}-{name}.png"
                page.screenshot(path=str(target))
                print(target)
                context.close()
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
