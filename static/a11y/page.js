/* Hotspotkaart: what Streamlit's page does not say in Dutch, and what it does not announce.
 *
 * Loaded on every page by ui/layout.py (a file the app serves, with its
 * digest as version: hotspots/assets.own_url). It runs once per browser tab
 * (hkModules.page), and keeps working through Streamlit's reruns by watching
 * the page (one MutationObserver, work batched per animation frame):
 *
 * - 3.1.1 Language of page: <html lang="nl"> (Streamlit's index.html says "en").
 * - 4.1.2 / 3.1.2: Streamlit's own English labels (aria-label, title, the skip
 *   link's text) in Dutch, where the app can reach them (LABELS, PATTERNS).
 * - 4.1.2 Name / 2.4.1: the map's iframe is named for what it shows, in its title
 *   (Streamlit titles it "streamlit_folium.st_folium") and its aria-label. Found
 *   by its address (/component/streamlit_folium.st_folium/), as the tests do.
 * - 4.1.3 Status messages: one polite live region, outside Streamlit's tree
 *   so it survives reruns, says the text of the element with
 *   [data-hk-announce] (the count of hotspots and the selection, app_pages/kaart.py)
 *   whenever that text changes.
 * - 2.4.1 Bypass blocks: a link with data-hk-skip-to moves the focus there.
 * - 2.4.3 Focus order: Streamlit disables a download button while its file is
 *   made (a deferred download, ui/downloads.py), and a disabled button drops the
 *   keyboard focus to <body>; the button gets it back once it works again,
 *   unless the focus has gone somewhere else meanwhile.
 *
 * Tested by tests/browser/test_wcag_criteria.py.
 */
(function (modules) {
    "use strict";
    if (modules.page) { return; }  // once per page

    var LABELS = {
        "Skip to main content": "Naar de inhoud",
        "Sidebar": "Zijbalk",
        "Collapse sidebar": "Zijbalk sluiten",
        "Expand sidebar": "Zijbalk openen",
        "Selected values": "Gekozen waarden",
        "Clear all": "Alles wissen",
        "Clear value": "Wissen",
        "Clear": "Wissen",
        "Open": "Openen",
        "Close": "Sluiten",
        "App pages": "Pagina's",
        "Link to heading": "Link naar deze kop",
        "info icon": "informatie",
        "table icon": "tabel",
        "Show/hide columns": "Kolommen tonen of verbergen",
        "Download as CSV": "Downloaden als CSV",
        "Search": "Zoeken in de tabel",
        "Fullscreen": "Volledig scherm",
        "Close fullscreen": "Volledig scherm sluiten",
        "Copy to clipboard": "Kopiëren"
    };
    var PATTERNS = [
        [/^Help for (.+)$/, "Uitleg bij $1"],
        [/^Remove (.+)$/, "$1 weghalen"]
    ];
    var MAP_FRAME = 'iframe[src*="/component/streamlit_folium.st_folium/"]';
    var MAP_NAME = "Kaart van de hotspots";

    function dutch(text) {
        if (!text) { return null; }
        if (Object.prototype.hasOwnProperty.call(LABELS, text)) { return LABELS[text]; }
        for (var i = 0; i < PATTERNS.length; i++) {
            if (PATTERNS[i][0].test(text)) { return text.replace(PATTERNS[i][0], PATTERNS[i][1]); }
        }
        return null;
    }

    function translate(root) {
        ["aria-label", "title"].forEach(function (attribute) {
            root.querySelectorAll("[" + attribute + "]").forEach(function (element) {
                var text = dutch(element.getAttribute(attribute));
                if (text !== null) { element.setAttribute(attribute, text); }
            });
        });
        // the skip link is text, not a label
        root.querySelectorAll("[data-testid='stSkipToContent']").forEach(
            function (link) {
                var text = dutch(link.textContent.trim());
                if (text !== null) { link.textContent = text; }
            });
        // tooltips of the toolbar (data frame) are text in a popup
        root.querySelectorAll("[data-testid='stTooltipContent'], [role='tooltip']").forEach(function (tip) {
            if (tip.children.length) { return; }
            var text = dutch(tip.textContent.trim());
            if (text !== null) { tip.textContent = text; }
        });
    }

    var live = null, said = null;

    function liveRegion() {
        if (live && live.isConnected) { return live; }
        live = document.createElement("div");
        live.id = "hk-live";
        live.className = "hk-visually-hidden";
        live.setAttribute("role", "status");
        live.setAttribute("aria-live", "polite");
        live.setAttribute("aria-atomic", "true");
        document.body.appendChild(live);
        return live;
    }

    function announce() {
        var source = document.querySelector("[data-hk-announce]");
        if (!source) { return; }
        var text = source.getAttribute("data-hk-announce");
        if (said === null) { said = text; liveRegion(); return; }  // the page as it loads is not news
        if (text === said) { return; }
        said = text;
        var region = liveRegion();
        region.textContent = "";
        // a new text node, a moment later: screen readers take it as a change even when it repeats
        window.setTimeout(function () { region.textContent = text; }, 50);
    }

    var dropped = null;  // a download button that lost the focus by being disabled

    function giveBackFocus() {
        if (!dropped) { return; }
        var button = dropped;
        if (!button.isConnected) { dropped = null; return; }
        if (button.disabled) { return; }
        dropped = null;
        var active = document.activeElement;
        if (!active || active === document.body || active === document.documentElement) {
            button.focus({preventScroll: true});
        }
    }

    function update() {
        scheduled = false;
        giveBackFocus();
        if (document.documentElement.getAttribute("lang") !== "nl") {
            document.documentElement.setAttribute("lang", "nl");
        }
        translate(document);
        document.querySelectorAll(MAP_FRAME).forEach(function (frame) {
            if (frame.getAttribute("aria-label") !== MAP_NAME) { frame.setAttribute("aria-label", MAP_NAME); }
            if (frame.getAttribute("title") !== MAP_NAME) { frame.setAttribute("title", MAP_NAME); }
        });
        announce();
    }

    var scheduled = false;
    function schedule() {
        if (!scheduled) { scheduled = true; window.requestAnimationFrame(update); }
    }

    // A skip link (<a data-hk-skip-to="selector">, hidden until focused): the focus goes to that
    // part of the page, past the map's many tab stops (WCAG 2.4.1).
    document.addEventListener("click", function (e) {
        var link = e.target.closest && e.target.closest("a[data-hk-skip-to]");
        if (!link) { return; }
        var target = document.querySelector(link.getAttribute("data-hk-skip-to"));
        if (!target) { return; }
        e.preventDefault();
        if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
        target.focus();
    }, true);

    document.addEventListener("focusout", function (e) {
        var button = e.target && e.target.closest && e.target.closest('[data-testid="stDownloadButton"] button');
        if (button && button.disabled && !e.relatedTarget) { dropped = button; }
    }, true);
    document.addEventListener("focusin", function () { dropped = null; }, true);

    modules.page = {
        update: update,
        said: function () { return said; }
    };
    update();
    new MutationObserver(schedule).observe(document.documentElement, {
        subtree: true, childList: true, characterData: true, attributes: true,
        attributeFilter: ["aria-label", "title", "data-hk-announce", "lang", "disabled"]
    });
})(window.hkModules = window.hkModules || {});
