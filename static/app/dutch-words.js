/* Hotspotkaart: Dutch for Streamlit's own words where it has none.
 *
 * The file uploader's button says "Upload" and its note "200MB per file • JSON";
 * the page links' overflow says "2 more" (top bar) and "View 2 more" / "View
 * less" (sidebar). Streamlit
 * draws them anew, so a watcher puts the Dutch back each time
 * (tests/browser/test_dutch_words.py). Linked by ui/layout.py.
 */
(function (modules) {
    "use strict";
    var doc = window.parent && window.parent.document ? window.parent.document : document;
    if (modules.dutchWords || doc.documentElement.dataset.hkDutch) { return; }  // once per page
    doc.documentElement.dataset.hkDutch = "1";
    var note = /^\s*([0-9.]+)\s*([KMG]B) per file\s*\u2022\s*(.+?)\s*$/;
    var more = /^(View )?(\d+) more$/;
    function navWords(root) {
        var walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT), node, m;
        while ((node = walker.nextNode())) {
            var text = node.nodeValue.trim();
            if ((m = more.exec(text))) { node.nodeValue = "nog " + m[2]; }
            else if (text === "View less") { node.nodeValue = "Minder"; }
        }
    }
    function dutch() {
        doc.querySelectorAll('header, [data-testid="stSidebarNav"]').forEach(navWords);
        doc.querySelectorAll('[data-testid="stFileUploaderDropzone"] button p').forEach(function (p) {
            if (p.textContent === "Upload") { p.textContent = "Bestand kiezen"; }
        });
        doc.querySelectorAll('[data-testid="stFileUploaderDropzoneInstructions"] span').forEach(function (span) {
            var m = note.exec(span.textContent);
            if (m) { span.textContent = m[3] + ", hoogstens " + m[1] + " " + m[2]; }
        });
    }
    dutch();
    new MutationObserver(dutch).observe(doc.body, {childList: true, subtree: true, characterData: true});
    modules.dutchWords = {dutch: dutch};
})(window.hkModules = window.hkModules || {});
