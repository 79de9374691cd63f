/* Hotspotkaart: lines between kansrijke partners, and their legend.
 *
 * Part of the constant base map of the Samenwerking page
 * (hotspots/mapview/links.py, LinksScript, links this file after the
 * map's script): the file defines hkModules.links(config); the base map's
 * script calls it and installs the result on window.hk, which then has
 * hk.links(payload) beside hk.markers(payload).
 * The layer with the links is sent again on every rerun (links_payload in
 * links.py) and replaces the old one; this file keeps the pane, the
 * renderer and the legend.
 *
 * - A line per link: width by score class, colour by the strongest kind,
 *   dashed when the link rests only on estimates. With a selected hotspot
 *   its lines are on top and the others faded.
 * - The lines lie in their own pane under the markers, so they never catch
 *   a click meant for a marker. Each line has a wider invisible twin that
 *   takes the mouse (a 2-pixel line is hard to point at) and shows a
 *   tooltip: both hotspots, the reasons and the distance.
 * - A small legend ("Kansrijke partners", bottom right), which the user can fold; folded
 *   at first on a map narrower than config.openFrom (a phone).
 *
 * Text from the data reaches the page only through esc() (util.js).
 */
(function (modules) {
    "use strict";
    var util = modules.util;  // util.js, loaded with the map's script
    var esc = util.esc, unpack = util.unpack;

    modules.links = function (config) {
        var PANE = "hk-links";
        var state = {map: null, renderer: null, legend: null, layer: null, count: 0};

        // ------------------------------------------------------------------ legend

        function sample(colour, width, dashed) {
            return "<svg class=\"hk-links-key\" viewBox=\"0 0 30 12\" aria-hidden=\"true\"><line x1=\"2\" y1=\"6\" x2=\"28\" " +
                "y2=\"6\" stroke=\"" + colour + "\" stroke-width=\"" + width + "\" stroke-linecap=\"round\"" +
                (dashed ? " stroke-dasharray=\"" + config.dash + "\"" : "") + "/></svg>";
        }

        function legendHtml(folded) {
            var grey = config.colours.type, widths = config.widths;
            var rows = config.kinds.map(function (kind) {
                return "<li>" + sample(config.colours[kind[0]], 4, false) + "<span>" + esc(kind[1]) + "</span></li>";
            });
            rows.push("<li><svg class=\"hk-links-key\" viewBox=\"0 0 30 12\" aria-hidden=\"true\">" +
                "<line x1=\"2\" y1=\"3\" x2=\"28\" y2=\"3\" stroke=\"" + grey + "\" stroke-width=\"" + widths[0] + "\"/>" +
                "<line x1=\"2\" y1=\"8.5\" x2=\"28\" y2=\"8.5\" stroke=\"" + grey + "\" stroke-width=\"" +
                Math.min(widths[widths.length - 1], 6) + "\"/></svg><span>Dikker: hogere score</span></li>");
            rows.push("<li>" + sample(grey, 3, true) + "<span>Gestreept: berust op inschattingen</span></li>");
            // open on a map at least config.openFrom wide, folded on a phone's (where it would cover a
            // quarter of the map); the user may open or fold it
            return "<details" + (folded ? "" : " open") + "><summary class=\"hk-links-title\">Kansrijke partners</summary><ul>" + rows.join("") +
                "</ul></details>";
        }

        function legendControl() {
            var control = L.control({position: "bottomright"});
            control.onAdd = function (map) {
                var div = L.DomUtil.create("div", "hk-links-legend");
                div.setAttribute("role", "group");
                div.setAttribute("aria-label", "Legenda van de lijnen: kansrijke partners");
                div.innerHTML = legendHtml(map.getSize().x < config.openFrom);
                // follows the map's width (the frame takes its size after the map is made) until the user folds or opens it
                var details = div.querySelector("details"), auto = true;
                details.querySelector("summary").addEventListener("click", function () { auto = false; });
                map.on("resize", function () { if (auto) { details.open = map.getSize().x >= config.openFrom; } });
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            return control;
        }

        // ------------------------------------------------------------------ lines

        function tooltipHtml(a, b, link) {
            return "<strong>" + esc(a[1]) + " – " + esc(b[1]) + "</strong><br>" + esc(link.reasons);
        }

        // The layer of one rerun: a line (and its invisible twin) per link.
        function links(payload) {
            var group = L.featureGroup(), highlight = payload.highlight, mine = [], others = [];
            payload.links.forEach(function (row) {
                var link = unpack(payload.fields, row);
                var a = payload.points[link.a], b = payload.points[link.b];
                var partner = !!highlight && (a[0] === highlight || b[0] === highlight);
                (partner ? mine : others).push({link: link, a: a, b: b, partner: partner});
            });
            var faded = !!highlight && mine.length > 0;
            // the selection's lines last: on top of the others
            others.concat(mine).forEach(function (item) {
                var link = item.link, weight = config.widths[link.width], dim = faded && !item.partner;
                var latlngs = [[item.a[2], item.a[3]], [item.b[2], item.b[3]]];
                var style = {
                    pane: PANE, renderer: state.renderer, interactive: false,
                    color: config.colours[link.kind], weight: weight, opacity: dim ? config.faded : 0.85,
                    dashArray: link.estimated ? config.dash : null, lineCap: link.estimated ? "butt" : "round",
                    className: "hk-link hk-link-" + link.kind + (item.partner ? " hk-link-partner" : "") +
                        (dim ? " hk-link-faded" : "")
                };
                var line = L.polyline(latlngs, style);
                var hit = L.polyline(latlngs, {
                    pane: PANE, renderer: state.renderer, weight: Math.max(14, weight + 8), opacity: 0,
                    className: "hk-link-hit"
                });
                hit.bindTooltip(tooltipHtml(item.a, item.b, link), {sticky: true, className: "hk-tooltip hk-link-tooltip"});
                hit.on("mouseover", function () { line.setStyle({opacity: 1, weight: weight + 2}); });
                hit.on("mouseout", function () { line.setStyle({opacity: style.opacity, weight: weight}); });
                // A line is no hotspot: its click must not be reported as one (streamlit-folium
                // reports e.latlng, and the page selects the hotspot at that position).
                hit.on("click", function (e) { e.latlng = null; });
                // which hotspots a line joins, for tests and scripts
                var ends = item.a[0] + " " + item.b[0];
                line.on("add", function () { line.getElement().setAttribute("data-link", ends); });
                hit.on("add", function () { hit.getElement().setAttribute("data-link", ends); });
                group.addLayer(line);
                group.addLayer(hit);
            });
            var count = payload.links.length;
            group.on("add", function () {
                state.layer = group;
                state.count = count;
            });
            group.on("remove", function () {
                if (state.layer === group) {
                    state.layer = null;
                    state.count = 0;
                }
            });
            return group;
        }

        // ------------------------------------------------------------------ setup

        function install(hk, map) {
            state.map = map;
            var pane = map.createPane(PANE);
            pane.style.zIndex = 420;  // over the rings (overlay pane, 400), under names (590) and markers (600)
            state.renderer = L.svg({pane: PANE, padding: 0.5});
            state.legend = legendControl().addTo(map);
            hk.links = links;
            // For tests and scripts: how many lines the current layer draws.
            hk.linkCount = function () { return state.layer && map.hasLayer(state.layer) ? state.count : 0; };
            return hk;
        }

        return {install: install, legendHtml: legendHtml};
    };
})(window.hkModules = window.hkModules || {});
