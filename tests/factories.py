"""Small builders of hotspot features and files for tests."""

from __future__ import annotations

import copy
import json
from pathlib import Path

SEED_001 = "001_38567238ee4dba9b.txt"


def feature(fid: str = "voorbeeld", lon: float = 4.4843, lat: float = 52.1626, **props) -> dict:
    """A valid hotspot feature; keyword arguments override properties."""
    properties = {
        "id": fid,
        "name": fid.replace("-", " ").title(),
        "place": "Leiden",
        "province": "Zuid-Holland",
        "scope": "zuid-holland",
        "types": ["wetenschapsgedreven"],
        "phase": "groei",
        "product_chains": [],
        "digitaal_verbinden": False,
        "anchors": ["Universiteit Leiden"],
        "focus": "Een voorbeeldhotspot voor de tests.",
        "sources": [{"seed": SEED_001, "section": "§3.4"}],
        "estimated": ["phase", "location"],
    }
    properties.update(props)
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties}


def collection(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": [copy.deepcopy(f) for f in features]}


def write(path: Path, document) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


# A handful of real-looking hotspots with known coordinates.
LEIDEN = feature("leiden", 4.4790, 52.1664, name="Leiden Bio Science Park", anchors=["LUMC", "Universiteit Leiden"])
DELFT = feature(
    "delft",
    4.3776,
    51.9990,
    name="RoboValley",
    place="Delft",
    types=["engineering", "wetenschapsgedreven"],
    product_chains=["robotica"],
    digitaal_verbinden=True,
    anchors=["TU Delft"],
)
NOORDWIJK = feature(
    "noordwijk",
    4.4196,
    52.2180,
    name="NL Space Campus",
    place="Noordwijk",
    types=["engineering"],
    phase="opkomst",
    product_chains=["lasersatcom"],
    anchors=["ESA ESTEC"],
    estimated=["location"],
)
EINDHOVEN = feature(
    "eindhoven",
    5.4530,
    51.4106,
    name="Brainport Eindhoven",
    place="Eindhoven",
    province="Noord-Brabant",
    scope="nationaal",
    types=["engineering"],
    phase="consolidatie",
    anchors=["Philips", "ASML"],
)
LEEUWARDEN = feature(
    "leeuwarden",
    5.7999,
    53.2107,
    name="Wetsus",
    place="Leeuwarden",
    province="Fryslân",
    scope="nationaal",
    types=["wetenschapsgedreven", "engineering"],
    phase="groei",
    anchors=["Wetsus"],
)
SAMPLE = (LEIDEN, DELFT, NOORDWIJK, EINDHOVEN, LEEUWARDEN)
