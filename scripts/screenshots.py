"""Screenshots of every page at the screen sizes our users have, to look at.

Usage: .venv/bin/python -m scripts.screenshots OUT_DIR [--query "scope=zuid-holland"] [--page tabel]

Starts the app on a free loopback port, blocks map tiles (as offline), and
writes one PNG per size and page. Sizes: projector 1280x720, laptop
1366x768, 1440x900, 1920x1080, 1920x1080 at 125 % zoom, a tablet 820x1180 and a phone 390x844.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if not __package__:  # run as a file, the repository root is not on the path: harness would not import
    sys.exit("Run it as a module from the repository root: .venv/bin/python -m scripts.screenshots OUT_DIR ...")

from playwright.sync_api import sync_playwright  # noqa: E402

from harness import MAP_IFRAME, ROOT, launch_chromium, start_streamlit  # noqa: E402

SIZES = {
    "1280x720": ({"width": 1280, "height": 720}, 1),
    "1366x768": ({"width": 1366, "height": 768}, 1),
    "1440x900": ({"width": 1440, "height": 900}, 1),
    "1920x1080": ({"width": 1920, "height": 1080}, 1),
    "1920x1080@125": ({"width": 1536, "height": 864}, 1.25),
    "tablet-820x1180": ({"width": 820, "height": 1180}, 1),
    "phone-390x844": ({"width": 390, "height": 844}, 1),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", help="folder for the PNGs")
    parser.add_argument("--query", default="")
    parser.add_argument("--page", default="", help="url path of the page: '', tabel, over, ...")
    parser.add_argument("--sizes", default=",".join(SIZES))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    server = start_streamlit(ROOT / "app.py", log=out / "streamlit.log")
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            for name in args.sizes.split(","):
                viewport, scale = SIZES[name]
                context = browser.new_context(viewport=viewport, device_scale_factor=scale)
                page = context.new_page()
                page.route(
                    "**/*",
                    lambda route: route.abort() if not route.request.url.startswith(server.url) else route.continue_(),
                )
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
