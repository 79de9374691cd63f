/* Hotspotkaart: where the map looks (part of the map's script, see mapview.js).
 *
 * The first view fits the shown hotspots, a new selection flies to its
 * ring, a new scope flies to the scope's hotspots, nothing else moves the
 * map. The fit is padded for the controls in the corners, so no marker ends
 * up under one.
 */
(function (modules) {
    "use strict";
    var util = modules.util;  // util.js
    var reducedMotion = util.reducedMotion;

    // The fit of map `core` (mapview.js): fitOptions, fitTo, applyFit, untouched, remember, styled.
    modules.fit = function (core) {
        var config = core.config, state = core.state, corners = core.corners;

        // Padding for a fit: each corner's controls are kept clear either by
        // padding that side horizontally or vertically; of the 16 choices the one
        // that allows the largest zoom wins (then the one leaving the most room).
        // Half the largest marker (state.margin) more on every side keeps whole markers inside.
        function fitOptions(bounds) {
            var map = state.map, size = map.getSize(), margin = state.margin, best = null;
            var reach = corners();
            for (var choice = 0; choice < 16; choice++) {
                var tl = L.point(margin, margin), br = L.point(margin, margin);
                reach.forEach(function (c, i) {
                    if (!c.w || !c.h) { return; }
                    var sideways = (choice >> i) & 1;
                    if (sideways && c.horizontal === "left") { tl.x = Math.max(tl.x, c.w + margin); }
                    if (sideways && c.horizontal === "right") { br.x = Math.max(br.x, c.w + margin); }
                    if (!sideways && c.vertical === "top") { tl.y = Math.max(tl.y, c.h + margin); }
                    if (!sideways && c.vertical === "bottom") { br.y = Math.max(br.y, c.h + margin); }
                });
                var room = size.subtract(tl).subtract(br);
                if (room.x < 40 || room.y < 40) { continue; }
                var zoom = Math.min(map.getBoundsZoom(bounds, false, tl.add(br)), config.fitMaxZoom);
                var area = room.x * room.y;
                if (!best || zoom > best.zoom || (zoom === best.zoom && area > best.area)) {
                    best = {zoom: zoom, area: area, tl: tl, br: br};
                }
            }
            if (!best) { return {maxZoom: config.fitMaxZoom}; }
            return {paddingTopLeft: best.tl, paddingBottomRight: best.br, maxZoom: config.fitMaxZoom};
        }

        function remember(bounds) {
            state.fitted = {bounds: bounds, zoom: state.map.getZoom(), center: state.map.getCenter()};
        }

        // A selection's ring on a phone: fitted whole, the ring would be drawn at a
        // smaller scale than on a desktop, its hotspots in one blob. There the map
        // takes the scale a desktop map would (DESKTOP_MAP_PX for the ring), centred
        // on the ring; its edge may lie beyond the screen.
        var NARROW_MAP_PX = core.NARROW_MAP_PX, DESKTOP_MAP_PX = 480;

        function phoneRingView(bounds, options) {
            var map = state.map, size = map.getSize();
            if (size.x >= NARROW_MAP_PX) { return null; }
            var padding = options.paddingTopLeft ? options.paddingTopLeft.add(options.paddingBottomRight) : L.point(0, 0);
            var usable = Math.min(size.x - padding.x, size.y - padding.y);
            var fitted = Math.min(map.getBoundsZoom(bounds, false, padding), options.maxZoom);
            if (usable <= 0 || usable >= DESKTOP_MAP_PX) { return null; }
            var snap = map.options.zoomSnap || 1;
            var zoom = Math.min(options.maxZoom, Math.floor((fitted + Math.log2(DESKTOP_MAP_PX / usable)) / snap) * snap);
            return zoom > fitted ? {center: bounds.getCenter(), zoom: zoom} : null;
        }

        function fitTo(latlngs, animate, ring) {
            var map = state.map, bounds = L.latLngBounds(latlngs), options = fitOptions(bounds);
            state.fitted = null;
            var phone = ring ? phoneRingView(bounds, options) : null;
            if (phone) {
                if (animate && !reducedMotion()) {
                    state.flying = true;
                    map.flyTo(phone.center, phone.zoom, {duration: config.flySeconds});
                    map.once("moveend", function () { state.flying = false; });
                } else {
                    map.setView(phone.center, phone.zoom, {animate: false});
                }
                return;
            }
            if (animate && !reducedMotion()) {
                var padding = options.paddingTopLeft ? options.paddingTopLeft.add(options.paddingBottomRight) : L.point(0, 0);
                var zoom = Math.min(map.getBoundsZoom(bounds, false, padding), options.maxZoom);
                state.flying = true;
                map.flyToBounds(bounds, L.extend({duration: config.flySeconds}, options));
                map.once("moveend", function () {
                    state.flying = false;
                    if (map.getZoom() === zoom) { remember(bounds); }  // not when the user took over mid-flight
                });
            } else {
                map.fitBounds(bounds, L.extend({animate: false}, options));
                remember(bounds);
            }
        }

        // streamlit-folium links the stylesheets (Leaflet's, the plugins', the
        // app's own in static/map) and runs the map's script without waiting for
        // them; until they apply, the controls are not yet in their corners, the
        // map not yet its size, and neither names nor controls can be measured.
        function styled() {
            var corner = state.map.getContainer().querySelector(".leaflet-control-container .leaflet-top");
            var sheets = document.querySelectorAll('link[rel="stylesheet"]');
            for (var i = 0; i < sheets.length; i++) {
                if (!sheets[i].sheet) { return false; }
            }
            return !!corner && getComputedStyle(corner).position === "absolute";
        }

        // The map moves only when attention moves: the first view, a newly
        // selected hotspot, another scope. Every other change keeps the view.
        function applyFit(fit) {
            if (!fit) { return; }
            var last = state.fit;
            state.fit = fit;
            if (last === null) {
                // (util.whenStyled also waits for a zoom animation's end: Leaflet would drop a fit during one)
                util.whenStyled(state.map, styled, state, function () {
                    state.map.invalidateSize();  // the styles may have changed the map's size
                    var first = state.fit;  // the latest, should another have come meanwhile
                    var ring = !!(first.hotspot && first.ringBounds);
                    fitTo(ring ? first.ringBounds : first.scopeBounds, false, ring);
                });
            } else if (state.waiting) {
                return;  // the first fit, still to come, takes the latest target
            } else if (fit.hotspot && fit.ringBounds && fit.hotspot !== last.hotspot) {
                fitTo(fit.ringBounds, true, true);
            } else if (fit.scope !== last.scope) {
                fitTo(fit.scopeBounds, true);
            }
        }

        // Still the view we fitted (the user has not moved it): a new size fits again.
        function untouched() {
            var f = state.fitted, map = state.map;
            if (!f || state.flying || map.getZoom() !== f.zoom) { return false; }
            return map.latLngToContainerPoint(f.center).distanceTo(map.getSize().divideBy(2)) < 1.5;
        }

        return {
            fitOptions: fitOptions, remember: remember, fitTo: fitTo, styled: styled,
            applyFit: applyFit, untouched: untouched
        };
    };
})(window.hkModules = window.hkModules || {});
