/* Hotspotkaart: the sidebar on narrow windows.
 *
 * Linked by ui/layout.py, which passes the widths: below data-narrow the
 * sidebar starts collapsed, once per browser tab (the user may open it
 * again; below 768 px Streamlit collapses it itself, and this script
 * leaves it alone there: a tap on » before the script arrived is the
 * user's); below data-phone it closes after a filter is changed in it, so
 * the map shows the result (the » button opens it again).
 */
(function (modules) {
    "use strict";
    var script = document.currentScript;  // its data-narrow and data-phone
    if (modules.sidebar) { return; }  // once per page
    var narrow = Number(script && script.getAttribute("data-narrow")) || 1000;
    var phone = Number(script && script.getAttribute("data-phone")) || 640;
    var touched = false;
    function sidebar() { return document.querySelector('[data-testid="stSidebar"]'); }
    // Streamlit 1.67 sets no aria-expanded on the sidebar: a collapsed one is moved out of the window
    function expanded() { var s = sidebar(), r = s && s.getBoundingClientRect(); return !!r && r.width > 0 && r.right > 1; }
    function collapse() {
        var button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
        if (button && expanded()) { button.click(); }
    }
    // Decided on the first look at the sidebar, and never after the user has
    // touched the page: a tap on » in the first seconds opens it for good.
    document.addEventListener("pointerdown", function () { touched = true; }, true);
    document.addEventListener("keydown", function () { touched = true; }, true);
    var key = "hotspotkaart-sidebar-auto";
    // Below 768 px (Streamlit's "md" breakpoint) Streamlit starts the sidebar collapsed itself: an
    // open one there was opened by the user, maybe before this script arrived, and stays open.
    var streamlitCollapses = 768;
    if (window.innerWidth < narrow && window.innerWidth >= streamlitCollapses && !window.sessionStorage.getItem(key)) {
        window.sessionStorage.setItem(key, "1");
        var tries = 0;
        (function first() {
            if (touched) { return; }
            if (sidebar() && !expanded()) { return; }  // already collapsed (Streamlit does so on phones)
            if (sidebar() && document.querySelector('[data-testid="stSidebarCollapseButton"] button')) { collapse(); return; }
            if (tries++ < 100) { window.setTimeout(first, 50); }
        })();
    }
    function changed(event) {
        if (window.innerWidth >= phone || !expanded()) { return; }
        var t = event.target, s = sidebar();
        if (!t || !t.closest) { return; }
        var inSidebar = s && s.contains(t);
        var option = t.closest('[role="option"]');  // a choice in a dropdown (drawn outside the sidebar)
        var chosen = inSidebar && (t.closest('[role="radio"], [data-testid="stButtonGroup"] button, ' +
            '[data-baseweb="tag"] [role="presentation"], [data-tag] button, [data-baseweb="slider"], input[type="radio"], ' +
            'input[type="checkbox"]') ||
            // a chip's × (Streamlit 1.67: a button in [data-tag]), or the chip removed by its key
            (event.type === "keydown" && (event.key === "Backspace" || event.key === "Delete") && t.closest("[data-tag]")) ||
            (event.type === "keydown" && event.key === "Enter" && t.closest('[data-testid="stTextInput"]')));
        if (!option && !chosen) { return; }
        if (t.closest('[data-testid="stExpander"]')) { return; }  // the presentation panel stays open
        window.setTimeout(collapse, 350);
    }
    document.addEventListener("click", changed, true);
    document.addEventListener("keydown", changed, true);
    modules.sidebar = {collapse: collapse};
})(window.hkModules = window.hkModules || {});
