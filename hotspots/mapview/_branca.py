"""branca plumbing: map elements whose rendered text goes into the page as it is.

branca compiles the output of every rendered macro again as a Jinja
template. For a layer's data (a few hundred kilobytes of JSON) that costs
more than building it, and it would also treat ``{{`` in the data as
template syntax. :class:`Macro` renders its template's macros once and adds
the results as :class:`Rendered` text.
"""

from __future__ import annotations

from typing import Any

from branca.element import Element, MacroElement
from folium.template import Template


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

    def render(self, **kwargs: Any) -> str:
        return self._text


class Macro(MacroElement):
    """A MacroElement whose rendered ``header``, ``html`` and ``script`` go into the page as they are."""

    # Like branca's MacroElement.render, this adds to the page and returns nothing.
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        figure = self.get_root()
        module = self._template.module
        for part in ("header", "html", "script"):
            macro = getattr(module, part, None)
            if macro is not None:
                getattr(figure, part).add_child(Rendered(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class BrowserLayer(Macro):
    """A layer drawn in the browser by ``hk.<function>(payload)`` (see mapview.js).

    Parameters
    ----------
    function : str
        The function of ``window.hk`` that builds the Leaflet layer, e.g. ``"markers"``.
    payload : dict
        JSON-ready data for that function; sent with ``tojson``, so no text in
        it can close the script.
    name : str
        The element's name in folium's generated script.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = hk.{{ this.function }}({{ this.payload|tojson }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, function: str, payload: dict[str, Any], name: str) -> None:
        super().__init__()
        self._name = name
        self.function = function
        self.payload = payload
