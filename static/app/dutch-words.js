/* Hotspotkaart: Dutch for the words of Streamlit's file uploader, which has none.
 *
 * Its button says "Upload" and its note "200MB per file • JSON". Streamlit
 * draws them anew, so a watcher puts the Dutch back each time
 * (tests/browser/test_dutch_words.py). Linked by ui/layout.py.
 */
(function (modules) {
    "use strict";
    var doc = window.parent && window.parent.document ? window.parent.document : document;
    if (modules.dutchWords || doc.documentElement.dataset.hkDutch) { return; }  // once per page
    doc.documentElement.dataset.hkDutch = "1";
    var note = /^\s*([0-9.]+)\s*([KMG]B) per file\s*\u2022\s*(.+?)\s*$/;
    function dutch() {
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
