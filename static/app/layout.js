/* Hotspotkaart: on a narrow window the sidebar starts collapsed, once per browser tab.
 *
 * Linked by ui/layout.py, which passes the width (data-narrow) below which
 * the sidebar is collapsed; the user may open it again.
 */
(function (script) {
  // once per tab: the user may open the sidebar again
  var key = "hotspotkaart-sidebar-auto";
  var narrow = Number(script && script.getAttribute("data-narrow")) || 1000;
  if (window.innerWidth >= narrow || window.sessionStorage.getItem(key)) { return; }
  window.sessionStorage.setItem(key, "1");
  var tries = 0;
  (function collapse() {
    var sidebar = document.querySelector('[data-testid="stSidebar"]');
    var button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (sidebar && button && sidebar.getAttribute("aria-expanded") !== "false") { button.click(); return; }
    if (tries++ < 100) { window.setTimeout(collapse, 50); }
  })();
})(document.currentScript);
