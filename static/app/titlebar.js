/* Hotspotkaart: the map page's title bar may wrap (the active filters in words,
 * at every width); its height sets --hk-titlebar, so the map below takes the
 * rest of the window. Linked by ui/layout.py. Without this script the bar
 * still wraps and the page scrolls a little.
 */
(function (modules) {
    "use strict";
    if (modules.titlebar) { return; }  // once per page
    var root = document.documentElement;
    var last = "";
    var queued = false;
    function measure() {
        queued = false;
        var bar = document.querySelector(".hk-titlebar");
        var value = bar ? Math.ceil(bar.getBoundingClientRect().height) + "px" : "";
        if (value === last) { return; }
        last = value;
        if (value) { root.style.setProperty("--hk-titlebar", value); } else { root.style.removeProperty("--hk-titlebar"); }
    }
    function queue() {
        if (!queued) { queued = true; window.requestAnimationFrame(measure); }
    }
    new MutationObserver(queue).observe(document.body, { childList: true, subtree: true, characterData: true });
    window.addEventListener("resize", queue);
    queue();
    modules.titlebar = {measure: queue};
})(window.hkModules = window.hkModules || {});
