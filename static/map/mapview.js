/* Hotspotkaart: draws the hotspot markers, radius rings, names and controls in the browser.
 *
 * Served by the app (static/map, linked by hotspots/mapview/basemap.py as
 * files the browser caches), and set up once by the constant base map's
 * script, so its state survives the redraws. The layers that change with the filters send only compact data:
 * hk.markers(payload) and hk.rings(payload) (see marker_payload and
 * ring_payload in hotspots/mapview/). streamlit-folium evaluates those
 * layers again on every rerun, replacing the old ones.
 *
 * This file is the core: the map's state, its config, the geometry the
 * parts share, and the base map's setup. The parts, each a file beside it:
 * - markers.js: markers, grouped with Leaflet.markercluster when they
 *   overlap, tooltips and popups; the radius rings;
 * - fit.js: where the map looks;
 * - legend.js: the legend as a collapsible control;
 * - names.js: the hotspots' names as labels, with a toggle;
 * - keyboard.js: keys, focus and Dutch names for Leaflet's buttons.
 * Each part is a function of the map `core` (config, state, the core's
 * helpers) returning its functions, which are added to `core`; a part calls
 * another's through `core` (see static/map/README.md).
 *
 * Text from the data reaches the page only through esc() (tooltips, popups,
 * aria labels are HTML strings) or textContent (name labels).
 * hkModules.mapview(config) makes the map's script; the base map's script
 * calls it with `config` (see _browser_config in basemap.py), keeps the
 * result as window.hk and calls hk.setup(map, base), which adds the basemaps
 * and controls. The country outline is landen.geojson beside this file.
 */
(function (modules) {
    "use strict";
    var here = document.currentScript ? document.currentScript.src : null;
    var util = modules.util;  // util.js
    var PARTS = ["fit", "legend", "names", "markers", "keyboard"];
    var CORNERS = [["top", "left"], ["top", "right"], ["bottom", "left"], ["bottom", "right"]];

    modules.mapview = function (config) {
        // Survives the redraws.
        var state = {
            map: null,
            popupFor: null,      // the hotspot whose popup is open
            focusFor: null,      // the hotspot whose marker has the keyboard focus
            group: null,         // the current marker layer (a MarkerClusterGroup)
            entries: [],         // {marker, h} per hotspot of the current layer
            byId: {},            // hotspot id -> marker of the current layer
            fit: null,           // the last fit payload
            selected: null,      // the selected hotspot, kept in sight
            revealPending: false,
            toOpen: null,        // the marker whose popup opens again after a redraw
            fitted: null,        // {bounds, zoom, center} right after our last fit
            margin: config.fitGap + config.sizes.normaal / 2,  // fits keep this clear of edges and controls
            flying: false,
            waiting: false,      // the first fit waits for Leaflet's stylesheet
            chunking: false,
            legend: {control: null, button: null, panel: null, open: false, auto: true},
            overlays: [],        // open popups and tooltips
            namesOn: true,
            labelPane: null,
            labelEls: {},        // hotspot id -> label element
            labelSizes: {},      // label text -> [[width, height, classes] on one line, and wrapped where that differs]
            labelFrame: null,
            movedSinceCheck: false
        };
        var STATE_RANK = {geselecteerd: 0, bereik: 1, normaal: 2, gedimd: 3};

        // ------------------------------------------------------------------ geometry

        function rect(left, top, width, height) {
            return {left: left, top: top, right: left + width, bottom: top + height};
        }

        function overlaps(a, b) {
            return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        }

        // An element's box relative to the map container.
        function boxOf(element) {
            var outer = state.map.getContainer().getBoundingClientRect(), r = element.getBoundingClientRect();
            return rect(r.left - outer.left, r.top - outer.top, r.width, r.height);
        }

        function visible(element) {
            return element && element.offsetWidth > 0 && element.offsetHeight > 0 &&
                getComputedStyle(element).visibility !== "hidden";
        }

        // The controls of each corner: how far they reach in from the map's edges.
        function corners() {
            var container = state.map.getContainer(), size = state.map.getSize(), out = [];
            CORNERS.forEach(function (corner) {
                var element = container.querySelector(
                    ".leaflet-control-container .leaflet-" + corner[0] + ".leaflet-" + corner[1]);
                var reach = {vertical: corner[0], horizontal: corner[1], w: 0, h: 0, boxes: []};
                Array.prototype.forEach.call(element ? element.children : [], function (control) {
                    if (!visible(control)) { return; }
                    var b = boxOf(control);
                    reach.boxes.push(b);
                    reach.w = Math.max(reach.w, corner[1] === "left" ? b.right : size.x - b.left);
                    reach.h = Math.max(reach.h, corner[0] === "top" ? b.bottom : size.y - b.top);
                });
                out.push(reach);
            });
            return out;
        }

        function controlBoxes() {
            var boxes = [];
            corners().forEach(function (c) { boxes = boxes.concat(c.boxes); });
            return boxes;
        }

        // The map and its parts: each adds its functions to `core`.
        var core = {
            config: config, state: state, STATE_RANK: STATE_RANK, NARROW_MAP_PX: 600,
            rect: rect, overlaps: overlaps, boxOf: boxOf, visible: visible, corners: corners, controlBoxes: controlBoxes
        };
        PARTS.forEach(function (name) {
            var part = modules[name](core);
            Object.keys(part).forEach(function (key) { core[key] = part[key]; });
        });

        // ------------------------------------------------------------------ setup

        function init(map) {
            state.map = map;
            // the map's frame is Dutch too (WCAG 3.1.1); the map says what it is and how to move it
            document.documentElement.setAttribute("lang", "nl");
            map.getContainer().setAttribute("aria-label",
                "Kaart. Pijltjestoetsen verschuiven, plus en min zoomen, Tab gaat naar de hotspots.");
            map.getContainer().setAttribute("role", "region");
            if (map.attributionControl) {
                map.attributionControl.setPrefix("<a href=\"https://leafletjs.com\" " +
                    "title=\"Een JavaScript-bibliotheek voor interactieve kaarten\">Leaflet</a>");
            }
            state.labelPane = map.createPane("hk-labels");
            state.labelPane.style.zIndex = 590;  // over rings (400), under markers (600)
            state.labelPane.style.pointerEvents = "none";
            // an open popup lies over the controls where it cannot keep clear of them: its close button stays reachable
            map.getPane("popupPane").style.zIndex = 850;
            map.getContainer().style.setProperty("--hk-label-size", config.labelSize + "px");
            map.on("zoomstart", function () { L.DomUtil.addClass(state.labelPane, "hk-labels-hidden"); });
            map.on("moveend", function () {
                state.movedSinceCheck = true;
                state.revealPending = true;
                core.updateOverlayClearance();
                core.scheduleLabels();
            });
            map.on("resize", function () {
                if (state.legend.auto) { core.setLegend(map.getSize().x >= config.legendOpenFrom); }
                fitAttribution();
                if (state.fitted && core.untouched()) {
                    map.fitBounds(state.fitted.bounds, L.extend({animate: false}, core.fitOptions(state.fitted.bounds)));
                    core.remember(state.fitted.bounds);
                }
                core.scheduleLabels();
            });
            map.on("popupopen tooltipopen", function (e) {
                state.overlays.push(e.popup || e.tooltip);
                core.updateOverlayClearance();
            });
            map.on("popupclose tooltipclose", function (e) {
                var overlay = e.popup || e.tooltip;
                state.overlays = state.overlays.filter(function (o) { return o !== overlay; });
                // a closed popup fades out (0.2 s): the legend comes back once it is gone
                setTimeout(core.updateOverlayClearance, e.popup && map._fadeAnimated ? 220 : 0);
            });
            L.control.scale({imperial: false, maxWidth: 120}).addTo(map);  // kilometres only
            core.listenToKeys(map);
        }

        // On a narrow map (a phone) the basemap's credit keeps to one line, cut
        // off with "…", so it covers no more of the map than that; a tap on it
        // (not on its links) shows it whole, another tap folds it again.
        function fitAttribution() {
            var control = state.map && state.map.attributionControl, element = control && control.getContainer();
            if (!element) { return; }
            var folded = state.map.getSize().x < core.NARROW_MAP_PX && !element.hkOpen;
            element.style.whiteSpace = folded ? "nowrap" : "";
            element.style.overflow = folded ? "hidden" : "";
            element.style.textOverflow = folded ? "ellipsis" : "";
            element.title = folded ? element.textContent : "";
            if (!element.hkListens) {
                element.hkListens = true;
                L.DomEvent.on(element, "click", function (e) {
                    if (e.target.closest && e.target.closest("a")) { return; }
                    element.hkOpen = !element.hkOpen;
                    fitAttribution();
                });
            }
        }

        // The legend (top left, under zoom and fullscreen) and the names toggle
        // (top right, under the basemaps). Called after the other controls are added.
        function controls(map, legendHtml) {
            state.legend.control = core.legendControl(legendHtml).addTo(map);
            core.namesControl().addTo(map);
            core.setLegend(map.getSize().x >= config.legendOpenFrom);
        }

        // The Netherlands and its neighbours in a pane under the tiles: when the
        // tiles load they cover it; when they fail (offline, blocked) it is the
        // background, so the hotspots still have a map around them.
        function outline(map, styles) {
            map.createPane("hk-fallback").style.zIndex = 150;
            if (!here) { return; }
            var url = new URL("landen.geojson", here);
            url.search = new URL(here).search;  // the same version as this file
            fetch(url.href).then(function (response) {
                if (!response.ok) { throw new Error(response.status + " " + url.href); }
                return response.json();
            }).then(function (countries) {
                L.geoJSON(countries, {
                    pane: "hk-fallback", interactive: false,
                    style: function (f) { return f.properties.naam === "Nederland" ? styles.home : styles.abroad; }
                }).addTo(map);
            }).catch(function (error) { console.warn("Hotspotkaart: no country outline", error); });
        }

        // The whole base map (basemap.py's _base_config), in this order: the
        // outline, the basemaps (the first shown) with their chooser, the
        // fullscreen button (Leaflet.fullscreen), then the legend and names toggle.
        function setup(map, base) {
            init(map);
            outline(map, base.outline);
            var choices = {};
            base.basemaps.forEach(function (b) {
                choices[b.name] = L.tileLayer(b.url, b.options);
                if (b.show) { choices[b.name].addTo(map); }
            });
            L.control.layers(choices, {}, base.layerControl).addTo(map);
            L.control.fullscreen(base.fullscreen).addTo(map);
            controls(map, base.legend);
            fitAttribution();
        }

        // For tests and scripts: whether the map has settled: its markers drawn,
        // its size taken in, no flight or animation, no labels waiting to be placed.
        function idle() {
            var map = state.map;
            if (!map || !state.group || !map.hasLayer(state.group)) { return false; }
            var container = map.getContainer(), size = map.getSize();
            return size.x === container.clientWidth && size.y === container.clientHeight &&
                !state.flying && !state.waiting && !state.chunking && state.labelFrame === null &&
                !map._animatingZoom && !(map._panAnim && map._panAnim._inProgress) && !state.group._inZoomAnimation;
        }

        return {
            esc: util.esc, setup: setup, markers: core.markers, rings: core.rings, popupHtml: core.popupHtml, styled: core.styled,
            shortName: core.shortName, idle: idle, fitOptions: core.fitOptions,
            // the legend opened or closed by a key (presentation.js: L), as its button does
            toggleLegend: function () { state.legend.auto = false; core.setLegend(!state.legend.open); },
            legendOpen: function () { return state.legend.open; },
            map: function () { return state.map; },
            group: function () { return state.group; },
            marker: function (id) { return state.byId[id] || null; }
        };
    };
})(window.hkModules = window.hkModules || {});
