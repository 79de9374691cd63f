"""Every browser script under static/ has one module shape, and no helper is written twice.

The shape (static/map/README.md): a comment saying what the file does, then
an immediately invoked function in strict mode that registers one name on
``window.hkModules`` and takes what it needs from that namespace::

    (function (modules) {
        "use strict";
        ...
        modules.<name> = ...;
    })(window.hkModules = window.hkModules || {});
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from hotspots.assets import STATIC_DIR, VENDOR_DIR
from hotspots.mapview import basemap

OPEN = '(function (modules) {\n    "use strict";\n'
CLOSE = "})(window.hkModules = window.hkModules || {});\n"
#: A name the file registers: ``modules.<name> =`` at the top level of its function.
REGISTERS = re.compile(r"^    modules\.(\w+) = ", re.MULTILINE)
#: A name the file takes from the namespace.
USES = re.compile(r"\bmodules\.(\w+)\b(?! =)")
#: The helpers written once, in static/map/util.js.
SHARED = ("esc", "unpack", "reducedMotion", "whenStyled")


def scripts() -> list[Path]:
    """The scripts written by hand: not the vendored libraries, not a bundle built from the parts."""
    return sorted(
        p for p in STATIC_DIR.rglob("*.js") if VENDOR_DIR not in p.parents and not p.name.endswith(".bundle.js")
    )


def test_there_are_scripts_in_every_home():
    homes = {p.parent.name for p in scripts()}
    assert homes == {"map", "app", "a11y"}


@pytest.mark.parametrize("path", scripts(), ids=lambda p: p.relative_to(STATIC_DIR).as_posix())
def test_every_script_has_the_one_module_shape(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("/* Hotspotkaart: "), "a comment saying what the file does comes first"
    comment_end = text.index("*/\n") + 3
    assert text[comment_end:].startswith(OPEN), "then one function in strict mode, given the namespace"
    assert text.endswith(CLOSE), "called with window.hkModules"
    assert text.count(CLOSE) == 1 and text.count("(function (modules) {") == 1
    body = text[comment_end + len(OPEN) : -len(CLOSE)]
    assert len(REGISTERS.findall(body)) == 1, "registers exactly one name"
    # nothing else on window: no other global names
    assert not re.search(r"\bwindow\.\w+\s*=[^=]", body), re.search(r"\bwindow\.\w+\s*=[^=].*", body)


def test_each_name_is_registered_by_one_file_and_every_name_used_is_registered():
    registered: dict[str, list[str]] = defaultdict(list)
    for path in scripts():
        for name in REGISTERS.findall(path.read_text(encoding="utf-8")):
            registered[name].append(path.name)
    assert {name: files for name, files in registered.items() if len(files) > 1} == {}
    for path in scripts():
        used = set(USES.findall(path.read_text(encoding="utf-8")))
        assert used <= set(registered), (path.name, used - set(registered))


def test_the_map_files_use_only_what_is_loaded_before_them_or_called_later():
    order = [f"{part}.js" for part in basemap.SCRIPT_PARTS]
    for i, name in enumerate(order):
        text = (STATIC_DIR / "map" / name).read_text(encoding="utf-8")
        # read when the file is loaded: the top-level "var x = modules.y"
        taken = re.findall(r"^    var \w+ = modules\.(\w+);", text, re.MULTILINE)
        assert all(f"{dep}.js" in order[:i] for dep in taken), (name, taken)
    core = (STATIC_DIR / "map" / "mapview.js").read_text(encoding="utf-8")
    parts = re.search(r"var PARTS = \[([^\]]*)\];", core)
    assert parts is not None
    assert [p.strip().strip('"') for p in parts.group(1).split(",")] == [
        part for part in basemap.SCRIPT_PARTS if part not in ("util", "mapview")
    ]


def _functions(text: str) -> list[tuple[str, str]]:
    """Every ``function name(...) {...}`` of a script: its name and its text, whitespace folded."""
    found = []
    for match in re.finditer(r"function (\w+)\s*\([^)]*\)\s*\{", text):
        depth, i = 0, match.end() - 1
        while True:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            if depth == 0:
                break
            i += 1
        found.append((match.group(1), " ".join(text[match.start() : i + 1].split())))
    return found


def _written_twice(files: dict[str, str]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Where each shared helper is defined, and every function text found in more than one place."""
    where: dict[str, list[str]] = defaultdict(list)
    bodies: dict[str, list[str]] = defaultdict(list)
    for file, text in files.items():
        for name, body in _functions(text):
            where[name].append(file)
            bodies[body.split("{", 1)[1]].append(f"{file}:{name}")
    shared = {name: where[name] for name in SHARED}
    return shared, {body[:80]: places for body, places in bodies.items() if len(places) > 1}


def test_no_helper_is_written_twice():
    shared, copies = _written_twice({path.name: path.read_text(encoding="utf-8") for path in scripts()})
    assert shared == {name: ["util.js"] for name in SHARED}
    assert copies == {}


def test_the_check_finds_a_copied_helper():
    # as links.js had it: esc written again (under its own name or another)
    util = (STATIC_DIR / "map" / "util.js").read_text(encoding="utf-8")
    esc = dict(_functions(util))["esc"]
    links = (STATIC_DIR / "map" / "links.js").read_text(encoding="utf-8")
    shared, copies = _written_twice(
        {"util.js": util, "links.js": links.replace("function sample(", esc + "\nfunction sample(")}
    )
    assert shared["esc"] == ["util.js", "links.js"]
    assert list(copies.values()) == [["util.js:esc", "links.js:esc"]]
    renamed = esc.replace("function esc(", "function escape(")
    _, copies = _written_twice({"util.js": util, "links.js": links + renamed})
    assert list(copies.values()) == [["util.js:esc", "links.js:escape"]]
