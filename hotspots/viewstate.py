"""The whole view as URL query parameters, so a presenter can share a link.

The filter parameters come from :data:`hotspots.filters.FILTERS` (one per
filter, multi-values comma-separated, slugs as in the URL); the others are::

    q       free text                    radius  80..120 in steps of 5
    radii   selectie | alle | geen       hotspot a hotspot id

Only values that differ from the default view are written. Reading never
fails: unknown or malformed values are dropped with a short Dutch notice.
The scope is one choice: one scope, or all of them when ``scope`` is absent
(an old link's ``scope=zuid-holland,nationaal`` also means all).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from hotspots.filters import EITHER, FILTERS, MANY, ONE, FilterState
from hotspots.geo import RADIUS_DEFAULT_KM, RADIUS_MAX_KM, RADIUS_MIN_KM, RADIUS_STEP_KM
from hotspots.pages import PAGE_PARAMS

RADII_MODES = {
    "selectie": "Rond de geselecteerde hotspot",
    "alle": "Rond alle getoonde hotspots",
    "geen": "Geen cirkels",
}
RADII_DEFAULT = "selectie"
MAX_QUERY_LENGTH = 100

# Other spellings an older link may hold for a yes/no filter.
_YES_NO_ALIASES = {"true": "ja", "false": "nee", "1": "ja", "0": "nee"}
#: The parameters of the shared view: every filter, then search, radius, rings and selection.
VIEW_PARAMS = ("q", "radius", "radii", "hotspot")
KNOWN_PARAMS = (*(f.param for f in FILTERS), *VIEW_PARAMS)
__all__ = ["KNOWN_PARAMS", "PAGE_PARAMS", "RADII_MODES", "ViewState", "parse_query_params", "to_query_params"]


@dataclass(frozen=True)
class ViewState:
    """Filters plus radius, ring mode and selected hotspot."""

    filters: FilterState = field(default_factory=FilterState)
    radius_km: int = RADIUS_DEFAULT_KM
    radii: str = RADII_DEFAULT
    hotspot: str | None = None

    def with_(self, **changes) -> ViewState:
        return replace(self, **changes)


def radius_choices() -> list[int]:
    return list(range(RADIUS_MIN_KM, RADIUS_MAX_KM + 1, RADIUS_STEP_KM))


def _first(value: str | Iterable[str]) -> str:
    if isinstance(value, str):
        return value
    values = list(value)
    return values[-1] if values else ""


#: At most this many unknown names or values are quoted in one notice; the rest are counted.
MAX_QUOTED = 5


def _shorten(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def quoted_list(values: Iterable[str]) -> str:
    """``'a', 'b'`` for at most :data:`MAX_QUOTED` values (each shortened), then ``en nog N``.

    A link can carry any number of unknown parameters; the notice stays one line.
    """
    values = list(values)
    shown = ", ".join(repr(_shorten(v)) for v in values[:MAX_QUOTED])
    rest = len(values) - MAX_QUOTED
    return f"{shown} en nog {rest}" if rest > 0 else shown


def parse_query_params(
    params: Mapping[str, str | Iterable[str]], known_ids: Iterable[str] = ()
) -> tuple[ViewState, list[str]]:
    """Read a view from query parameters.

    Parameters
    ----------
    params : mapping
        Query parameters (a value may be a string or a list of strings; the
        last one counts, as in a browser).
    known_ids : iterable of str
        Ids of the loaded hotspots, to check ``hotspot``.

    Returns
    -------
    (ViewState, list of str)
        The view and the Dutch notices about ignored values.
    """
    notices: list[str] = []
    unknown_params = [p for p in params if p not in (*KNOWN_PARAMS, *PAGE_PARAMS) and not p.startswith("embed")]
    if unknown_params:
        noun = "parameter" if len(unknown_params) == 1 else "parameters"
        notices.append(f"Onbekende {noun} {quoted_list(unknown_params)} genegeerd.")
    choices: dict[str, frozenset[str]] = {}
    for spec in FILTERS:
        if spec.param not in params:
            continue
        raw = _first(params[spec.param]).strip()
        if raw == "" and spec.widget == MANY:
            choices[spec.param] = frozenset()  # an empty choice: nothing
            continue
        if spec.widget == EITHER:
            values = [_YES_NO_ALIASES.get(raw.lower(), raw.lower())] if raw else []
        else:
            values = [v.strip().lower() for v in raw.split(",") if v.strip()]
        unknown = [v for v in values if v not in spec.vocabulary]
        valid = frozenset(v for v in values if v in spec.vocabulary)
        if unknown:
            notices.append(
                f"Onbekende waarde {quoted_list(unknown)} voor '{spec.param}' genegeerd "
                f"(mogelijk: {', '.join(spec.slugs)})."
            )
        # A one-choice filter (the scope) is one value or all.
        if valid and (spec.widget != ONE or len(valid) == 1):
            choices[spec.param] = valid
    query = ""
    if "q" in params:
        query = " ".join(_first(params["q"]).split())
        if len(query) > MAX_QUERY_LENGTH:
            notices.append(f"Zoektekst ingekort tot {MAX_QUERY_LENGTH} tekens.")
            query = query[:MAX_QUERY_LENGTH]

    view = ViewState(filters=FilterState.from_choices(choices, query))

    if "radius" in params:
        raw = _first(params["radius"]).strip().lower().removesuffix("km").strip()
        try:
            radius = int(raw) if len(raw) <= 6 else None  # int() of thousands of digits is slow, then refused
        except ValueError:
            radius = None
        if radius in radius_choices():
            view = view.with_(radius_km=radius)
        else:
            notices.append(
                f"Straal {_shorten(raw)!r} genegeerd: kies {RADIUS_MIN_KM} tot {RADIUS_MAX_KM} km "
                f"in stappen van {RADIUS_STEP_KM}; de kaart toont {RADIUS_DEFAULT_KM} km."
            )

    if "radii" in params:
        raw = _first(params["radii"]).strip().lower()
        if raw in RADII_MODES:
            view = view.with_(radii=raw)
        else:
            notices.append(
                f"Onbekende waarde {_shorten(raw)!r} voor 'radii' genegeerd (mogelijk: {', '.join(RADII_MODES)})."
            )

    if "hotspot" in params:
        raw = _first(params["hotspot"]).strip()
        if raw in set(known_ids):
            view = view.with_(hotspot=raw)
        elif raw:
            notices.append(f"Hotspot {_shorten(raw)!r} bestaat niet in de gegevens; er is geen hotspot geselecteerd.")

    return view, notices


def to_query_params(view: ViewState) -> dict[str, str]:
    """The query parameters for ``view``: only what differs from the default."""
    default = ViewState()
    params: dict[str, str] = {}
    for spec, chosen in view.filters.restricted():
        if spec.widget == ONE and len(chosen) != 1:
            continue  # one value or all (there is no "none")
        params[spec.param] = ",".join(v for v in spec.slugs if v in chosen)
    if view.filters.query:
        params["q"] = view.filters.query
    if view.radius_km != default.radius_km:
        params["radius"] = str(view.radius_km)
    if view.radii != default.radii:
        params["radii"] = view.radii
    if view.hotspot:
        params["hotspot"] = view.hotspot
    return params


def cache_key(view: ViewState) -> tuple[tuple[str, str], ...]:
    """``view`` as a small key for caches: its query parameters, sorted.

    Equal views give equal keys (the parameters are canonical), and hashing
    a few short strings is far cheaper than hashing the dataclass.
    """
    return tuple(sorted(to_query_params(view).items()))


def summary(view: ViewState) -> str:
    """A short filename-safe summary of the active filters, e.g. ``zh_engineering_groei``."""
    parts: list[str] = []
    for spec, chosen in view.filters.restricted():
        parts += [spec.short.get(v, v) for v in spec.slugs if v in chosen] or [f"geen-{spec.param}"]
    if view.filters.query:
        parts.append("zoek")
    if view.hotspot:
        parts.append(f"rond-{view.hotspot}-{view.radius_km}km")
    return "_".join(parts) or "alle"
