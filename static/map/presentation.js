/* Hotspotkaart: presentation mode. Steps through a deck of scenes without reloading anything.
 *
 * Part of the presentation page's constant base map (hotspots/mapview/
 * presentation.py links this file after mapview.js), so it runs once per
 * page and its state survives Streamlit's reruns. The page sends the whole
 * deck once, as one layer: hk.presentation(deck) (see deck_payload in
 * presentation.py); every scene carries the marker and ring data that
 * hk.markers and hk.rings (mapview.js) turn into layers, and its view.
 *
 * The caption (title, notes, "Stap n van N", buttons) is a band above the
 * map, as tall as the deck's tallest caption, so the map keeps its size.
 * A step: the caption changes at once, the map flies to the scene's view
 * with the old layers, and at the end of the flight the scene's layers take
 * their place (built at the final zoom, so the marker groups need no
 * animation of their own). The address bar of the page follows the step
 * (history.pushState on the Streamlit page, which is same-origin), and the
 * page's Back/Forward (popstate) go to the step in its URL.
 *
 * Keys, on this frame's document and on the page's window (capturing, so
 * they step whatever was clicked last; only a text field keeps its keys):
 * Right, PageDown, Space next; Left, PageUp, Shift+Space previous; Home,
 * End; B the scene's framing back; L the legend; Esc: the map page with the
 * current scene's view. Streamlit's "r" (rerun) and "c" (clear cache) do
 * nothing. Presentation clickers send PageDown and PageUp.
 *
 * Text of the deck reaches the page only through textContent.
 * The file defines hkModules.presentation(hk, config); the base map's script
 * calls it with window.hk and `config` (see _browser_config in presentation.py).
 */
(function (modules) {
    "use strict";
    var util = modules.util;  // util.js, loaded with the map's script
    var reducedMotion = util.reducedMotion;

    modules.presentation = function (hk, config) {
        var state = {
            map: null,
            deck: null,
            index: -1,           // the scene shown (or being flown to)
            holder: null,        // the layer of the latest hk.presentation call; holds the scene's layers
            current: null,       // {index, markers, rings} on the map
            token: 0,            // the latest step; a step superseded by another does nothing more
            flying: false,
            waiting: false,      // the first view waits for Leaflet's stylesheet
            caption: null,
            listeners: []        // [target, type, handler, capture] added to this frame and the page
        };
        var host = window.parent && window.parent !== window ? window.parent : window;

        // ------------------------------------------------------------------ address bar

        function stepFromUrl() {
            try {
                var params = new URLSearchParams(host.location.search);
                if (params.get("presentatie") !== state.deck.id) { return null; }
                var step = parseInt(params.get("stap"), 10);
                return isNaN(step) ? null : step - 1;
            } catch (e) {
                return null;
            }
        }

        function pushStep(index) {
            try {
                var params = new URLSearchParams(host.location.search);
                if (params.get("stap") === String(index + 1) && params.get("presentatie") === state.deck.id) { return; }
                params.set("presentatie", state.deck.id);
                params.set("stap", String(index + 1));
                host.history.pushState({hkStep: index + 1}, "", host.location.pathname + "?" + params.toString() + host.location.hash);
            } catch (e) {
                // a page we may not touch: the step still changes
            }
        }

        // The map page, next to this one: /<base>/presentatie -> /<base>/, with the scene's view.
        function mapPageUrl(scene) {
            var path = host.location.pathname;
            var suffix = new RegExp("(^|/)" + config.page + "/?$");
            var base = suffix.test(path) ? path.replace(suffix, "$1") : "./";
            return base + (scene.query ? "?" + scene.query : "");
        }

        // ------------------------------------------------------------------ caption

        function button(label, text, onClick) {
            var b = L.DomUtil.create("button");
            b.type = "button";
            b.textContent = text;
            b.setAttribute("aria-label", label);
            b.title = label;
            L.DomEvent.on(b, "click", function (e) {
                L.DomEvent.stop(e);
                onClick();
            });
            return b;
        }

        // The caption is a band above the map (the map starts below it), so no
        // marker, name or popup ever lies under it.
        function buildCaption() {
            var root = L.DomUtil.create("div", "hk-caption", document.body);
            root.setAttribute("role", "region");
            root.setAttribute("aria-label", "Scène");
            var text = L.DomUtil.create("div", "hk-caption-text", root);
            var title = L.DomUtil.create("h1", "hk-caption-title", text);
            var notes = L.DomUtil.create("p", "hk-caption-notes", text);
            var nav = L.DomUtil.create("div", "hk-caption-nav", root);
            var prev = button("Vorige scène (←)", "‹", function () { step(-1); });
            var counter = L.DomUtil.create("span", "hk-caption-counter");
            counter.setAttribute("aria-live", "polite");
            var next = button("Volgende scène (→)", "›", function () { step(1); });
            nav.appendChild(prev);
            nav.appendChild(counter);
            nav.appendChild(next);
            L.DomUtil.addClass(document.body, "hk-presenting");
            if (window.ResizeObserver) {  // text that grows later (a user's text spacing, a font) may make it scroll
                var watch = new window.ResizeObserver(function () { if (state.deck) { scrollable(); } });
                watch.observe(title);
                watch.observe(notes);
                watch.observe(text);
            }
            state.caption = {root: root, text: text, title: title, notes: notes, counter: counter, prev: prev, next: next};
        }

        function setCaptionText(index) {
            var c = state.caption, scene = state.deck.scenes[index];
            c.title.textContent = scene.title;
            c.notes.textContent = scene.notes;
        }

        // One height for every scene of the deck (the tallest caption's), so the
        // map keeps its size from step to step; again when the window's size changes.
        function layoutCaption() {
            var c = state.caption, deck = state.deck, root = c.root, tallest = 0;
            root.style.height = "auto";
            for (var i = 0; i < deck.scenes.length; i++) {
                setCaptionText(i);
                tallest = Math.max(tallest, root.offsetHeight);
            }
            root.style.height = "";
            if (state.index >= 0) { setCaptionText(state.index); }
            document.documentElement.style.setProperty("--hk-caption-height", Math.ceil(tallest) + "px");
            scrollable();
            state.map.invalidateSize({pan: false});
        }

        // A caption too long for a small window (320 px wide, 200 % zoom) scrolls, its ‹ › stay in view
        // (WCAG 1.4.10, presentation.css): then it is a tab stop, so the arrow keys Up and Down scroll it.
        function scrollable() {
            var text = state.caption.text;
            if (text.scrollHeight > text.clientHeight + 1) {
                text.setAttribute("tabindex", "0");
            } else {
                text.removeAttribute("tabindex");
            }
        }

        function drawCaption() {
            var c = state.caption, total = state.deck.scenes.length;
            setCaptionText(state.index);
            c.text.scrollTop = 0;
            scrollable();
            c.counter.textContent = "Stap " + (state.index + 1) + " van " + total;
            c.prev.disabled = state.index === 0;
            c.next.disabled = state.index === total - 1;
        }

        // ------------------------------------------------------------------ where to look

        // Fits keep clear of the controls in the corners as on the map page (hk.fitOptions, mapview.js).

        // The scene's view as {center, zoom}: its own centre and zoom, or its
        // bounds fitted clear of the controls.
        // Kept inside the map's maxBounds here: Leaflet would otherwise pan back
        // after the flight, a second movement.
        function target(scene) {
            var map = state.map, view = scene.view, goal;
            if (view.centre) {
                var zoom = Math.max(map.getMinZoom(), Math.min(view.zoom, map.getMaxZoom()));
                goal = {center: L.latLng(view.centre[0], view.centre[1]), zoom: zoom};
            } else {
                var bounds = L.latLngBounds(view.bounds);
                goal = map._getBoundsCenterZoom(bounds, hk.fitOptions(bounds));
            }
            if (map.options.maxBounds) {
                goal.center = map._limitCenter(goal.center, goal.zoom, map.options.maxBounds);
            }
            return goal;
        }

        function there(goal) {
            var map = state.map;
            return Math.abs(map.getZoom() - goal.zoom) < 0.01 &&
                map.latLngToContainerPoint(goal.center).distanceTo(map.getSize().divideBy(2)) < 2;
        }

        // ------------------------------------------------------------------ scenes

        function notify() {
            var detail = {index: state.index, step: state.index + 1, total: state.deck.scenes.length};
            try {
                window.dispatchEvent(new CustomEvent("hk:scene", {detail: detail}));
            } catch (e) { /* old browsers: no event */ }
        }

        // The scene's layers replace the previous scene's.
        function swap(index) {
            var scene = state.deck.scenes[index], holder = state.holder, old = state.current;
            if (old) {
                holder.removeLayer(old.markers);
                holder.removeLayer(old.rings);
            }
            var rings = hk.rings(scene.rings), markers = hk.markers(scene.markers);
            holder.addLayer(rings);
            holder.addLayer(markers);
            state.current = {index: index, markers: markers, rings: rings};
            notify();
        }

        function show(index, animate) {
            var map = state.map, token = ++state.token, current = state.current;
            var drawn = !!current && current.index === index && state.holder.hasLayer(current.markers);
            state.index = index;
            drawCaption();
            if (state.waiting) { return; }  // the first view, still to come, takes the latest step
            var goal = target(state.deck.scenes[index]);
            if (!animate || reducedMotion() || there(goal)) {
                if (state.flying) { map.stop(); }  // a flight to an earlier step ends here
                state.flying = false;
                if (!there(goal)) { map.setView(goal.center, goal.zoom, {animate: false}); }
                if (!drawn) { swap(index); }
                return;
            }
            state.flying = true;
            // (a flight superseded by another ends without "moveend": its handler sees the new token)
            map.once("moveend", function () {
                if (token !== state.token) { return; }
                state.flying = false;
                swap(index);
            });
            map.flyTo(goal.center, goal.zoom, {duration: config.flySeconds});
        }

        function go(index, push) {
            var deck = state.deck;
            if (!deck) { return; }
            index = Math.max(0, Math.min(deck.scenes.length - 1, index));
            if (index === state.index) { return; }
            if (push) { pushStep(index); }
            show(index, true);
        }

        function step(delta) { go(state.index + delta, true); }

        function leave() {
            var scene = state.deck && state.deck.scenes[state.index];
            if (!scene) { return; }
            var url = mapPageUrl(scene);
            try {
                // a link of the page itself: this frame is sandboxed without top navigation
                var link = host.document.createElement("a");
                link.href = url;
                link.style.display = "none";
                host.document.body.appendChild(link);
                link.click();
            } catch (e) {
                host.location.assign(url);
            }
        }

        // ------------------------------------------------------------------ keys

        var KEYS = {
            ArrowRight: 1, PageDown: 1, Right: 1,
            ArrowLeft: -1, PageUp: -1, Left: -1
        };
        // Streamlit's own shortcuts: "r" reruns the page (which set the address
        // bar back to the step the page was opened at) and "c" clears its cache.
        // A presenter's stray key must do neither.
        var SWALLOWED = {r: true, R: true, c: true, C: true};
        // Where typing is the key's job: a text field keeps its keys.
        var TEXT_INPUTS = /^(text|search|email|number|password|tel|url|date|time|datetime-local|month|week)$/;

        function typing(target) {
            var tag = target && target.tagName;
            if (tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) { return true; }
            return tag === "INPUT" && TEXT_INPUTS.test((target.type || "text").toLowerCase());
        }

        function handled(e) {
            e.preventDefault();
            e.stopImmediatePropagation();  // not also Streamlit's or a checkbox's own (Space toggles a checkbox)
        }

        // Every presentation key steps whatever was clicked last (a checkbox, a
        // button, a marker): only a text field keeps its keys.
        function onKey(e) {
            if (!state.deck || e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) { return; }
            var key = e.key;
            if (key === " " || key === "Spacebar") {
                handled(e);
                step(e.shiftKey ? -1 : 1);
            } else if (KEYS[key]) {
                handled(e);
                step(KEYS[key]);
            } else if (key === "Home" || key === "End") {
                handled(e);
                go(key === "Home" ? 0 : state.deck.scenes.length - 1, true);
            } else if (key === "b" || key === "B") {
                handled(e);
                reframe();
            } else if (key === "l" || key === "L") {
                handled(e);
                if (hk.toggleLegend) { hk.toggleLegend(); }
            } else if (SWALLOWED[key]) {
                handled(e);
            } else if (key === "Escape" || key === "Esc") {
                var map = state.map;
                if (map && map._popup && map.hasLayer(map._popup)) { return; }  // Esc closes the popup first
                handled(e);
                leave();
            }
        }

        // "B": the current scene's framing back (after panning, zooming or tabbing through markers).
        function reframe() {
            var map = state.map;
            if (!map || state.index < 0 || state.waiting) { return; }
            if (map._popup && map.hasLayer(map._popup)) { map.closePopup(); }
            show(state.index, false);
        }

        function onPopState() {
            var index = stepFromUrl();
            if (index !== null) { go(index, false); }
        }

        function listen(target, type, handler, capture) {
            target.addEventListener(type, handler, capture);
            state.listeners.push([target, type, handler, capture]);
        }

        function unlisten() {
            state.listeners.forEach(function (l) { l[0].removeEventListener(l[1], l[2], l[3]); });
            state.listeners = [];
        }

        function listenToKeys() {
            // capture: before the map's own handlers (an open popup is closed by Esc first)
            listen(document, "keydown", onKey, true);
            if (host !== window) {
                // a page may hold the listeners of an earlier frame of ours: those go first
                try {
                    if (host.__hkPresentationUnlisten) { host.__hkPresentationUnlisten(); }
                    // the page's window, capturing: before Streamlit's shortcuts and any widget
                    listen(host, "keydown", onKey, true);
                    listen(host, "popstate", onPopState, false);
                    host.__hkPresentationUnlisten = unlisten;
                } catch (e) { /* not same-origin: keys work when the map has the focus */ }
            }
            window.addEventListener("pagehide", function () {
                unlisten();
                try {
                    if (host.__hkPresentationUnlisten === unlisten) { host.__hkPresentationUnlisten = null; }
                } catch (e) { /* gone */ }
            });
        }

        // ------------------------------------------------------------------ API

        // Called by the base map's script, once per page.
        function presentationInit(map) {
            state.map = map;
            if (map.keyboard) { map.keyboard.disable(); }  // the arrow keys step, they do not pan
            // tabbing through the markers must not pan the scene away (Leaflet pans to a focused marker)
            L.Marker.prototype.options.autoPanOnFocus = false;
            buildCaption();
            listenToKeys();
            // the map's "Volledig scherm" button: the whole presentation, caption included
            if (map.fullscreenControl) { map.fullscreenControl.options.fullscreenElement = document.documentElement; }
            window.addEventListener("resize", function () {
                if (!state.deck) { return; }
                layoutCaption();
                if (state.index >= 0 && !state.waiting) { show(state.index, false); }  // fitted again
            });
        }

        // The deck's layer (streamlit-folium adds it again after a rerun that
        // changed it): a layer group holding the current scene's layers. The
        // same deck keeps its step; a new one starts at the URL's step.
        function presentation(deck) {
            var holder = L.layerGroup(), previous = state.index;
            var first = previous === -1 || !state.deck || state.deck.id !== deck.id;
            state.deck = deck;
            state.holder = holder;
            state.current = null;  // streamlit-folium removed the previous holder with its layers
            holder.on("add", function () {
                if (state.holder !== holder) { return; }
                var start = first ? stepFromUrl() : previous;
                start = Math.max(0, Math.min(deck.scenes.length - 1, start === null ? 0 : start));
                if (first) {
                    state.index = start;
                    layoutCaption();
                    drawCaption();
                    // streamlit-folium runs the map's script before the stylesheets apply:
                    // until then the caption and the controls cannot be measured (hk.styled, fit.js)
                    util.whenStyled(state.map, hk.styled, state, function () {
                        layoutCaption();  // measured again with the caption's stylesheet
                        show(state.index, false);  // a step taken meanwhile counts
                    });
                } else {
                    show(start, false);
                }
            });
            return holder;
        }

        // Whether the current scene is fully drawn: its layers on the map, no
        // flight, the markers and names settled (hk.idle).
        function presentationIdle() {
            var map = state.map, current = state.current;
            return !!(map && current && current.index === state.index && !state.flying && !state.waiting &&
                map.hasLayer(current.markers) && hk.idle());
        }

        hk.presentationInit = presentationInit;
        hk.presentation = presentation;
        hk.presentationIdle = presentationIdle;
        hk.presentationStep = function () { return state.index + 1; };
        hk.presentationScene = function () { return state.deck && state.deck.scenes[state.index]; };
        hk.presentationGo = function (step) { go(step - 1, true); };
        return hk;
    };
})(window.hkModules = window.hkModules || {});
