/* Hotspotkaart: draws the hotspot markers, radius rings, names and controls in the browser.
 *
 * Served by the app (static/map, linked by hotspots/mapview/basemap.py as
 * a file the browser caches), and set up once by the constant base map's
 * script, so its state survives the redraws. The layers that change with the filters send only compact data:
 * hk.markers(payload) and hk.rings(payload) (see marker_payload and
 * ring_payload in hotspots/mapview/). streamlit-folium evaluates those
 * layers again on every rerun, replacing the old ones.
 *
 * What lives here:
 * - markers, grouped with Leaflet.markercluster when they overlap (a click
 *   on a group spreads it out), tooltips and popups;
 * - where the map looks (fit): the first view fits the shown hotspots, a new
 *   selection flies to its ring, a new scope flies to the scope's hotspots,
 *   nothing else moves the map. The fit is padded for the controls in the
 *   corners, so no marker ends up under one;
 * - the legend as a collapsible control, which folds away when a marker
 *   comes to lie under it and steps aside for popups and tooltips;
 * - the hotspots' names as labels, placed greedily where they cover
 *   neither markers, controls nor each other, with a toggle.
 *
 * Text from the data reaches the page only through esc() (tooltips, popups,
 * aria labels are HTML strings) or textContent (name labels).
 * The file defines window.hkMapview(config); the base map's script calls it
 * with `config` (see _browser_config in basemap.py), keeps the result as
 * window.hk and calls hk.setup(map, base), which adds the basemaps and
 * controls. The country outline is landen.geojson beside this file.
 */
window.hkMapview = (function (here) {
  "use strict";
  return function (config) {
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
        labelSizes: {},      // label text -> [[width, height] on one line, and wrapped if that differs]
        labelFrame: null,
        movedSinceCheck: false
    };
    var ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"};
    var STATE_RANK = {geselecteerd: 0, bereik: 1, normaal: 2, gedimd: 3};
    var CORNERS = [["top", "left"], ["top", "right"], ["bottom", "left"], ["bottom", "right"]];

    function esc(value) {
        return String(value).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; });
    }

    function estimateMark(estimated) {
        return estimated ? " <span class=\"hk-est\">" + esc(config.estimate) + "</span>" : "";
    }

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

    // ------------------------------------------------------------------ fit

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

    function reducedMotion() {
        return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    }

    function remember(bounds) {
        state.fitted = {bounds: bounds, zoom: state.map.getZoom(), center: state.map.getCenter()};
    }

    // A selection's ring on a phone: fitted whole, the ring would be drawn at a
    // smaller scale than on a desktop, its hotspots in one blob. There the map
    // takes the scale a desktop map would (DESKTOP_MAP_PX for the ring), centred
    // on the ring; its edge may lie beyond the screen.
    var NARROW_MAP_PX = 600, DESKTOP_MAP_PX = 480;

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

    // A fit during a zoom animation would be dropped by Leaflet: wait for its end too.
    function whenStyled(then) {
        var tries = 0, map = state.map;
        state.waiting = true;
        (function check() {
            if (map._animatingZoom) {
                map.once("zoomend", function () { setTimeout(check, 0); });
            } else if (styled() || ++tries > 500) {
                state.waiting = false;
                map.invalidateSize();  // the styles may have changed the map's size
                then();
            } else {
                setTimeout(check, 10);
            }
        })();
    }

    // The map moves only when attention moves: the first view, a newly
    // selected hotspot, another scope. Every other change keeps the view.
    function applyFit(fit) {
        if (!fit) { return; }
        var last = state.fit;
        state.fit = fit;
        if (last === null) {
            whenStyled(function () {
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

    // ------------------------------------------------------------------ legend

    function setLegend(open) {
        var legend = state.legend;
        if (!legend.button) { return; }
        legend.open = open;
        legend.button.setAttribute("aria-expanded", open ? "true" : "false");
        legend.panel.hidden = !open;
        updateOverlayClearance();
        scheduleLabels();
    }

    function legendControl(html) {
        var control = L.control({position: "topleft"});
        control.onAdd = function () {
            var div = L.DomUtil.create("div", "hk-legend-control");
            div.innerHTML = "<button type=\"button\" class=\"hk-legend-toggle\" aria-expanded=\"false\" " +
                "aria-controls=\"hk-legend-panel\">Legenda</button>" +
                "<div class=\"hk-legend-panel\" id=\"hk-legend-panel\" hidden>" + html + "</div>";
            state.legend.button = div.firstChild;
            state.legend.panel = div.lastChild;
            L.DomEvent.on(state.legend.button, "click", function () {
                state.legend.auto = false;  // the user decides from now on
                setLegend(!state.legend.open);
            });
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        return control;
    }

    // After the map has moved (the user panned or zoomed, or a fit): a marker
    // under the open legend folds it away. The user's own click on "Legenda"
    // is obeyed, also when the markers are redrawn; the next move checks again.
    function clearLegendOfMarkers(items) {
        var legend = state.legend;
        if (!legend.open || !legend.control) { return; }
        var box = boxOf(legend.control.getContainer());
        var covered = items.some(function (item) {
            return item.x > box.left && item.x < box.right && item.y > box.top && item.y < box.bottom;
        });
        if (covered) {
            legend.auto = false;
            setLegend(false);
        }
    }

    // Popups and tooltips are never drawn under the legend: popups pan clear
    // of the corners' controls; when one still overlaps it (a popup reopened
    // after a redraw does not pan), the legend steps aside while it is open.
    function updateOverlayClearance() {
        var map = state.map, legend = state.legend;
        if (!map || !legend.control) { return; }
        var container = map.getContainer();
        var wasHidden = container.classList.contains("hk-legend-yield");
        container.classList.remove("hk-legend-yield");
        var box = boxOf(legend.control.getContainer());
        var hit = state.overlays.some(function (overlay) {
            var element = overlay.getElement && overlay.getElement();
            return element && map.hasLayer(overlay) && overlaps(boxOf(element), box);
        });
        container.classList.toggle("hk-legend-yield", hit);
        if (wasHidden !== hit) { scheduleLabels(); }
    }

    function popupPadding() {
        var tl = L.point(6, 6), br = L.point(6, 6);
        corners().forEach(function (c) {
            if (!c.w || !c.h) { return; }
            if (c.vertical === "top" && c.horizontal === "left") { tl.x = Math.max(tl.x, c.w + 6); }
            if (c.vertical === "top" && c.horizontal === "right") { tl.y = Math.max(tl.y, c.h + 6); }
            if (c.vertical === "bottom") { br.y = Math.max(br.y, c.h + 6); }
        });
        return {tl: tl, br: br};
    }

    // A popup fits wholly inside the map, its name and close button in view,
    // at every size: never wider than the map, and no taller than the room
    // above its marker (its facts scroll within), or, where that room is too
    // small, than the map. Autopan then brings it clear of the corners'
    // controls where it fits beside them, else inside the map's edges. When
    // the user closes it, a map it panned goes back where it was.
    var POPUP_CHROME = {x: 46, y: 28, tip: 20};  // Leaflet's wrapper padding and content margins; its tip
    var POPUP_EDGE = 6;

    function panBack() {
        var pan = state.popupPan, map = state.map;
        state.popupPan = null;
        if (!pan || !map || state.flying) { return; }
        if (map.getZoom() === pan.zoom && map.latLngToContainerPoint(pan.after).distanceTo(map.getSize().divideBy(2)) < 1.5) {
            map.panTo(pan.before, {animate: !reducedMotion()});
        }
    }

    var Popup = L.Popup.extend({
        _updateLayout: function () {
            var map = this._map;
            if (map) {
                var size = map.getSize(), padding = popupPadding();
                var widest = Math.max(120, size.x - 2 * POPUP_EDGE - POPUP_CHROME.x);
                this.options.maxWidth = Math.min(380, widest);
                this.options.minWidth = Math.min(260, this.options.maxWidth);
                var anchor = this._getAnchor();  // the marker's top
                var above = map.latLngToContainerPoint(this._latlng).y + anchor.y - POPUP_CHROME.tip - POPUP_CHROME.y -
                    Math.max(padding.tl.y, POPUP_EDGE);
                var tallest = size.y - Math.max(padding.tl.y, POPUP_EDGE) - Math.max(padding.br.y, POPUP_EDGE) -
                    POPUP_CHROME.tip - POPUP_CHROME.y - Math.abs(anchor.y);
                this.options.maxHeight = Math.max(80, Math.min(340, above >= 160 ? above : tallest));
            }
            L.Popup.prototype._updateLayout.apply(this, arguments);
            // Content taller than maxHeight scrolls: it takes the focus, so the
            // arrow keys scroll it too (WCAG 2.1.1), and says what it is.
            var content = this._contentNode;
            if (content && !content.hasAttribute("tabindex")) {
                content.setAttribute("tabindex", "0");
                content.setAttribute("role", "region");
                content.setAttribute("aria-label", "Details van de hotspot");
            }
        },
        _adjustPan: function () {
            var map = this._map;
            if (!map || !this.options.autoPan || !this._container) {
                return L.Popup.prototype._adjustPan.apply(this, arguments);
            }
            var padding = popupPadding(), size = map.getSize();
            var width = this._container.offsetWidth, height = this._container.offsetHeight + POPUP_CHROME.tip;
            // where the popup cannot keep clear of the controls, it keeps inside the map
            if (width + padding.tl.x + padding.br.x > size.x) { padding.tl.x = padding.br.x = POPUP_EDGE; }
            if (height + padding.tl.y + padding.br.y > size.y) { padding.tl.y = padding.br.y = POPUP_EDGE; }
            this.options.autoPanPaddingTopLeft = padding.tl;
            this.options.autoPanPaddingBottomRight = padding.br;
            var before = map.getCenter(), zoom = map.getZoom(), panned = false, result;
            var started = function () { panned = true; };
            map.on("autopanstart", started);
            if (reducedMotion()) {
                // the map jumps to show the popup instead of gliding (prefers-reduced-motion)
                var panBy = map.panBy;
                map.panBy = function (offset) { return panBy.call(map, offset, {animate: false}); };
                try {
                    result = L.Popup.prototype._adjustPan.apply(this, arguments);
                } finally {
                    delete map.panBy;
                }
            } else {
                result = L.Popup.prototype._adjustPan.apply(this, arguments);
            }
            map.off("autopanstart", started);
            if (!panned) { return result; }
            map.once("moveend", function () {
                if (map.getZoom() !== zoom || map.getCenter().equals(before)) { return; }
                // the first autopan of this popup is where the map goes back to
                var first = state.popupPan && state.popupPan.popup === this ? state.popupPan.before : before;
                state.popupPan = {popup: this, before: first, after: map.getCenter(), zoom: zoom};
            }, this);
            return result;
        }
    });

    // ------------------------------------------------------------------ names

    // The label's text: the name without a trailing explanation in brackets
    // ("MICS (Mechatronica Innovatie Campus Schiedam)" -> "MICS"); the full
    // name is in the tooltip and the popup.
    function shortName(name) {
        var short = String(name).replace(/\s*\([^()]*\)\s*$/, "");
        return short.length >= 2 ? short : String(name);
    }

    function namesControl() {
        var control = L.control({position: "topright"});
        control.onAdd = function () {
            var div = L.DomUtil.create("div", "hk-names-control");
            div.innerHTML = "<label><input type=\"checkbox\"> Namen op de kaart</label>";
            var input = div.querySelector("input");
            input.checked = state.namesOn;
            L.DomEvent.on(input, "change", function () {
                state.namesOn = input.checked;
                scheduleLabels();
            });
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        return control;
    }

    function scheduleLabels() {
        if (!state.map || state.labelFrame !== null) { return; }
        state.labelFrame = L.Util.requestAnimFrame(placeLabels);
    }

    function hideLabels() {
        Object.keys(state.labelEls).forEach(function (id) { state.labelEls[id].style.display = "none"; });
    }

    // What is on the map now: every marker and group marker in view, at its
    // position in the map container, with its half size.
    function visibleItems() {
        var map = state.map, group = state.group, size = map.getSize(), items = [], seen = {};
        if (!group || !map.hasLayer(group)) { return items; }
        state.entries.forEach(function (entry) {
            var shown = group.getVisibleParent(entry.marker);
            if (!shown || !map.hasLayer(shown)) { return; }
            var key = L.stamp(shown);
            if (seen[key]) {
                if (seen[key].members) { seen[key].members.push(entry); }
                return;
            }
            // where Leaflet puts the icon: its layer point, rounded
            var p = map.layerPointToContainerPoint(map.latLngToLayerPoint(shown.getLatLng()).round());
            if (p.x < 0 || p.y < 0 || p.x > size.x || p.y > size.y) { return; }
            var element = shown.getElement();
            var half = shown === entry.marker || !element ? config.sizes[entry.h.state] / 2 : element.offsetWidth / 2;
            var item = {x: p.x, y: p.y, half: half, entry: shown === entry.marker ? entry : null,
                        members: shown === entry.marker ? null : [entry]};
            seen[key] = item;
            items.push(item);
        });
        return items;
    }

    // What a label says and where it belongs: a marker's short name, or a
    // group's place and the names it holds ("Delft: Biotech Campus Delft,
    // Quantum Campus, RoboValley / FRAIM"), so grouped hotspots keep their names.
    function labelFor(item) {
        if (item.entry) {
            var h = item.entry.h;
            return {key: h.id, ids: [h.id], text: shortName(h.name), rank: STATE_RANK[h.state], order: h.name};
        }
        var members = item.members.slice().sort(function (a, b) {
            return STATE_RANK[a.h.state] - STATE_RANK[b.h.state] || a.h.name.localeCompare(b.h.name, "nl");
        });
        var places = members.map(function (m) { return String(m.h.place).split(",")[0].trim(); });
        var common = places.every(function (p) { return p === places[0]; }) ? places[0] : "";
        var names = members.map(function (m) { return shortName(m.h.name); });
        var ids = members.map(function (m) { return m.h.id; });
        return {key: "group:" + ids.slice().sort().join(" "), ids: ids,
                text: (common ? common + ": " : "") + names.join(", "),
                rank: STATE_RANK[members[0].h.state], order: members[0].h.name};
    }

    // The selection first, then those within reach, the rest; at each rank
    // the labels carrying the most names (groups) before single ones.
    function byImportance(a, b) {
        return a.label.rank - b.label.rank || b.label.ids.length - a.label.ids.length ||
            a.label.order.localeCompare(b.label.order, "nl");
    }

    function labelElement(label) {
        var element = state.labelEls[label.key];
        if (!element || element.textContent !== label.text) {
            if (element) { L.DomUtil.remove(element); }
            element = L.DomUtil.create("div", "hk-name", state.labelPane);
            element.textContent = label.text;  // text, never markup
            if (label.ids.length === 1) {
                element.setAttribute("data-hotspot", label.ids[0]);
            } else {
                L.DomUtil.addClass(element, "hk-name-group");
                element.setAttribute("data-hotspots", label.ids.join(" "));
            }
            element.setAttribute("aria-hidden", "true");  // the marker carries the name for screen readers
            state.labelEls[label.key] = element;
        }
        return element;
    }

    // Greedy placement: the selected hotspot first, then those within reach,
    // then by name; each label right, left, above or below its marker (above
    // and below centred or flush with the marker's side),
    // wherever it covers no marker, group marker, control, ring label or
    // other label and stays inside the map; else it is left out.
    function placeLabels() {
        state.labelFrame = null;
        var map = state.map, group = state.group;
        if (!map || state.flying || state.waiting) { return; }  // the fit's "moveend" schedules again
        if (group && group._inZoomAnimation) { return; }  // the group's "animationend" schedules again
        if (group && state.revealPending) {
            state.revealPending = false;
            if (revealSelection()) { return; }  // spreading out; "spiderfied" schedules again
        }
        if (state.toOpen) {
            // the popup that was open before the markers were redrawn, without panning the map
            var reopen = state.toOpen;
            state.toOpen = null;
            if (map.hasLayer(reopen)) { reopen.openPopup(); }
        }
        var items = visibleItems();
        if (state.movedSinceCheck) {
            state.movedSinceCheck = false;
            clearLegendOfMarkers(items);
        }
        L.DomUtil.removeClass(state.labelPane, "hk-labels-hidden");
        // markers, and groups small enough to name their members
        var candidates = items.filter(function (item) {
            return item.entry || item.members.length <= config.spreadMax;
        });
        if (!state.namesOn || candidates.length > config.labelMax) {
            hideLabels();
            return;
        }
        candidates.forEach(function (item) { item.label = labelFor(item); });
        candidates.sort(byImportance);
        var wanted = {};
        candidates.forEach(function (item) {
            item.element = labelElement(item.label);
            wanted[item.label.key] = true;
        });
        Object.keys(state.labelEls).forEach(function (id) {
            if (!wanted[id]) { state.labelEls[id].style.display = "none"; }
        });
        // measure the labels not measured before, on one line and wrapped, all at once
        var unmeasured = candidates.filter(function (item) { return !state.labelSizes[item.element.textContent]; });
        unmeasured.forEach(function (item) {
            item.element.style.visibility = "hidden";
            item.element.style.display = "";
            L.DomUtil.removeClass(item.element, "hk-name-wrap");
        });
        // whole pixels, rounded up, as the labels are placed at whole pixels
        function measure(element) {
            var r = element.getBoundingClientRect();
            return [Math.ceil(r.width), Math.ceil(r.height)];
        }
        var lines = unmeasured.map(function (item) { return measure(item.element); });
        unmeasured.forEach(function (item) { L.DomUtil.addClass(item.element, "hk-name-wrap"); });
        unmeasured.forEach(function (item, i) {
            var wrapped = measure(item.element), line = lines[i];
            if (line[0] > 0) {
                state.labelSizes[item.element.textContent] = wrapped[1] > line[1] ? [line, wrapped] : [line];
            }
        });

        var size = map.getSize(), gap = config.labelGap, edge = 2;
        var obstacles = items.map(function (item) {
            return rect(item.x - item.half, item.y - item.half, 2 * item.half, 2 * item.half);
        });
        obstacles = obstacles.concat(controlBoxes());
        // ring labels, and the faded group marker of a spread-out group
        var others = map.getContainer().querySelectorAll(".hk-ring-label, .hk-group");
        Array.prototype.forEach.call(others, function (element) { obstacles.push(boxOf(element)); });
        var placed = [];
        function free(o) {
            if (o.left < edge || o.top < edge || o.right > size.x - edge || o.bottom > size.y - edge) { return false; }
            return !obstacles.some(function (b) { return overlaps(o, b); }) &&
                !placed.some(function (b) { return overlaps(o, b); });
        }
        candidates.forEach(function (item) {
            var variants = state.labelSizes[item.element.textContent] || [], spot = null, wrap = false;
            // on one line if it fits anywhere, else wrapped over two or three lines
            for (var v = 0; v < variants.length && !spot; v++) {
                var w = variants[v][0], h = variants[v][1], r = item.half + gap;
                var options = [
                    rect(item.x + r, item.y - h / 2, w, h),   // right
                    rect(item.x - r - w, item.y - h / 2, w, h),   // left
                    rect(item.x - w / 2, item.y - r - h, w, h),   // above: centred,
                    rect(item.x - item.half, item.y - r - h, w, h),   // starting at the marker,
                    rect(item.x + item.half - w, item.y - r - h, w, h),   // ending at the marker
                    rect(item.x - w / 2, item.y + r, w, h),   // below, the same three ways
                    rect(item.x - item.half, item.y + r, w, h),
                    rect(item.x + item.half - w, item.y + r, w, h)
                ];
                if (item.label.rank === 0) {
                    // the selection's name may stand a little apart, beyond its neighbours
                    var far = r + config.sizes.normaal;
                    options.push(rect(item.x + far, item.y - h / 2, w, h), rect(item.x - far - w, item.y - h / 2, w, h),
                        rect(item.x - w / 2, item.y - far - h, w, h), rect(item.x - w / 2, item.y + far, w, h));
                }
                spot = options.filter(free)[0] || null;
                wrap = v > 0;
            }
            if (!spot) {
                item.element.style.display = "none";
                return;
            }
            placed.push(spot);
            L.DomUtil[wrap ? "addClass" : "removeClass"](item.element, "hk-name-wrap");
            var at = map.containerPointToLayerPoint([Math.round(spot.left), Math.round(spot.top)]);
            L.DomUtil.setPosition(item.element, at);
            item.element.style.display = "";
            item.element.style.visibility = "";
        });
    }

    // ------------------------------------------------------------------ markers

    // The selected hotspot is drawn on its own (never in a group); a group
    // lying under it (hotspots at the same campus) is spread out around it,
    // so none of them hides behind the selection.
    function revealSelection() {
        var marker = state.selected && state.byId[state.selected], group = state.group, map = state.map;
        if (!marker || !map.hasLayer(marker)) { return false; }
        var at = map.latLngToContainerPoint(marker.getLatLng()), reach = config.sizes.geselecteerd / 2;
        var under = null, nearest = Infinity;
        state.entries.forEach(function (entry) {
            var shown = group.getVisibleParent(entry.marker);
            if (!shown || shown === entry.marker || !map.hasLayer(shown) || !shown.spiderfy) { return; }
            var element = shown.getElement(), half = element ? element.offsetWidth / 2 : 15;
            var distance = map.latLngToContainerPoint(shown.getLatLng()).distanceTo(at);
            if (distance < reach + half && distance < nearest) { under = shown; nearest = distance; }
        });
        if (!under || group._spiderfied === under) { return false; }
        under.spiderfy();
        return true;
    }

    // The popup: place, the hotspot's facts (hotspots.describe.facts, the
    // same the detail panel and the export show), focus and sources.
    function popupHtml(hotspot, payload) {
        var table = hotspot.facts.map(function (fact, i) {
            return "<tr><th>" + esc(config.factLabels[i]) + "</th><td>" + esc(payload.texts[fact[0]]) +
                estimateMark(fact[1]) + "</td></tr>";
        }).join("");
        var cited = hotspot.sources.map(function (i) { return "<li>" + esc(payload.sources[i]) + "</li>"; }).join("");
        var location = hotspot.location_estimated
            ? "<div class=\"hk-note\">Locatie:" + estimateMark(true) + " (campus of kernlocatie)</div>"
            : "";
        return "<div class=\"hk-popup\"><h2>" + esc(hotspot.name) + "</h2>" +
            "<div class=\"hk-place\">" + esc(hotspot.place) + "</div>" +
            "<table>" + table + "</table>" +
            "<p class=\"hk-focus\">" + esc(hotspot.focus) + "</p>" +
            "<div class=\"hk-sources\">Bronnen:<ul>" + cited + "</ul></div>" + location + "</div>";
    }

    function unpack(fields, row) {
        var hotspot = {};
        for (var i = 0; i < fields.length; i++) { hotspot[fields[i]] = row[i]; }
        return hotspot;
    }

    // A group marker: the count, in the colour of its most important member
    // (a group holding the selection is marked as such).
    function groupIcon(large) {
        return function (cluster) {
            var members = cluster.getAllChildMarkers(), count = members.length, rank = "gedimd";
            members.forEach(function (m) {
                if (STATE_RANK[m.hk.state] < STATE_RANK[rank]) { rank = m.hk.state; }
            });
            var spreads = !large || count <= config.spreadMax;
            var names = spreads ? members.map(function (m) { return m.hk.name; }).sort().join(", ") : "";
            var label = count + " hotspots op één plek" +
                (spreads ? ": " + names + ". Klik om ze uit te spreiden." : ". Klik om in te zoomen.");
            var size = count < 10 ? 30 : count < 100 ? 36 : 42;
            if (!cluster.hkListens) {
                // A group is no hotspot: its click must not be reported as one.
                cluster.on("click", function (e) { e.latlng = null; });
                cluster.hkListens = true;
            }
            var icon = L.divIcon({
                html: "<span>" + count + "</span>", className: "hk-group hk-group-" + rank, iconSize: [size, size]
            });
            icon.createIcon = function (old) {
                var div = L.DivIcon.prototype.createIcon.call(this, old);
                div.setAttribute("aria-label", label);
                div.setAttribute("title", count + " hotspots op één plek");
                return div;
            };
            return icon;
        };
    }

    function groupLayer(large) {
        var group = L.markerClusterGroup({
            // Small data: only markers that overlap form a group, at every zoom,
            // and a click spreads it out. Large data (payload.large): wider groups
            // while zoomed out, and a click on a big group zooms in.
            maxClusterRadius: !large ? config.groupRadius : function (zoom) {
                return zoom < config.largeGroupZoom ? config.largeGroupRadius : config.groupRadius;
            },
            spiderfyOnEveryZoom: !large,
            spiderfyOnMaxZoom: false,
            zoomToBoundsOnClick: false,
            showCoverageOnHover: false,
            spiderfyDistanceMultiplier: config.spreadDistance,
            animate: !reducedMotion(),  // groups spread out and close without moving when motion is reduced
            spiderLegPolylineOptions: {
                weight: 1.5, color: "#1E293B", opacity: 0.6, interactive: false, className: "hk-spread-leg"
            },
            chunkedLoading: true,
            chunkProgress: function (done, total) {
                state.chunking = done < total;
                if (!state.chunking) { scheduleLabels(); }
            },
            iconCreateFunction: groupIcon(large)
        });
        if (large) {
            group.on("clusterclick clusterkeypress", function (e) {
                var key = e.originalEvent && e.originalEvent.keyCode;
                if (e.type === "clusterkeypress" && key !== 13) { return; }
                var cluster = e.layer, map = state.map;
                if (cluster.getChildCount() <= config.spreadMax || map.getZoom() >= map.getMaxZoom()) {
                    cluster.spiderfy();
                } else {
                    var options = L.extend(fitOptions(cluster.getBounds()), {maxZoom: map.getMaxZoom()});
                    map.fitBounds(cluster.getBounds(), options);
                }
            });
        }
        group.on("animationend spiderfied unspiderfied", scheduleLabels);
        group.on("unspiderfied", function (e) {
            // markercluster resets the z-offset of spread markers to 0
            e.markers.forEach(function (m) { m.setZIndexOffset(config.zOffsets[m.hk.state]); });
        });
        return group;
    }

    // What a screen reader says of a marker: name, type, phase and state
    // ("RoboValley / FRAIM, Engineering, fase Groei, geselecteerd").
    var STATE_WORDS = {normaal: "", geselecteerd: "geselecteerd", bereik: "binnen de straal", gedimd: "buiten de straal"};

    function markerName(h, payload) {
        var parts = [h.name];
        if (h.facts && h.facts.length > 1) {
            parts.push(payload.texts[h.facts[0][0]], "fase " + payload.texts[h.facts[1][0]]);
        }
        if (STATE_WORDS[h.state]) { parts.push(STATE_WORDS[h.state]); }
        return parts.join(", ");
    }

    // One marker per hotspot: an inline SVG (colour by type, shape by phase)
    // from the payload's icon table, tooltip with the name, popup on demand.
    // A popup the user opened stays open through the one redraw its click
    // causes (the click selects the hotspot; streamlit-folium replaces the
    // whole layer); any later redraw (another filter, radius or selection)
    // closes it. A selection made in the sidebar or the URL opens none: the
    // detail panel shows the hotspot.
    // The selected hotspot's marker is never part of a group: it is drawn
    // beside the group layer (added and removed with it) and listed by the
    // group's eachLayer and getLayers, so group members and selection are all the markers.
    function markers(payload) {
        var entries = [], byId = {}, toOpen = null, selected = null;
        var open = state.popupCarry ? state.popupFor : null;
        state.popupCarry = false;
        state.popupFor = open;
        // Fits keep half the largest marker (and a little) clear of the edges and controls.
        var sizeAt = payload.fields.indexOf("state");
        state.margin = config.fitGap + payload.rows.reduce(function (largest, row) {
            return Math.max(largest, config.sizes[row[sizeAt]] / 2);
        }, config.sizes.normaal / 2);
        // Before the layer is added, so the groups are made for the new view at once.
        applyFit(payload.fit);
        var group = groupLayer(!!payload.large);
        var layers = payload.rows.map(function (row) {
            var h = unpack(payload.fields, row), size = config.sizes[h.state];
            // the id lets tests and scripts find a marker; the name is what a screen reader says
            var svg = payload.icons[h.icon].replace("<svg ", "<svg data-hotspot=\"" + esc(h.id) +
                "\" role=\"img\" aria-label=\"" + esc(markerName(h, payload)) + "\" ");
            var marker = L.marker([h.lat, h.lng], {
                icon: L.divIcon({
                    html: svg, className: "hk-marker hk-" + h.state, iconSize: [size, size],
                    iconAnchor: [size / 2, size / 2], popupAnchor: [0, -size / 2], tooltipAnchor: [0, -size / 2]
                }),
                zIndexOffset: config.zOffsets[h.state]
            });
            marker.hk = h;
            // what Leaflet's GeoJSON layer would set: lets tools count and identify markers
            marker.feature = {type: "Feature", geometry: {type: "Point", coordinates: [h.lng, h.lat]},
                properties: {id: h.id}};
            marker.bindTooltip("<strong>" + esc(h.name) + "</strong>", {direction: "top", className: "hk-tooltip"});
            var popup = new Popup({maxWidth: 380, minWidth: 260, maxHeight: 340, className: "hk-popup-wrap"});
            marker.bindPopup(popup.setContent(function () { return popupHtml(h, payload); }));
            // A spread-out marker sits away from its hotspot: after the popup has
            // opened where the marker is, the click reports the hotspot's own
            // position (streamlit-folium registers its listener later and sends
            // e.latlng to the app, which selects the hotspot at that position).
            marker.on("click", function (e) { e.latlng = L.latLng(h.lat, h.lng); });
            if (open !== null && h.id === open) { toOpen = marker; }
            if (h.state === "geselecteerd") { selected = h.id; }
            entries.push({marker: marker, h: h});
            byId[h.id] = marker;
            return marker;
        });
        var alone = selected !== null ? byId[selected] : null;
        group.addLayers(alone ? layers.filter(function (m) { return m !== alone; }) : layers);
        if (alone) {
            group.eachLayer = function (fn, context) {  // getLayers too
                L.MarkerClusterGroup.prototype.eachLayer.call(this, fn, context);
                fn.call(context, alone);
                return this;
            };
            group.on("add", function () { state.map.addLayer(alone); });
            group.on("remove", function () { state.map.removeLayer(alone); });
        }
        (alone ? [group, alone] : [group]).forEach(function (layer) {
            layer.on("popupopen", function (e) {
                var id = e.sourceTarget.feature.properties.id;
                // opened by the user (not reopened after a redraw): its click's redraw keeps it
                if (state.toOpen === null && state.popupFor !== id) { state.popupCarry = true; }
                state.popupFor = id;
            });
            layer.on("popupclose", function (e) {
                // closed by the user, not by the layer being replaced
                var marker = e.sourceTarget;
                if (state.map.hasLayer(marker) && state.popupFor === marker.feature.properties.id) {
                    state.popupFor = null;
                    state.popupCarry = false;
                    panBack();
                }
            });
        });
        group.on("add", function () {
            state.group = group;
            state.entries = entries;
            state.byId = byId;
            state.selected = selected;
            state.revealPending = true;
            state.toOpen = toOpen;  // placeLabels opens it once the layer has settled
            scheduleLabels();
            var focus = state.focusFor;
            setTimeout(function () {
                // keyboard users keep their place when the markers are redrawn
                var again = focus && byId[focus];
                var lost = document.hasFocus() && (!document.activeElement || document.activeElement === document.body);
                if (again && again.getElement() && lost) {
                    again.getElement().focus({preventScroll: true});
                }
            }, 0);
        });
        group.on("remove", function () {
            if (state.group === group) {
                state.group = null;
                state.entries = [];
                state.byId = {};
            }
        });
        return group;
    }

    // Geodesic rings (computed in Python) and their "80 km" labels; not clickable.
    function rings(payload) {
        var group = L.featureGroup();
        payload.rings.forEach(function (ring) {
            var style = ring.kind === "referentie" ? config.referenceStyle : config.ringStyle;
            L.polygon(ring.latlngs, L.extend({interactive: false}, style)).addTo(group);
        });
        payload.labels.forEach(function (label) {
            L.marker([label.lat, label.lng], {
                interactive: false, keyboard: false,
                icon: L.divIcon({
                    html: "<span class=\"hk-ring-label" + (label.chosen ? " hk-ring-chosen" : "") + "\">" +
                        esc(label.text) + "</span>",
                    className: "hk-ring-label-icon", iconSize: [60, 18], iconAnchor: [30, 9]
                })
            }).addTo(group);
        });
        group.on("add remove", scheduleLabels);
        return group;
    }

    // ------------------------------------------------------------------ keyboard

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

    // ------------------------------------------------------------------ setup

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
        // after the rest of the base map's script has added its controls
        window.setTimeout(function () { dutchTitles(map); }, 0);
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
            updateOverlayClearance();
            scheduleLabels();
        });
        map.on("resize", function () {
            if (state.legend.auto) { setLegend(map.getSize().x >= config.legendOpenFrom); }
            fitAttribution();
            if (state.fitted && untouched()) {
                map.fitBounds(state.fitted.bounds, L.extend({animate: false}, fitOptions(state.fitted.bounds)));
                remember(state.fitted.bounds);
            }
            scheduleLabels();
        });
        map.on("popupopen", function (e) {  // Leaflet's close button speaks English ("Close popup")
            var close = e.popup && e.popup._closeButton;
            if (close) { close.setAttribute("aria-label", "Popup sluiten"); close.title = "Sluiten"; }
        });
        map.on("popupopen tooltipopen", function (e) {
            state.overlays.push(e.popup || e.tooltip);
            updateOverlayClearance();
        });
        map.on("popupclose tooltipclose", function (e) {
            var overlay = e.popup || e.tooltip;
            state.overlays = state.overlays.filter(function (o) { return o !== overlay; });
            // a closed popup fades out (0.2 s): the legend comes back once it is gone
            setTimeout(updateOverlayClearance, e.popup && map._fadeAnimated ? 220 : 0);
        });
        L.control.scale({imperial: false, maxWidth: 120}).addTo(map);  // kilometres only
        L.DomEvent.on(map.getContainer(), "keydown", onKey);
        L.DomEvent.on(map.getContainer(), "focusin", onFocus);
    }

    // On a narrow map (a phone) the basemap's credit keeps to one line, cut
    // off with "…", so it covers no more of the map than that; a tap on it
    // (not on its links) shows it whole, another tap folds it again.
    function fitAttribution() {
        var control = state.map && state.map.attributionControl, element = control && control.getContainer();
        if (!element) { return; }
        var folded = state.map.getSize().x < NARROW_MAP_PX && !element.hkOpen;
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
        state.legend.control = legendControl(legendHtml).addTo(map);
        namesControl().addTo(map);
        setLegend(map.getSize().x >= config.legendOpenFrom);
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
        esc: esc, setup: setup, markers: markers, rings: rings, popupHtml: popupHtml, styled: styled,
        shortName: shortName, idle: idle, fitOptions: fitOptions,
        // the legend opened or closed by a key (presentation.js: L), as its button does
        toggleLegend: function () { state.legend.auto = false; setLegend(!state.legend.open); },
        legendOpen: function () { return state.legend.open; },
        map: function () { return state.map; },
        group: function () { return state.group; },
        marker: function (id) { return state.byId[id] || null; }
    };
};
})(document.currentScript ? document.currentScript.src : null);
