/* Hotspotkaart: the map's legend (part of the map's script, see mapview.js).
 *
 * A collapsible control, which folds away when a marker comes to lie under
 * it and steps aside for popups and tooltips.
 */
(function (modules) {
    "use strict";

    // The legend of map `core` (mapview.js): setLegend, legendControl, clearLegendOfMarkers, updateOverlayClearance.
    modules.legend = function (core) {
        var state = core.state, boxOf = core.boxOf, overlaps = core.overlaps;

        function setLegend(open) {
            var legend = state.legend;
            if (!legend.button) { return; }
            legend.open = open;
            legend.button.setAttribute("aria-expanded", open ? "true" : "false");
            legend.panel.hidden = !open;
            updateOverlayClearance();
            core.scheduleLabels();
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
            if (wasHidden !== hit) { core.scheduleLabels(); }
        }

        return {
            setLegend: setLegend, legendControl: legendControl, clearLegendOfMarkers: clearLegendOfMarkers,
            updateOverlayClearance: updateOverlayClearance
        };
    };
})(window.hkModules = window.hkModules || {});
