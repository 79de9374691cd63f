/* Hotspotkaart: the map by keyboard (part of the map's script, see mapview.js).
 *
 * Enter or Space on a focused marker selects it, Escape closes a popup; the
 * focus stays on its marker when the markers are redrawn; Leaflet's own
 * buttons get Dutch names.
 */
(function (modules) {
    "use strict";

    // The keys of map `core` (mapview.js): listenToKeys(map) and keepFocus(byId).
    modules.keyboard = function (core) {
        var state = core.state;

        // Enter or Space on a focused marker selects it as a click does; Escape closes a popup.
        function onKey(e) {
            var key = e.key;
            if (key === "Escape") {
                state.map.closePopup();
                return;
            }
            if (key !== "Enter" && key !== " ") { return; }
            // the marker's own position (spread out or not); its click listener reports the hotspot's
            var target = e.target, svg = target.querySelector && target.querySelector("svg[data-hotspot]");
            var marker = svg && L.DomUtil.hasClass(target, "hk-marker") && state.byId[svg.getAttribute("data-hotspot")];
            if (marker) {
                e.preventDefault();  // no keypress: Leaflet would toggle the popup again
                marker.fire("click", {originalEvent: e, latlng: marker.getLatLng()}, true);
            } else if (key === " " && L.DomUtil.hasClass(target, "hk-group")) {
                e.preventDefault();
                target.click();
            }
        }

        function onFocus(e) {
            var svg = e.target.querySelector && e.target.querySelector("svg[data-hotspot]");
            state.focusFor = svg ? svg.getAttribute("data-hotspot") : null;
        }

        // Leaflet's own controls speak English; give their buttons Dutch names.
        var DUTCH_TITLES = {
            ".leaflet-control-zoom-in": "Inzoomen",
            ".leaflet-control-zoom-out": "Uitzoomen",
            ".leaflet-control-layers-toggle": "Achtergrondkaart kiezen"
        };

        function dutchTitles(map) {
            Object.keys(DUTCH_TITLES).forEach(function (selector) {
                map.getContainer().querySelectorAll(selector).forEach(function (button) {
                    button.title = DUTCH_TITLES[selector];
                    button.setAttribute("aria-label", DUTCH_TITLES[selector]);
                });
            });
        }

        // Called when a new marker layer is added: keyboard users keep their place when the markers are redrawn.
        function keepFocus(byId) {
            var focus = state.focusFor;
            setTimeout(function () {
                // keyboard users keep their place when the markers are redrawn
                var again = focus && byId[focus];
                var lost = document.hasFocus() && (!document.activeElement || document.activeElement === document.body);
                if (again && again.getElement() && lost) {
                    again.getElement().focus({preventScroll: true});
                }
            }, 0);
        }

        function listenToKeys(map) {
            // after the rest of the base map's script has added its controls
            window.setTimeout(function () { dutchTitles(map); }, 0);
            map.on("popupopen", function (e) {  // Leaflet's close button speaks English ("Close popup")
                var close = e.popup && e.popup._closeButton;
                if (close) { close.setAttribute("aria-label", "Popup sluiten"); close.title = "Sluiten"; }
            });
            L.DomEvent.on(map.getContainer(), "keydown", onKey);
            L.DomEvent.on(map.getContainer(), "focusin", onFocus);
        }

        return {listenToKeys: listenToKeys, keepFocus: keepFocus};
    };
})(window.hkModules = window.hkModules || {});
