/* Hotspotkaart: helpers shared by the browser files under static/map.
 *
 * Loaded before the others (see static/map/README.md for the module shape).
 */
(function (modules) {
    "use strict";
    var ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"};

    // Text as HTML: the only way text from the data reaches an HTML string.
    function esc(value) {
        return String(value).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; });
    }

    // A row of a compact payload ({fields, rows}) as an object.
    function unpack(fields, row) {
        var item = {};
        for (var i = 0; i < fields.length; i++) { item[fields[i]] = row[i]; }
        return item;
    }

    function reducedMotion() {
        return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    }

    // streamlit-folium links the stylesheets and runs the map's script without
    // waiting for them: `then` runs once `styled()` says they apply (or after
    // 5 s), and not during a zoom animation (Leaflet would drop a fit made
    // then). `owner.waiting` is true meanwhile.
    function whenStyled(map, styled, owner, then) {
        var tries = 0;
        owner.waiting = true;
        (function check() {
            if (map._animatingZoom) {
                map.once("zoomend", function () { setTimeout(check, 0); });
            } else if (styled() || ++tries > 500) {
                owner.waiting = false;
                then();
            } else {
                setTimeout(check, 10);
            }
        })();
    }

    modules.util = {esc: esc, unpack: unpack, reducedMotion: reducedMotion, whenStyled: whenStyled};
})(window.hkModules = window.hkModules || {});
