"""The page frame's styles: the map fills the screen at every size (ui/layout.css).

Also: on a narrow screen (a tablet) the sidebar starts collapsed. Streamlit's
``initial_sidebar_state="auto"`` collapses it only below 768 px, and a tablet
in portrait is 820 px wide; a small script collapses it once per browser tab
when the window is narrower than :data:`NARROW_PX` (tests/browser/test_layout.py).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from hotspots import assets

STYLE_FILE = Path(__file__).resolve().parent / "layout.css"
#: Windows narrower than this start with the sidebar collapsed.
NARROW_PX = 1000

_COLLAPSE_ON_NARROW = """
<script>
(function () {
  // once per tab: the user may open the sidebar again
  var key = "hotspotkaart-sidebar-auto";
  if (window.innerWidth >= %(narrow)d || window.sessionStorage.getItem(key)) { return; }
  window.sessionStorage.setItem(key, "1");
  var tries = 0;
  (function collapse() {
    var sidebar = document.querySelector('[data-testid="stSidebar"]');
    var button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (sidebar && button && sidebar.getAttribute("aria-expanded") !== "false") { button.click(); return; }
    if (tries++ < 100) { window.setTimeout(collapse, 50); }
  })();
})();
</script>
"""


# Streamlit's file uploader has no Dutch: its button says "Upload" and its
# note "200MB per file • JSON". Streamlit draws them anew, so a watcher puts
# the Dutch back each time (tests/browser/test_dutch_words.py).
_DUTCH_WORDS = """
<script>
(function () {
  var doc = window.parent && window.parent.document ? window.parent.document : document;
  if (doc.documentElement.dataset.hkDutch) { return; }
  doc.documentElement.dataset.hkDutch = "1";
  var note = /^\\s*([0-9.]+)\\s*([KMG]B) per file\\s*•\\s*(.+?)\\s*$/;
  function dutch() {
    doc.querySelectorAll('[data-testid="stFileUploaderDropzone"] button p').forEach(function (p) {
      if (p.textContent === "Upload") { p.textContent = "Bestand kiezen"; }
    });
    doc.querySelectorAll('[data-testid="stFileUploaderDropzoneInstructions"] span').forEach(function (span) {
      var m = note.exec(span.textContent);
      if (m) { span.textContent = m[3] + ", hoogstens " + m[1] + " " + m[2]; }
    });
  }
  dutch();
  new MutationObserver(dutch).observe(doc.body, {childList: true, subtree: true, characterData: true});
})();
</script>
"""


def apply() -> None:
    """Put the frame's styles (and the narrow-screen script) on the page.

    Streamlit's HTML sanitizer drops a ``<style>`` whose text holds a ``<``,
    so layout.css never has one (tests/test_layout.py).
    """
    st.html(STYLE_FILE)
    # in the sidebar: an element in the main column would add a gap above the title
    st.sidebar.html(_COLLAPSE_ON_NARROW % {"narrow": NARROW_PX}, unsafe_allow_javascript=True)
    # Dutch for screen readers, the map frame's name and the live region (static/a11y/page.js)
    page_script = assets.own_url("a11y/page.js", st.get_option("server.baseUrlPath"))
    st.sidebar.html(f'<script src="{page_script}"></script>', unsafe_allow_javascript=True)
    st.sidebar.html(_DUTCH_WORDS, unsafe_allow_javascript=True)
