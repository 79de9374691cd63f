/* Hotspotkaart: draws the hotspot markers and radius rings in the browser.
 *
 * Part of the constant base map (hotspots/mapview/basemap.py embeds this
 * file in its script), so it is sent once. The layers that change with the
 * filters send only compact data: hk.markers(payload) and hk.rings(payload)
 * (see marker_payload and ring_payload in hotspots/mapview/).
 *
 * Text from the data reaches the page only through esc(): tooltips and
 * popups are HTML strings, and every data value in them is escaped here.
 * The file is one function expression; Python calls it with `config` (the
 * popup's fact labels, marker sizes and z-offsets, ring styles) and keeps
 * the result as window.hk.
 */
(function (config) {
    "use strict";
    // Survives the redraws: the map, and the hotspot whose popup is open.
    var state = {map: null, popupFor: null};
    var ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"};

    function esc(value) {
        return String(value).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; });
    }

    function estimateMark(estimated) {
        return estimated ? " <span class=\"hk-est\">" + esc(config.estimate) + "</span>" : "";
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
        return "<div class=\"hk-popup\"><h4>" + esc(hotspot.name) + "</h4>" +
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

    // One marker per hotspot: an inline SVG (colour by type, shape by phase)
    // from the payload's icon table, tooltip with the name, popup on demand.
    // A popup stays open when the filters or the selection redraw the markers
    // (streamlit-folium replaces the whole layer). A selection made in the
    // sidebar or the URL opens none: the detail panel shows the hotspot.
    function markers(payload) {
        var layers = [], toOpen = null, open = state.popupFor;
        payload.rows.forEach(function (row) {
            var h = unpack(payload.fields, row), size = config.sizes[h.state];
            // the id lets tests and scripts find a marker; the name is what a screen reader says
            var svg = payload.icons[h.icon].replace("<svg ", "<svg data-hotspot=\"" + esc(h.id) +
                "\" role=\"img\" aria-label=\"" + esc(h.name) + "\" ");
            var marker = L.marker([h.lat, h.lng], {
                icon: L.divIcon({
                    html: svg, className: "hk-marker hk-" + h.state, iconSize: [size, size],
                    iconAnchor: [size / 2, size / 2], popupAnchor: [0, -size / 2], tooltipAnchor: [0, -size / 2]
                }),
                zIndexOffset: config.zOffsets[h.state]
            });
            // what Leaflet's GeoJSON layer would set: lets tools count and identify markers
            marker.feature = {type: "Feature", geometry: {type: "Point", coordinates: [h.lng, h.lat]},
                properties: {id: h.id}};
            marker.bindTooltip("<strong>" + esc(h.name) + "</strong>", {direction: "top", className: "hk-tooltip"});
            marker.bindPopup(function () { return popupHtml(h, payload); },
                {maxWidth: 380, minWidth: 260, maxHeight: 340, autoPan: h.id !== open,
                 autoPanPaddingTopLeft: [56, 12], autoPanPaddingBottomRight: [64, 12], className: "hk-popup-wrap"});
            if (open !== null && h.id === open) { toOpen = marker; }
            layers.push(marker);
        });
        var group;
        if (payload.cluster && L.markerClusterGroup) {
            group = L.markerClusterGroup({showCoverageOnHover: false, disableClusteringAtZoom: 11, chunkedLoading: true});
            group.addLayers(layers);
        } else {
            group = L.featureGroup(layers);
        }
        group.on("popupopen", function (e) { state.popupFor = e.sourceTarget.feature.properties.id; });
        group.on("popupclose", function (e) {
            // closed by the user, not by the layer being replaced
            var marker = e.sourceTarget;
            if (state.map.hasLayer(marker) && state.popupFor === marker.feature.properties.id) {
                state.popupFor = null;
            }
        });
        if (toOpen) {
            // once the layer is on the map, without panning it
            group.once("add", function () {
                setTimeout(function () { if (state.map.hasLayer(toOpen)) { toOpen.openPopup(); } }, 0);
            });
        }
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
        return group;
    }

    // The legend (top left, above the popups) steps aside while a popup is open.
    function init(map) {
        state.map = map;
        map.on("popupopen", function () { map.getContainer().classList.add("hk-popup-open"); });
        map.on("popupclose", function () { map.getContainer().classList.remove("hk-popup-open"); });
    }

    return {esc: esc, init: init, markers: markers, rings: rings, popupHtml: popupHtml};
})
