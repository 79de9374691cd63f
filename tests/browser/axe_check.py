"""axe-core in the browser tests: inject it into a page and every frame, run the WCAG 2.1 A/AA rules.

axe-core is vendored under tests/browser/vendor/axe-core (MPL-2.0, with its
licence; ``scripts/vendor_assets.sh`` fetches it from npm): the tests need no
network and the app never serves it.

Each frame is checked on its own (``iframes: false``): the page, the map's
streamlit-folium iframe, any other component frame. A frame axe cannot
reach (cross-origin, detached meanwhile) fails the check rather than being
skipped silently.
"""

from __future__ import annotations

from pathlib import Path

AXE_DIR = Path(__file__).resolve().parent / "vendor" / "axe-core"
AXE_SCRIPT = AXE_DIR / "axe.min.js"
#: WCAG 2.0 and 2.1, levels A and AA: what EN 301 549 asks of a web page.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

_RUN = """async (tags) => {
    const result = await axe.run(document, {
        runOnly: {type: "tag", values: tags},
        iframes: false,
        resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary, html: n.html.slice(0, 200)})),
    }));
}"""


def frame_violations(frame) -> list[dict]:
    """axe's violations of the WCAG 2.1 A/AA rules in one frame (axe injected when not there yet)."""
    if not frame.evaluate("() => typeof window.axe === 'object'"):
        frame.add_script_tag(path=str(AXE_SCRIPT))
    violations = frame.evaluate(_RUN, list(WCAG_TAGS))
    for violation in violations:
        violation["frame"] = frame.url
    return violations


def page_violations(page) -> list[dict]:
    """The violations in the page and in each of its frames (blank frames have nothing to check)."""
    found: list[dict] = []
    for frame in page.frames:
        blank = frame.url in {"", "about:blank", "about:srcdoc"} and frame is not page.main_frame
        if blank and not frame.evaluate("() => !!document.body && document.body.children.length > 0"):
            continue
        found += frame_violations(frame)
    return found


def report(violations: list[dict]) -> str:
    """A readable list: rule, impact, frame, and each failing node with axe's summary."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}  [frame {v['frame']}]")
        for node in v["nodes"]:
            lines.append(f"    {node['target']}: {node['html']}")
            lines.append("      " + (node["summary"] or "").replace("\n", "\n      "))
    return "\n".join(lines)
