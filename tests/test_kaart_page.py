"""AppTest of the map page: summary, detail panel, reach list, escaping."""

import re

import pytest
from app_helpers import titlebar
from factories import DELFT, LEIDEN, NOORDWIJK, collection, feature, write
from geographiclib.geodesic import Geodesic

from ui import maplist


def km(a, b):
    (lon1, lat1), (lon2, lat2) = a["geometry"]["coordinates"], b["geometry"]["coordinates"]
    return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"] / 1000


# One hotspot of the reach list: "1. **name** · 12,3 km" (no-break spaces around the distance),
# its place in grey on the next line.
REACH_LINE = re.compile(r"^\d+\. \*\*(.+)\*\* ·\u00a0(\d+,\d)\u00a0km  \n   :gray\[(.+)\]$", re.MULTILINE)


def unescape(text):
    return re.sub(r"\\(.)", r"\1", text)


def reach_rows(at):
    """(name, distance, place) of every hotspot in the reach list, in the panel's order."""
    return [(unescape(m[1]), m[2], unescape(m[3])) for block in at.markdown for m in REACH_LINE.finditer(block.value)]


def test_no_selection_invites_a_click(app):
    at = app()
    assert not at.exception
    assert titlebar(at) == (
        "Innovatiehotspots in Zuid-Holland en Nederland",
        "5 van 5 hotspots op de kaart · straal 80 km · cirkels: rond de geselecteerde hotspot",
    )
    assert "Klik op een hotspot" in at.info[0].value


def test_selection_shows_details_and_reach_nearest_first(app):
    at = app(params={"hotspot": "leiden"})
    assert not at.exception
    assert [s.value for s in at.header] == ["Leiden Bio Science Park", "Binnen 80 km"]
    # a list that wraps in the narrow panel, not a table that scrolls sideways
    assert not at.dataframe
    assert reach_rows(at) == [
        ("NL Space Campus", f"{km(LEIDEN, NOORDWIJK):.1f}".replace(".", ","), "Noordwijk"),
        ("RoboValley", f"{km(LEIDEN, DELFT):.1f}".replace(".", ","), "Delft"),
    ]
    details = " ".join(m.value for m in at.markdown)
    assert "Fase:** Groei _(inschatting)_" in details


def test_radius_widens_the_reach(app):
    at = app(params={"hotspot": "leiden", "radius": "120"})
    assert at.header[1].value == "Binnen 120 km"
    assert "Brainport Eindhoven" in [name for name, _, _ in reach_rows(at)]


def test_a_long_reach_list_keeps_the_farther_ones_in_an_expander(app, tmp_path):
    near = [feature(f"h{i:02}", 4.40 + 0.01 * i, 52.0, name=f"Hotspot {i:02}", place=f"Plaats {i}") for i in range(14)]
    at = app(params={"hotspot": "h00"}, data=write(tmp_path / "veel.geojson", collection(*near)))
    assert not at.exception
    names = [name for name, _, _ in reach_rows(at)]
    assert names == [f"Hotspot {i:02}" for i in range(1, 14)]
    (expander,) = [e for e in at.expander if e.label.startswith("Nog")]
    assert expander.label == "Nog 3 verder weg"
    assert [unescape(m[1]) for block in expander.markdown for m in REACH_LINE.finditer(block.value)] == [
        "Hotspot 11",
        "Hotspot 12",
        "Hotspot 13",
    ]


def test_filtered_out_selection_stays_with_a_note(app):
    at = app(params={"hotspot": "leiden", "scope": "nationaal"})
    assert not at.exception
    assert at.header[0].value == "Leiden Bio Science Park"
    assert any("buiten de huidige filters" in c.value for c in at.caption)


def test_empty_result_says_so(app):
    at = app(params={"q": "bestaat-niet"})
    assert not at.exception
    assert "Geen hotspots bij deze filters" in at.warning[0].value


@pytest.mark.parametrize("name", ["<img src=x onerror=alert(1)>", "**vet** [klik](javascript:alert(1)) $x^2$ `${a}`"])
def test_names_show_as_text_in_the_detail_panel(app, tmp_path, name):
    evil = dict(LEIDEN, properties=dict(LEIDEN["properties"], name=name, focus=name))
    at = app(params={"hotspot": "leiden"}, data=write(tmp_path / "x.geojson", collection(evil, DELFT)))
    assert not at.exception
    shown = at.header[0].value
    # every Markdown/HTML character is escaped, so the text renders literally
    assert shown.replace("\\", "") == name
    assert "<img" not in shown.replace("\\<", "")


def test_reach_caption_counts_in_dutch(app):
    at = app(params={"hotspot": "leiden"})
    assert "2 hotspots, dichtstbijzijnde eerst" in [c.value for c in at.main.caption]
    # searching for RoboValley shows one of the two hotspots within 80 km: both are listed, the other marked
    at = app(params={"hotspot": "leiden", "q": "robovalley"})
    captions = [c.value for c in at.main.caption]
    assert "1 van de 2 hotspots op de kaart; 1 valt buiten de filters. Dichtstbijzijnde eerst." in captions
    listing = next(m.value for m in at.main.markdown if m.value.startswith("1. **"))
    assert len(listing.split("\n1. ")) == 1 and listing.count("buiten de filters") == 1
    assert listing.count(". **") == 2


def list_buttons(at):
    """The buttons of the list of the hotspots on the map (ui/maplist.py), by key."""
    return [b for b in at.button if str(b.key).startswith("hk-list-")]


def test_the_map_as_a_list_selects_like_a_click(app):
    at = app(params={"hotspot": "leiden"})
    # folded, the list sends no buttons (they held the map back); opened, it lists every hotspot on the map
    assert list_buttons(at) == []
    assert [e.label for e in at.sidebar.expander if e.label.startswith("Lijst van de")] == [
        "Lijst van de 5 hotspots op de kaart"
    ]
    at.session_state[maplist.OPEN] = True
    at.run()
    buttons = list_buttons(at)
    # every hotspot on the map, the selected one first, then those within the radius, nearest first
    assert [b.key for b in buttons][:3] == ["hk-list-leiden", "hk-list-noordwijk", "hk-list-delft"]
    assert len(buttons) == 5
    first = unescape(buttons[0].label)
    assert first.startswith("**Leiden Bio Science Park** · Leiden, Zuid-Holland · ")
    assert first.endswith(" · _geselecteerd_")
    assert unescape(buttons[1].label).endswith(" · _binnen 80 km_")
    buttons[2].click().run()
    assert not at.exception
    assert at.header[0].value == "RoboValley"
    assert at.query_params["hotspot"] == ["delft"] or at.query_params["hotspot"] == "delft"


def test_a_search_for_the_selected_hotspot_keeps_its_reach_list(app):
    # only Leiden matches the search: its neighbours within 80 km are still listed, marked
    at = app(params={"hotspot": "leiden", "q": "leiden"})
    assert "0 van de 2 hotspots op de kaart; 2 vallen buiten de filters. Dichtstbijzijnde eerst." in [
        c.value for c in at.main.caption
    ]
    assert not [m.value for m in at.main.markdown if m.value.startswith("Geen andere")]
