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

    modules.util = {esc: esc, unpack: unpack, reducedMotion: reducedMotion};
})(window.hkModules = window.hkModules || {});
