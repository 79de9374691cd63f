/* Hotspotkaart: the hotspot markers, their groups and popups, and the radius rings
 * (part of the map's script, see mapview.js).
 *
 * Markers are grouped with Leaflet.markercluster when they overlap (a click
 * on a group spreads it out), with tooltips and popups. Text from the data
 * reaches the page only through esc() (tooltips, popups and aria labels are
 * HTML strings).
 */
(function (modules) {
    "use strict";
    var util = modules.util;  // util.js
    var esc = util.esc, unpack = util.unpack, reducedMotion = util.reducedMotion;

    // The layers of map `core` (mapview.js): markers, rings, popupHtml, revealSelection.
    modules.markers = function (core) {
        var config = core.config, state = core.state, STATE_RANK = core.STATE_RANK, corners = core.corners;

        function estimateMark(estimated) {
            return estimated ? " <span class=\"hk-est\">" + esc(config.estimate) + "</span>" : "";
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
                    if (!state.chunking) { core.scheduleLabels(); }
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
                        var options = L.extend(core.fitOptions(cluster.getBounds()), {maxZoom: map.getMaxZoom()});
                        map.fitBounds(cluster.getBounds(), options);
                    }
                });
            }
            group.on("animationend spiderfied unspiderfied", core.scheduleLabels);
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
            core.applyFit(payload.fit);
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
                core.scheduleLabels();
            core.keepFocus(byId);
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
            group.on("add remove", core.scheduleLabels);
            return group;
        }

        return {markers: markers, rings: rings, popupHtml: popupHtml, revealSelection: revealSelection, panBack: panBack};
    };
})(window.hkModules = window.hkModules || {});
