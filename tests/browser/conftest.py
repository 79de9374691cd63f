"""Real-browser test infrastructure: Streamlit servers and headless Chromium (Playwright, sync API).

Fixtures
--------
``streamlit_server(script="app.py", env=None, options=None) -> str``
    Session-scoped factory. Starts ``streamlit run <script>`` (harness.start_streamlit) on a free port of
    127.0.0.1 (cwd: the repository root, so .streamlit/config.toml applies) and
    returns its base URL, e.g. ``http://127.0.0.1:40123``. One server per
    (script, env, options), reused by every test asking for the same; all are
    stopped at the end of the session. ``env`` overrides environment variables
    (e.g. ``{"HOTSPOTS_DATA": str(path)}``), ``options`` adds ``--key value``
    Streamlit options (e.g. ``{"server.baseUrlPath": "kaart"}``).
``browser``
    Session-scoped headless Debian Chromium (/usr/bin/chromium, launched as harness.launch_chromium does).
``page``
    A fresh page (own browser context) with a 1600x900 viewport, like a projector.
``device(viewport, **context_options) -> page``
    Factory: a page in a new browser context of that viewport (``context_options``: e.g.
    ``device_scale_factor``), Dutch like ``page``, that loads only from this machine (map tiles
    refused: harness.only_local); every context is closed after the test.
``network``
    A :class:`Network` recorder attached to ``page``: every request of the page
    and its frames (iframes included), in order. ``network.block_external()``
    aborts every request that does not go to 127.0.0.1/localhost (map tiles),
    so tests are deterministic offline; the blocked URLs stay recorded.

Helpers (in ``browser_helpers``, imported by tests; nothing is imported from this conftest)
-------
``map_frame(page)``
    The streamlit-folium iframe as a FrameLocator, once its Leaflet map is there.
``watch(context)``, ``keep_screens(context, name)``
    A test that fails shows in its report what its browsers said (console errors and warnings,
    uncaught errors) and where the screenshots of its pages are (``HOTSPOTS_TEST_ARTIFACTS``, by
    default ``hotspotkaart-test-failures`` in the temporary folder): ``page`` and ``device`` pages
    are watched and kept by this conftest; a context a test opens itself calls both.

Without Chromium the browser tests fail with a clear message on CI
(``CI=true``) and are skipped elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser_helpers import BROWSER_LOG, keep_screens, watch

from harness import CHROMIUM, ROOT, StreamlitProcess, is_local, launch_chromium, local_page, start_streamlit

VIEWPORT = {"width": 1600, "height": 900}


def pytest_collection_modifyitems(config, items):
    """Every test in tests/browser is a browser test."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _browser_log() -> None:
    """Each test's own browser log (browser_helpers.BROWSER_LOG)."""
    BROWSER_LOG.clear()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A browser test that fails: screenshots of its pages (fixtures still open) and what its browsers
    said, in the report."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed or "browser" not in item.keywords:
        return
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if page is not None:
        keep_screens(page.context, f"{item.name}-page")
    for number, context in enumerate(getattr(item.funcargs.get("device"), "contexts", ())):
        keep_screens(context, f"{item.name}-device{number}")
    if BROWSER_LOG:
        report.sections.append(("browser log", "\n".join(BROWSER_LOG)))


def _require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"Chromium not found at {CHROMIUM} (install Debian's chromium: `make browser`)"
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


# --------------------------------------------------------------------------- Streamlit servers


@pytest.fixture(scope="session")
def streamlit_server(tmp_path_factory) -> Iterator:
    """Factory ``streamlit_server(script="app.py", env=None, options=None) -> base URL`` (see module docstring)."""
    servers: dict[tuple, StreamlitProcess] = {}
    logs = tmp_path_factory.mktemp("streamlit-logs")

    def start(script: str | Path = "app.py", env: dict[str, str] | None = None, options: dict | None = None) -> str:
        script_path = (ROOT / script).resolve()
        env = {k: str(v) for k, v in (env or {}).items()}
        options = {k: str(v) for k, v in (options or {}).items()}
        key = (str(script_path), tuple(sorted(env.items())), tuple(sorted(options.items())))
        if key not in servers:
            log = logs / f"streamlit-{len(servers)}.log"
            servers[key] = start_streamlit(script_path, env, options, log=log)
        return servers[key].url

    try:
        yield start
    finally:
        for server in servers.values():
            server.stop()


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT, locale="nl-NL", timezone_id="Europe/Amsterdam")
    watch(context)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def device(browser) -> Iterator:
    """Factory ``device(viewport, **context_options) -> page`` (see module docstring)."""
    contexts = []

    def open_page(viewport: dict, **context_options):
        context, page = local_page(
            browser, viewport=viewport, locale="nl-NL", timezone_id="Europe/Amsterdam", **context_options
        )
        watch(context)
        contexts.append(context)
        return page

    open_page.contexts = contexts  # for a failure's screenshots
    try:
        yield open_page
    finally:
        for context in contexts:
            context.close()


@dataclass
class Request:
    url: str
    resource_type: str  # Playwright's: document, script, stylesheet, font, image, fetch, websocket, ...
    frame_url: str


@dataclass
class Network:
    """Every request a page (and each of its frames) made, and the ones that were blocked."""

    requests: list[Request] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    _page: object = None

    def block_external(self) -> None:
        """Abort every request that does not go to the local app server (map tiles, above all)."""

        def route(route):
            if is_local(route.request.url):
                route.continue_()
            else:
                self.blocked.append(route.request.url)
                route.abort()

        self._page.route("**/*", route)

    def of_type(self, *resource_types: str) -> list[Request]:
        return [r for r in self.requests if r.resource_type in resource_types]

    def external(self, *resource_types: str) -> list[Request]:
        """Requests to another host, of the given types (all types when none are given)."""
        chosen = self.of_type(*resource_types) if resource_types else self.requests
        return [r for r in chosen if not is_local(r.url)]


@pytest.fixture
def network(page) -> Network:
    """Records the requests of ``page``; ``page.on("request")`` also fires for requests of its iframes."""
    recorder = Network(_page=page)

    def on_request(request):
        try:
            frame_url = request.frame.url
        except Exception:  # a service-worker request has no frame
            frame_url = ""
        recorder.requests.append(Request(request.url, request.resource_type, frame_url))

    def on_failed(request):
        # Aborted tile requests land here too; keep the rest (a vendored file missing, ...)
        if request.url not in recorder.blocked:
            recorder.failed.append(f"{request.url} ({request.failure})")

    page.on("request", on_request)
    page.on("requestfailed", on_failed)
    return recorder
