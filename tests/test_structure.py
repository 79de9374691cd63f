"""The shape of the code base: what imports what, and what the comments point at."""

from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _modules_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_the_hand_out_and_the_map_share_symbols_without_folium():
    # two equal renderers of one symbology: the matplotlib hand-out needs no folium layer
    loaded = _modules_after_import("hotspots.handout")
    assert "hotspots.symbols" in loaded
    assert not {m for m in loaded if m.split(".")[0] in {"folium", "branca"} or m.startswith("hotspots.mapview")}
    symbols = _modules_after_import("hotspots.symbols")
    assert not {m for m in symbols if m.split(".")[0] in {"folium", "branca", "matplotlib", "streamlit"}}


# --------------------------------------------------------------------------- paths named in comments

_TOP = (
    "app_pages",
    "ui",
    "hotspots",
    "static",
    "tests",
    "benchmarks",
    "harness",
    "scripts",
    "data",
    "docs",
    "deploy",
    "constraints",
)
#: A repository path: a top-level folder, then names; not part of a URL or a longer path.
_PATH = re.compile(rf"(?<![\w/.\-])((?:{'|'.join(_TOP)})/[\w./\-]*\w)")
_COMMENTED = {".js": ("//", "/*", "*"), ".css": ("/*", "*"), ".toml": ("#",), ".sh": ("#",), ".cfg": ("#",)}
_SKIPPED = ("static/vendor/", "data/", "tests/browser/fixtures/static")
#: Folders the benchmarks write their results to when they run.
_MADE_BY_RUNS = ("benchmarks/results",)


def _python_comments(path: Path) -> list[str]:
    """The comments and docstrings of a Python file."""
    text = path.read_text(encoding="utf-8")
    found = [t.string for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type == tokenize.COMMENT]
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            docstring = ast.get_docstring(node, clean=False)
            if docstring:
                found.append(docstring)
    return found


def _other_comments(path: Path, markers: tuple[str, ...]) -> list[str]:
    """Comment lines, and what follows a line comment's marker (``#`` or ``//``) on a line of code."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip().startswith(markers):
            found.append(line)
        elif (marker := markers[0]) in {"#", "//"} and f" {marker} " in line:
            found.append(line.split(f" {marker} ", 1)[1])
    return found


def _commented_paths() -> list[tuple[str, str]]:
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    named = []
    for name in files:
        path = ROOT / name
        if name.startswith(_SKIPPED) or not path.is_file():
            continue
        if path.suffix == ".py":
            comments = _python_comments(path)
        elif path.suffix in _COMMENTED:
            comments = _other_comments(path, _COMMENTED[path.suffix])
        elif path.name in {"Makefile", "Dockerfile"}:
            comments = _other_comments(path, ("#",))
        else:
            continue
        named.extend((name, match) for comment in comments for match in _PATH.findall(comment))
    return named


def test_every_path_a_comment_names_exists():
    named = _commented_paths()
    assert len(named) > 100  # the scan finds the many paths the comments do name
    assert ("ui/layout.py", "static/app/layout.css") in named
    missing = [
        (file, path)
        for file, path in named
        if not (ROOT / path).exists()
        and not path.startswith(_MADE_BY_RUNS)
        and not (ROOT / (path.rsplit(".", 1)[0] + ".py")).is_file()  # a module's attribute: hotspots/assets.own_url
    ]
    assert not missing
