"""Self-hosted front-end assets for the folium map: no script, stylesheet or font from a CDN.

folium's Map and plugins name their JavaScript and CSS as CDN URLs (the
``default_js`` / ``default_css`` class attributes, lists of ``(name, url)``).
streamlit-folium walks the map it is given -- the feature groups passed as
``feature_group_to_add`` included, it adds them to the map first -- collects
those URLs and loads them with ``<script src>`` / ``<link>`` in its iframe.
:func:`localise` rewrites them, on the element instances, to the copies the
app serves itself from ``static/vendor/`` (Streamlit's static file serving,
``server.enableStaticServing = true``, at ``/app/static/vendor/...``; the
iframe is on the same host, so root-relative URLs reach the app server).

Usage, right before handing the map to streamlit-folium; pass the map *and*
every feature group that goes in ``feature_group_to_add``::

    from hotspots.assets import localise, vendor_url

    localise(base, rings, markers, base_url=vendor_url(st.get_option("server.baseUrlPath")))
    st_folium(base, feature_group_to_add=[rings, markers], ...)

(``base_url`` defaults to ``/app/static/vendor``, right when the app is
served from the root path.)

Every URL goes through one table, :data:`CDN_TO_VENDOR`. An asset that is not
in it raises :class:`UnvendoredAssetError`, so nothing silently falls back to
a CDN; so do elements that need a library deliberately left out (folium.Icon
needs awesome-markers and font-awesome, and so does FastMarkerCluster
without a ``callback``; a branca colormap makes streamlit-folium load d3
from a CDN). Use a ``folium.DivIcon`` with SVG, a ``CircleMarker`` or the
default Leaflet marker instead.

Streamlit serves the ``static/`` folder *next to the main script*: for
``streamlit run app.py`` that is the repository's static/. A page run from
elsewhere needs a ``static`` link to it (see tests/browser/fixtures/).

``scripts/vendor_assets.sh`` fetches the vendored files from npm; this module
never imports streamlit.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import branca.colormap
import folium

ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = ROOT / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
#: Where Streamlit serves ``static/vendor`` when the app runs at the root path.
DEFAULT_BASE_URL = "/app/static/vendor"
#: How map elements name the app's own browser files in ``default_js`` /
#: ``default_css``: this prefix and a path under static/ (``"hotspotkaart:map/mapview.js"``).
#: :func:`localise` turns it into the URL beside static/vendor, with the file's
#: digest as a version (``?v=``), so browsers cache it until it changes.
OWN_PREFIX = "hotspotkaart:"


@dataclass(frozen=True)
class Package:
    """One vendored npm package: its directory under static/vendor and its licence file."""

    name: str
    version: str
    licence: str
    files: tuple[str, ...]


#: What scripts/vendor_assets.sh puts in static/vendor (paths relative to it).
VENDORED: dict[str, Package] = {
    p.name: p
    for p in (
        Package(
            "leaflet",
            "1.9.4",
            "leaflet/LICENSE",
            (
                "leaflet/leaflet.js",
                "leaflet/leaflet.css",
                # leaflet.css refers to these; L.Icon.Default finds its images through it
                "leaflet/images/layers.png",
                "leaflet/images/layers-2x.png",
                "leaflet/images/marker-icon.png",
                "leaflet/images/marker-icon-2x.png",
                "leaflet/images/marker-shadow.png",
            ),
        ),
        Package("jquery", "3.7.1", "jquery/LICENSE.txt", ("jquery/jquery.min.js",)),
        Package(
            "leaflet.markercluster",
            "1.5.3",
            "leaflet.markercluster/MIT-LICENCE.txt",
            (
                "leaflet.markercluster/leaflet.markercluster.js",
                "leaflet.markercluster/MarkerCluster.css",
                "leaflet.markercluster/MarkerCluster.Default.css",
            ),
        ),
        Package(
            "leaflet.fullscreen",
            "3.0.0",
            "leaflet.fullscreen/LICENSE",
            (
                "leaflet.fullscreen/Control.FullScreen.js",
                "leaflet.fullscreen/Control.FullScreen.css",
                "leaflet.fullscreen/icon-fullscreen.svg",  # referred to by Control.FullScreen.css
            ),
        ),
    )
}

#: The single mapping table: CDN URL (exactly as folium names it) -> path under
#: static/vendor, or None for an asset that is dropped because nothing the app
#: draws needs it. A URL that is not here is an error, so a folium upgrade that
#: changes a URL is noticed (tests/test_assets.py) instead of silently using a CDN.
CDN_TO_VENDOR: dict[str, str | None] = {
    # folium.Map (folium 0.18-0.20)
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": "leaflet/leaflet.js",
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": "leaflet/leaflet.css",
    # Popup content is built with $(`<div>...</div>`)[0]; objects_to_stay_in_front uses $(document).ready
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/jquery.min.js",
    # Only folium.Icon (awesome markers with glyphicons / font-awesome) uses these;
    # localise() refuses folium.Icon, so they are not vendored.
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js": None,
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js": None,
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css": None,
    "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css": None,
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css": None,
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css": None,
    "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css": None,
    # folium.plugins.MarkerCluster and FastMarkerCluster
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js": (
        "leaflet.markercluster/leaflet.markercluster.js"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css": (
        "leaflet.markercluster/MarkerCluster.css"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css": (
        "leaflet.markercluster/MarkerCluster.Default.css"
    ),
    # folium.plugins.Fullscreen; jsDelivr minifies on the fly, npm has only the plain file
    "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js": (
        "leaflet.fullscreen/Control.FullScreen.js"
    ),
    "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css": (
        "leaflet.fullscreen/Control.FullScreen.css"
    ),
}


class UnvendoredAssetError(ValueError):
    """A map element wants a front-end asset the app does not serve itself."""


def vendor_url(base_url_path: str = "") -> str:
    """The URL path of static/vendor for an app served under ``server.baseUrlPath``.

    >>> vendor_url("")
    '/app/static/vendor'
    >>> vendor_url("/kaart/")
    '/kaart/app/static/vendor'
    """
    prefix = base_url_path.strip("/")
    return f"/{prefix}{DEFAULT_BASE_URL}" if prefix else DEFAULT_BASE_URL


def own_url(path: str, base_url_path: str = "") -> str:
    """The versioned URL of the app's own file static/``path``, for an app served under ``server.baseUrlPath``.

    What the Streamlit pages link (their stylesheets and scripts); map
    elements name their files with :data:`OWN_PREFIX` and :func:`localise`
    turns those into the same URLs.

    >>> own_url("a11y/page.js").startswith("/app/static/a11y/page.js?v=")
    True
    """
    if not (STATIC_DIR / path).is_file():
        raise FileNotFoundError(f"static/{path} does not exist")
    _ensure_mime_types()
    return f"{_static_url(vendor_url(base_url_path))}/{path}?v={_digest(path)}"


#: The first line of a bundle: what it is and that it is not edited by hand.
BUNDLE_HEAD = "/* Hotspotkaart bundle, built from {parts} by hotspots/assets.py bundle(); do not edit. */\n"


def bundle(target: str, parts: Sequence[str]) -> str | None:
    """Make static/``target`` the files static/``parts`` one after the other; return ``target``.

    One file rather than several: streamlit-folium loads a map's scripts one
    after the other (each waits for the one before it), and Streamlit's static
    serving sends no ``Cache-Control``, so a browser asks again for every file
    on every visit. The parts stay the source (each keeps its module shape,
    static/map/README.md); the bundle is written when it is missing or differs
    from them (atomically, so processes starting together do not read half a
    file) and is not kept in git. Returns None when it cannot be written (a
    read-only app directory without a bundle built in advance, see the
    Dockerfile): the caller then links the parts one by one.
    """
    text = BUNDLE_HEAD.format(parts=", ".join(parts)) + "".join(
        _bundled((STATIC_DIR / part).read_text(encoding="utf-8")) for part in parts
    )
    path = STATIC_DIR / target
    try:
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return target
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError:
        return None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return None
    _digest.cache_clear()
    return target


#: A minified library's last line, naming its source map (a file not vendored).
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$\n?", re.MULTILINE)


def _bundled(text: str) -> str:
    """A file's text as a bundle holds it: without a source-map line, ending its last line
    (a last line without one, a comment, would swallow the next file's first)."""
    text = _SOURCE_MAP.sub("", text)
    return text if text.endswith("\n") else text + "\n"


def localise(*elements, base_url: str = DEFAULT_BASE_URL) -> None:
    """Point every asset of ``elements`` and all their descendants at the vendored copies.

    The app's own files (named with :data:`OWN_PREFIX`) get their URL in
    static/, beside static/vendor, with a version.

    Pass the map and each feature group that goes in ``feature_group_to_add``.
    Changes the element instances only (folium's classes stay as they are), drops
    assets that are not needed, and is idempotent. Raises
    :class:`UnvendoredAssetError` naming every element with an asset that is
    not vendored; on error nothing is changed.
    """
    base_url = base_url.rstrip("/")
    _ensure_mime_types()
    plan: list[tuple[object, str, list[tuple[str, str]]]] = []
    problems: list[str] = []
    seen: set[int] = set()
    for element in _walk(elements):
        if id(element) in seen:
            continue
        seen.add(id(element))
        problems.extend(_refused(element))
        for attribute in ("default_js", "default_css"):
            assets = getattr(element, attribute, None)
            if not assets:
                continue
            local: list[tuple[str, str]] = []
            for name, url in assets:
                if url.startswith(base_url + "/") or url.startswith(_static_url(base_url) + "/"):  # localised before
                    local.append((name, url))
                elif url.startswith(OWN_PREFIX):
                    path = url.removeprefix(OWN_PREFIX)
                    if not (STATIC_DIR / path).is_file():
                        problems.append(f"{type(element).__name__} wants {url!r}, which is not in static/")
                    else:
                        local.append((name, f"{_static_url(base_url)}/{path}?v={_digest(path)}"))
                elif url not in CDN_TO_VENDOR:
                    problems.append(f"{type(element).__name__} wants {url!r} ({name})")
                elif (path := CDN_TO_VENDOR[url]) is not None:
                    local.append((name, f"{base_url}/{path}"))
            plan.append((element, attribute, local))
    if problems:
        raise UnvendoredAssetError(
            "Front-end assets that are not vendored in static/vendor (see hotspots/assets.py): "
            + "; ".join(dict.fromkeys(problems))
        )
    for element, attribute, local in plan:
        # An instance attribute shadows folium's class attribute for this element only.
        setattr(element, attribute, local)


def _static_url(base_url: str) -> str:
    """The URL of static/ for the URL of static/vendor (``base_url``)."""
    return base_url.rstrip("/").rsplit("/", 1)[0]


@lru_cache(maxsize=32)
def _digest(path: str) -> str:
    """A short digest of static/``path``: its version in the URL (read once per process)."""
    return hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:12]


def asset_urls(*elements) -> list[str]:
    """Every script and stylesheet URL streamlit-folium would load for ``elements``, in order."""
    urls: list[str] = []
    for element in _walk(elements):
        for attribute in ("default_js", "default_css"):
            urls.extend(url for _, url in getattr(element, attribute, None) or ())
    return list(dict.fromkeys(urls))


def vendored_files() -> list[Path]:
    """Every file the mapping table and the packages rely on, as paths on disk."""
    relative = {p for p in CDN_TO_VENDOR.values() if p is not None}
    for package in VENDORED.values():
        relative.update(package.files)
        relative.add(package.licence)
    return [VENDOR_DIR / p for p in sorted(relative)]


def _walk(elements: Iterable) -> Iterator:
    """The elements and all their descendants (folium keeps children in ``_children``)."""
    for element in elements:
        yield element
        children = getattr(element, "_children", None)
        if children:
            yield from _walk(children.values())


def _refused(element) -> list[str]:
    """Why ``element`` cannot be drawn with the vendored set, if it cannot."""
    if isinstance(element, folium.Icon):
        return ["folium.Icon needs Leaflet.awesome-markers and font-awesome (not vendored); use folium.DivIcon"]
    # FastMarkerCluster's default callback draws every point with L.AwesomeMarkers.icon()
    if "L.AwesomeMarkers" in str(getattr(element, "callback", "")):
        return [
            f"{type(element).__name__} without a callback draws awesome-markers (not vendored); "
            "pass a callback that makes an L.circleMarker or an L.marker with an L.divIcon"
        ]
    if isinstance(element, branca.colormap.ColorMap):
        return ["a branca colormap makes streamlit-folium load d3 from a CDN; draw the legend in HTML instead"]
    return []


def _ensure_mime_types() -> None:
    # Streamlit serves static files with X-Content-Type-Options: nosniff and a
    # Content-Type from Python's mimetypes, which on some systems (a Windows
    # registry entry) says text/plain for .js -- and then the browser refuses
    # to run the script. Correct such a mapping; leave a good one alone.
    for extension, accepted in _MIME_TYPES.items():
        if mimetypes.guess_type(f"x{extension}")[0] not in accepted:
            mimetypes.add_type(accepted[0], extension)


_MIME_TYPES = {
    ".js": ("text/javascript", "application/javascript"),
    ".css": ("text/css",),
    ".svg": ("image/svg+xml",),
    ".png": ("image/png",),
}
