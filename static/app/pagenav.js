/* Hotspotkaart: the pages on a small screen, without opening the sidebar.
 *
 * Below 768 px Streamlit moves its page links from the top bar into the
 * sidebar, which a phone keeps closed (the map needs the width). This script
 * puts a "Pagina's" menu in Streamlit's top bar, beside the » button: a
 * button (aria-expanded) that opens the list of the pages, the current one
 * marked aria-current="page". The pages come from hotspots/pages.py PAGES
 * (ui/layout.py passes them in data-pages); layout.css shows the menu only
 * below 768 px, where Streamlit's own top links are gone.
 *
 * A link keeps the view (the address's query) and, when Streamlit's own
 * link to that page is in the document, follows that one, so the page opens
 * in the same session as Streamlit's navigation does; otherwise it loads
 * its address. Keyboard: Enter/Space opens, Esc closes and returns to the
 * button. Linked by ui/layout.py; tested by tests/browser/test_phone.py.
 */
(function (modules) {
    "use strict";
    var script = document.currentScript;  // its data-pages
    if (modules.pageNav) { return; }  // once per page
    modules.pageNav = {};
    var pages = [];
    try { pages = JSON.parse(script.getAttribute("data-pages") || "[]"); } catch (e) { return; }
    if (!pages.length) { return; }
    // the app's base path: the script is served from BASE + "app/static/..."
    var src = script.getAttribute("src") || "";
    var base = src.indexOf("app/static/") >= 0 ? src.slice(0, src.indexOf("app/static/")) : "/";

    function norm(path) { return path.replace(/\/+$/, "") || "/"; }
    function pathOf(page) { return norm(new URL(base + page.path, window.location.href).pathname); }
    function current() { return norm(window.location.pathname); }

    var nav = document.createElement("nav");
    nav.className = "hk-pagenav";
    nav.setAttribute("aria-label", "Paginamenu");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "hk-pagenav-button";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", "hk-pagenav-list");
    button.innerHTML = '<span aria-hidden="true">\u2630</span> Pagina\u2019s';
    var list = document.createElement("ul");
    list.id = "hk-pagenav-list";
    list.hidden = true;
    var links = pages.map(function (page) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.textContent = page.title;
        link.setAttribute("data-path", page.path);
        item.appendChild(link);
        list.appendChild(item);
        return link;
    });
    nav.appendChild(button);
    nav.appendChild(list);

    function refresh() {  // the addresses with today's view, the current page marked
        links.forEach(function (link, i) {
            var path = pathOf(pages[i]);
            link.href = path + window.location.search;
            if (path === current()) { link.setAttribute("aria-current", "page"); } else { link.removeAttribute("aria-current"); }
        });
    }
    function open(show) {
        if (show) { refresh(); }
        list.hidden = !show;
        button.setAttribute("aria-expanded", show ? "true" : "false");
    }
    button.addEventListener("click", function () { open(list.hidden); });
    nav.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && !list.hidden) { event.stopPropagation(); open(false); button.focus(); }
    });
    document.addEventListener("pointerdown", function (event) {
        if (!list.hidden && !nav.contains(event.target)) { open(false); }
    }, true);
    list.addEventListener("click", function (event) {
        var link = event.target.closest && event.target.closest("a");
        if (!link) { return; }
        open(false);
        if (event.button || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }  // a new tab
        var target = norm(new URL(link.href, window.location.href).pathname);
        var own = Array.prototype.find.call(
            document.querySelectorAll('a[data-testid="stSidebarNavLink"], a[data-testid="stTopNavLink"]'),
            function (a) { return norm(new URL(a.href, window.location.href).pathname) === target; });
        if (own) { event.preventDefault(); own.click(); }
    });

    // In Streamlit's top bar (React may draw the bar anew: put the menu back then).
    var queued = false;
    function place() {
        queued = false;
        var header = document.querySelector('header[data-testid="stHeader"]');
        if (header && nav.parentNode !== header) { header.appendChild(nav); }
        if (!list.hidden) { refresh(); }
    }
    new MutationObserver(function () {
        if (!queued) { queued = true; window.requestAnimationFrame(place); }
    }).observe(document.body, { childList: true, subtree: true });
    place();
})(window.hkModules = window.hkModules || {});
