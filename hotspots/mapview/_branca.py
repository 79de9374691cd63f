"""branca plumbing: map elements whose rendered text goes into the page as it is.

branca compiles the output of every rendered macro again as a Jinja
template. For a layer's data (a few hundred kilobytes of JSON) that costs
more than building it, and it would also treat ``{{`` in the data as
template syntax. :class:`Macro` renders its template's macros once and adds
the results as :class:`Rendered` text.

These elements are made again on every rerun of every session, so they are
kept cheap: their ids (only needed to be unique within one map) come from
Python's own generator instead of ``os.urandom`` (a system call each, which
showed up in the profile of a webinar's load).
"""

from __future__ import annotations

import html
import json
import random
from typing import Any

from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template
from jinja2.utils import htmlsafe_json_dumps

# Not for secrets: ids only name a map's JavaScript variables.
_ids = random.Random()  # noqa: S311


def cheap_id() -> str:
    """A random 32-digit hex id like branca's, without a system call."""
    return f"{_ids.getrandbits(128):032x}"


class Rendered(Element):
    """Text that is already rendered; branca's ``render`` returns it unchanged.

    Parameters
    ----------
    text : str
        The finished HTML, CSS or JavaScript.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    @classmethod
    def _generate_id(cls) -> str:
        return cheap_id()

    def render(self, **kwargs: Any) -> str:
        return self._text


def add_links(element: Any) -> None:
    """Add ``element``'s ``default_js`` and ``default_css`` to its page's header, as folium's JSCSSMixin does.

    (streamlit-folium drops these tags and loads the files itself; a page
    rendered by folium, as in the tests, needs them.)
    """
    header = element.get_root().header
    for name, url in getattr(element, "default_js", ()):
        header.add_child(Rendered(f'<script src="{html.escape(url)}"></script>'), name=name)
    for name, url in getattr(element, "default_css", ()):
        header.add_child(Rendered(f'<link rel="stylesheet" href="{html.escape(url)}"/>'), name=name)


class Macro(MacroElement):
    """A MacroElement whose rendered ``header``, ``html`` and ``script`` go into the page as they are.

    Like folium's JSCSSMixin, it links the files of ``default_js`` and
    ``default_css`` when a subclass lists them.
    """

    @classmethod
    def _generate_id(cls) -> str:
        return cheap_id()

    # Like branca's MacroElement.render, this adds to the page and returns nothing.
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        add_links(self)
        figure = self.get_root()
        module = self._template.module
        for part in ("header", "html", "script"):
            macro = getattr(module, part, None)
            if macro is not None:
                getattr(figure, part).add_child(Rendered(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class LinkedScript(Macro, JSCSSMixin):
    """A script of ours on the map whose browser files (static/map) are linked as folium links its
    plugins': the subclass lists them in ``default_js`` and ``default_css``, and names itself.

    Each element gets its own copy of the lists: :func:`hotspots.assets.localise`
    replaces an element's URLs with the served ones. (Macro's render comes
    first in the method order; it links the files as JSCSSMixin would.)
    """

    def __init__(self) -> None:
        super().__init__()
        self._name = type(self).__name__
        self.default_js = list(type(self).default_js)
        self.default_css = list(type(self).default_css)


class LayerJSON(str):
    """A layer's payload as HTML-safe JSON, made by :func:`layer_json` (only such text goes into a script)."""

    __slots__ = ()


def layer_json(payload: dict[str, Any]) -> LayerJSON:
    """``payload`` as HTML-safe JSON (as Jinja's ``tojson``): no text in it can close the script.

    One string instead of the nested lists and dicts: what a cache keeps of
    a view's layers (a third of the memory for the markers, a sixth for the
    rings), and nothing to serialise again on the next run.
    """
    return LayerJSON(htmlsafe_json_dumps(payload, sort_keys=True))


class BrowserLayer(Macro):
    """A layer drawn in the browser by ``hk.<function>(payload)`` (see mapview.js).

    Pass it to streamlit-folium's ``feature_group_to_add``: its script
    defines the ``feature_group_…`` variable that streamlit-folium adds to
    the map and removes again when the next run sends new layers. (One
    element instead of a folium FeatureGroup holding it: these are made on
    every rerun.) Added to a map with ``add_to``, it draws there too.

    Parameters
    ----------
    function : str
        The function of ``window.hk`` that builds the Leaflet layer, e.g. ``"markers"``.
    payload : dict or LayerJSON
        JSON-ready data for that function, or that data already made into
        :func:`layer_json` (for example cached); sent as HTML-safe JSON, so
        no text in it can close the script.
    title : str
        What the layer is, for people reading the generated script.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = hk.{{ this.function }}({{ this.payload_json }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, function: str, payload: dict[str, Any] | LayerJSON, title: str) -> None:
        super().__init__()
        self._name = "FeatureGroup"  # streamlit-folium refers to the layer as feature_group_<n>
        self.function = function
        if isinstance(payload, str) and not isinstance(payload, LayerJSON):
            raise TypeError("a layer's JSON must come from layer_json(), which makes it safe in a script")
        #: The script's data, made once (streamlit-folium renders the script twice per run).
        self.payload_json = payload if isinstance(payload, LayerJSON) else layer_json(payload)
        self.title = title

    @property
    def payload(self) -> dict[str, Any]:
        """The data the browser gets, read back from :attr:`payload_json`."""
        return json.loads(self.payload_json)
