"""Starting the app's servers and driving sessions: one kit for the tests and the benchmarks.

* :mod:`harness.servers`: a free loopback port; ``streamlit run`` until its
  health endpoint answers (:func:`start_streamlit`); ``make serve``
  (scripts/serve.sh: supervisord, HAProxy and several Streamlit processes)
  until HAProxy's own checks see every process up (:func:`start_serve`).
* :mod:`harness.chromium`: where Debian's Chromium is and how it is launched
  (headless, Playwright); pages that load only from this machine; the map's
  frame. The browser tests and browser benchmarks share it.
* :mod:`harness.client`: a Streamlit client that speaks the browser's
  websocket protocol (the load benchmark and its test), no browser needed.

Importable from the repository root: pytest puts it on the path
(``pythonpath`` in pyproject.toml) and the benchmarks run as modules from
there (``.venv/bin/python -m benchmarks.map_browser``). Not in the container
image (.dockerignore).
"""

from harness.chromium import (
    CHROMIUM,
    CHROMIUM_ARGS,
    MAP_IFRAME,
    SCREENS,
    is_local,
    launch_chromium,
    leaflet_frame,
    local_page,
    only_local,
)
from harness.servers import ROOT, Served, StreamlitProcess, free_port, start_serve, start_streamlit

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "MAP_IFRAME",
    "ROOT",
    "SCREENS",
    "Served",
    "StreamlitProcess",
    "free_port",
    "is_local",
    "launch_chromium",
    "leaflet_frame",
    "local_page",
    "only_local",
    "start_serve",
    "start_streamlit",
]
