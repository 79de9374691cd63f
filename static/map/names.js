/* Hotspotkaart: the hotspots' names on the map (part of the map's script, see mapview.js).
 *
 * Labels placed greedily where they cover neither markers, controls nor
 * each other, with a toggle. Text from the data reaches them only through
 * textContent.
 */
(function (modules) {
    "use strict";

    // The names of map `core` (mapview.js): shortName, namesControl, scheduleLabels, placeLabels.
    modules.names = function (core) {
        var config = core.config, state = core.state, STATE_RANK = core.STATE_RANK;
        var rect = core.rect, overlaps = core.overlaps, boxOf = core.boxOf, controlBoxes = core.controlBoxes;

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
                if (core.revealSelection()) { return; }  // spreading out; "spiderfied" schedules again
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
                core.clearLegendOfMarkers(items);
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

        return {shortName: shortName, namesControl: namesControl, scheduleLabels: scheduleLabels, placeLabels: placeLabels};
    };
})(window.hkModules = window.hkModules || {});
