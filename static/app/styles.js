/* Hotspotkaart: the pages' stylesheets kept in the page, one copy each, switched per page.
 *
 * Linked by ui/layout.py with the other page scripts; runs once per browser
 * tab. ui/assets.py's stylesheet(path) puts a marker on the page on every
 * run: <style data-hk-sheet="<the file's versioned URL>">, holding the
 * stylesheet's text (an empty marker is handled too). For every marker this script
 * keeps a stylesheet of its own at the end of the body (after Streamlit's
 * styles, where the marker is): a copy of the text it was sent, or, should
 * it only ever see an empty marker, a <link> to the file (cached by the
 * browser). A stylesheet whose marker has left the page is switched off, so
 * a page's own styles end when the visitor goes to another page and are on
 * again, at once, when they come back. One MutationObserver; its callback
 * runs before the browser paints, so the switch shows no unstyled moment.
 */
(function (modules) {
    "use strict";
    if (modules.styles) { return; }  // once per page

    var kept = {};  // versioned URL -> the <style> or <link> this script keeps

    function keep(marker, url) {
        var element;
        if (marker.textContent.trim()) {
            element = document.createElement("style");
            element.textContent = marker.textContent;
        } else {
            element = document.createElement("link");
            element.rel = "stylesheet";
            element.href = url;
        }
        element.setAttribute("data-hk-kept", url);
        document.body.appendChild(element);
        return element;
    }

    function sync() {
        var wanted = {};
        document.querySelectorAll("style[data-hk-sheet]").forEach(function (marker) {
            var url = marker.getAttribute("data-hk-sheet");
            wanted[url] = true;
            if (!kept[url]) { kept[url] = keep(marker, url); }
        });
        Object.keys(kept).forEach(function (url) {
            if (kept[url].disabled === !wanted[url]) { return; }
            kept[url].disabled = !wanted[url];
        });
    }

    sync();
    new MutationObserver(sync).observe(document.body, {childList: true, subtree: true});
    modules.styles = {sync: sync, kept: function () { return Object.keys(kept); }};
})(window.hkModules = window.hkModules || {});
