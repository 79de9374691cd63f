"""AppTest of the map page: summary, detail panel, reach list, escaping."""

import pytest
from app_helpers import titlebar
from factories import DELFT, LEIDEN, NOORDWIJK, collection, write
from geographiclib.geodesic import Geodesic


def km(a, b):
    (lon1, lat1), (lon2, lat2) = a["geometry"]["coordinates"], b["geometry"]["coordinates"]
    return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"] / 1000


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
    assert [s.value for s in at.subheader] == ["Leiden Bio Science Park", "Binnen 80 km"]
    reach = at.dataframe[0].value
    assert list(reach["Hotspot"]) == ["NL Space Campus", "RoboValley"]
    assert list(reach["Afstand (km)"]) == [round(km(LEIDEN, NOORDWIJK), 1), round(km(LEIDEN, DELFT), 1)]
    details = " ".join(m.value for m in at.markdown)
    assert "Fase:** Groei _(inschatting)_" in details


def test_radius_widens_the_reach(app):
    at = app(params={"hotspot": "leiden", "radius": "120"})
    assert at.subheader[1].value == "Binnen 120 km"
    assert "Brainport Eindhoven" in list(at.dataframe[0].value["Hotspot"])


def test_filtered_out_selection_stays_with_a_note(app):
    at = app(params={"hotspot": "leiden", "scope": "nationaal"})
    assert not at.exception
    assert at.subheader[0].value == "Leiden Bio Science Park"
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
    shown = at.subheader[0].value
    # every Markdown/HTML character is escaped, so the text renders literally
    assert shown.replace("\\", "") == name
    assert "<img" not in shown.replace("\\<", "")


def test_reach_caption_counts_in_dutch(app):
    at = app(params={"hotspot": "leiden"})
    assert "2 hotspots, dichtstbijzijnde eerst" in [c.value for c in at.main.caption]
    # searching for RoboValley leaves Delft as the one shown hotspot within 80 km
    at = app(params={"hotspot": "leiden", "q": "robovalley"})
    assert "1 hotspot, dichtstbijzijnde eerst" in [c.value for c in at.main.caption]
