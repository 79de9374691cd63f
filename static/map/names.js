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

        // Where a callout may stand, as unit vectors: west, east, north, south, the
        // diagonals, then the eight between (a line can pass between close markers).
        var DIRECTIONS = [180, 0, 270, 90, 225, 315, 135, 45, 202.5, 157.5, 337.5, 22.5, 247.5, 292.5, 112.5, 67.5]
            .map(function (deg) { return [Math.cos(deg * Math.PI / 180), Math.sin(deg * Math.PI / 180)]; });

        function hideLabels() {
            Object.keys(state.labelEls).forEach(function (id) { state.labelEls[id].style.display = "none"; });
            hideLines({});
        }

        // The leader lines of names placed away from their marker (callouts), by label key.
        function lines() {
            if (!state.labelLines) { state.labelLines = {}; }
            return state.labelLines;
        }

        function hideLines(keep) {
            var all = lines();
            Object.keys(all).forEach(function (key) { if (!keep[key]) { all[key].style.display = "none"; } });
        }

        // A thin line from the marker's edge to its name, drawn in the names' pane.
        function drawLine(key, from, to) {
            var element = lines()[key];
            if (!element) {
                element = L.DomUtil.create("div", "hk-name-line", state.labelPane);
                element.setAttribute("aria-hidden", "true");
                lines()[key] = element;
            }
            var a = state.map.containerPointToLayerPoint([from.x, from.y]);
            var dx = to.x - from.x, dy = to.y - from.y;
            element.style.width = Math.sqrt(dx * dx + dy * dy).toFixed(1) + "px";
            element.style.transform = "translate3d(" + a.x.toFixed(1) + "px," + a.y.toFixed(1) + "px,0) rotate(" +
                Math.atan2(dy, dx).toFixed(4) + "rad)";
            element.style.display = "";
        }

        // Whether the segment a-b passes through box o (Liang-Barsky clipping).
        function crosses(a, b, o) {
            var t0 = 0, t1 = 1, dx = b.x - a.x, dy = b.y - a.y;
            var p = [-dx, dx, -dy, dy], q = [a.x - o.left, o.right - a.x, a.y - o.top, o.bottom - a.y];
            for (var i = 0; i < 4; i++) {
                if (p[i] === 0) {
                    if (q[i] <= 0) { return false; }
                } else {
                    var t = q[i] / p[i];
                    if (p[i] < 0) { t0 = Math.max(t0, t); } else { t1 = Math.min(t1, t); }
                    if (t0 >= t1) { return false; }
                }
            }
            return true;
        }

        // Whether segments a-b and c-d cross.
        function intersect(a, b, c, d) {
            function side(p, q, r) { return (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x); }
            return side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0;
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
            // Callouts (below) only while few markers are in view: the search is longer.
            var canCallOut = items.length <= config.calloutMax;
            // a group's members' names one by one, for when the group's name finds no room
            var parts = [];
            candidates.forEach(function (item) {
                if (item.entry || !canCallOut) { return; }
                item.parts = item.members.map(function (m) {
                    var part = {x: item.x, y: item.y, half: item.half, entry: m,
                                label: {key: "part:" + m.h.id, ids: [m.h.id], text: shortName(m.h.name),
                                        rank: item.label.rank, order: m.h.name}};
                    part.element = labelElement(part.label);
                    wanted[part.label.key] = true;
                    parts.push(part);
                    return part;
                });
            });
            var labelled = candidates.concat(parts);
            Object.keys(state.labelEls).forEach(function (id) {
                if (!wanted[id]) { state.labelEls[id].style.display = "none"; }
            });
            // measure the labels not measured before, on one line and wrapped, all at once
            var unmeasured = labelled.filter(function (item) { return !state.labelSizes[item.element.textContent]; });
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
            // one line; wrapped narrow (11em); wrapped wide (20em, fewer lines) where that differs
            var lines = unmeasured.map(function (item) { return measure(item.element); });
            unmeasured.forEach(function (item) { L.DomUtil.addClass(item.element, "hk-name-wrap"); });
            var narrow = unmeasured.map(function (item) { return measure(item.element); });
            unmeasured.forEach(function (item) { L.DomUtil.addClass(item.element, "hk-name-wide"); });
            var wides = unmeasured.map(function (item) { return measure(item.element); });
            unmeasured.forEach(function (item, i) {
                var wide = wides[i], line = lines[i], wrapped = narrow[i];
                L.DomUtil.removeClass(item.element, "hk-name-wide");
                if (line[0] > 0) {
                    var variants = [[line[0], line[1], ""]];
                    if (wrapped[1] > line[1]) { variants.push([wrapped[0], wrapped[1], "hk-name-wrap"]); }
                    if (wide[1] > line[1] && wide[1] < wrapped[1]) { variants.push([wide[0], wide[1], "hk-name-wrap hk-name-wide"]); }
                    state.labelSizes[item.element.textContent] = variants;
                }
            });

            var size = map.getSize(), gap = config.labelGap, edge = 2;
            var obstacles = items.map(function (item) {
                item.box = rect(item.x - item.half, item.y - item.half, 2 * item.half, 2 * item.half);
                return item.box;
            });
            // a callout's line may pass the edge of a marker (it is drawn under the markers), not its middle
            var cores = items.map(function (item) {
                var q = item.half * 0.45;
                return rect(item.x - q, item.y - q, 2 * q, 2 * q);
            });
            var fixed = controlBoxes();
            obstacles = obstacles.concat(fixed);
            // ring labels, and the faded group marker of a spread-out group
            var others = map.getContainer().querySelectorAll(".hk-ring-label, .hk-group");
            Array.prototype.forEach.call(others, function (element) {
                var box = boxOf(element);
                obstacles.push(box);
                if (L.DomUtil.hasClass(element, "hk-ring-label")) { fixed.push(box); }
            });
            // Callouts: a name with no room beside its marker stands further away, where
            // there is room (the sea beside the coast, say), with a line to its marker.
            var reach = Math.max(60, Math.min(size.x, size.y) * 0.4), step = 12;

            // One greedy placement: per label key its spot, classes and callout line.
            // `wideFirst` tries a long name wrapped wide (fewer lines) before narrow.
            function attempt(wideFirst) {
                var placed = [], leaders = [], spots = {}, named = 0;
                function free(o) {
                    if (o.left < edge || o.top < edge || o.right > size.x - edge || o.bottom > size.y - edge) { return false; }
                    return !obstacles.some(function (b) { return overlaps(o, b); }) &&
                        !placed.some(function (b) { return overlaps(o, b); }) &&
                        !leaders.some(function (l) { return crosses(l[0], l[1], o); });
                }
                function variantsOf(item) {
                    var variants = state.labelSizes[item.element.textContent] || [];
                    return wideFirst && variants.length === 3 ? [variants[0], variants[2], variants[1]] : variants;
                }
                function take(item, spot) {
                    placed.push(spot.box);
                    if (spot.line) { leaders.push(spot.line); }
                    spots[item.label.key] = spot;
                    named += item.label.ids.length;
                    return true;
                }
                // beside the marker: right, left, above or below (centred or flush with its sides)
                function beside(item) {
                    var variants = variantsOf(item);
                    for (var v = 0; v < variants.length; v++) {
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
                        var box = options.filter(free)[0];
                        if (box) { return take(item, {box: box, wrap: variants[v][2], line: null}); }
                    }
                    return false;
                }
                // further off, nearest first, with a line from the marker to the name
                function callOut(item) {
                    if (!canCallOut) { return false; }
                    var variants = variantsOf(item), c = {x: item.x, y: item.y};
                    function holds(b) { return b.left <= c.x && c.x <= b.right && b.top <= c.y && c.y <= b.bottom; }
                    function leader(o) {
                        // from the marker's edge to the nearest point of the name's box
                        var to = {x: Math.min(Math.max(c.x, o.left), o.right), y: Math.min(Math.max(c.y, o.top), o.bottom)};
                        var dx = to.x - c.x, dy = to.y - c.y, length = Math.sqrt(dx * dx + dy * dy);
                        if (length <= item.half + 2) { return null; }
                        var from = {x: c.x + dx * (item.half + 1) / length, y: c.y + dy * (item.half + 1) / length};
                        // (past its own marker, and a spread-out group's faded marker under it)
                        var blocked = cores.some(function (b) { return !holds(b) && crosses(from, to, b); }) ||
                            fixed.some(function (b) { return crosses(from, to, b); }) ||
                            placed.some(function (b) { return crosses(from, to, b); }) ||
                            leaders.some(function (l) { return intersect(from, to, l[0], l[1]); });
                        return blocked ? null : [from, to];
                    }
                    for (var d = item.half + gap + step; d <= reach; d += step) {
                        for (var v = 0; v < variants.length; v++) {
                            var w = variants[v][0], h = variants[v][1];
                            for (var i = 0; i < DIRECTIONS.length; i++) {
                                // the name's box with its nearest side or corner d pixels away in that direction
                                var ux = DIRECTIONS[i][0], uy = DIRECTIONS[i][1], px = c.x + d * ux, py = c.y + d * uy;
                                var o = rect(ux > 0.3 ? px : ux < -0.3 ? px - w : px - w / 2,
                                    uy > 0.3 ? py : uy < -0.3 ? py - h : py - h / 2, w, h);
                                var line = free(o) && leader(o);
                                if (line) { return take(item, {box: o, wrap: variants[v][2], line: line}); }
                            }
                        }
                    }
                    return false;
                }
                var later = [];
                candidates.forEach(function (item) {
                    if (beside(item)) { return; }
                    if (item.label.rank === 0 || !item.entry) {
                        // the selection's name, and a group's carrying several, before single names take the room;
                        // a group's name with no room anywhere: its members' names one by one
                        if (!callOut(item) && item.parts) {
                            item.parts.forEach(function (part) { return beside(part) || callOut(part); });
                        }
                    } else {
                        later.push(item);
                    }
                });
                later.forEach(callOut);
                return {spots: spots, named: named};
            }

            var best = attempt(false), all = 0;
            candidates.forEach(function (item) { all += item.label.ids.length; });
            if (canCallOut && best.named < all) {
                // a small view with names left out: try long names wrapped wide, keep what names more
                var other = attempt(true);
                if (other.named > best.named) { best = other; }
            }
            var shownLines = {};
            labelled.forEach(function (item) {
                var spot = best.spots[item.label.key];
                if (!spot) {
                    item.element.style.display = "none";
                    return;
                }
                item.element.className = "hk-name" + (item.label.ids.length > 1 ? " hk-name-group" : "") +
                    (spot.wrap ? " " + spot.wrap : "");
                var at = map.containerPointToLayerPoint([Math.round(spot.box.left), Math.round(spot.box.top)]);
                L.DomUtil.setPosition(item.element, at);
                item.element.style.display = "";
                item.element.style.visibility = "";
                if (spot.line) {
                    drawLine(item.label.key, spot.line[0], spot.line[1]);
                    shownLines[item.label.key] = true;
                }
            });
            hideLines(shownLines);
        }

        return {shortName: shortName, namesControl: namesControl, scheduleLabels: scheduleLabels, placeLabels: placeLabels};
    };
})(window.hkModules = window.hkModules || {});
