"""The source documents every hotspot cites, with full references.

The data's ``sources`` name a seed file and a section; this module says what
each file is: title, publisher and year, and a short title for citations.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reference:
    """One source document.

    Parameters
    ----------
    seed : str
        The file name the data cites (``sources[].seed``).
    short : str
        Short title for citations next to a hotspot.
    title : str
        The document's title.
    publisher : str
        Who published it.
    year : str
        Year of publication, or "z.j." when the document gives none.
    about : str
        One line on what the map takes from it.
    """

    seed: str
    short: str
    title: str
    publisher: str
    year: str
    about: str

    @property
    def full(self) -> str:
        """The reference as one line: 'Title. Publisher, year.' (one full stop after "z.j.")."""
        return _sentence(f"{self.title}. {self.publisher}, {self.year}")

    @property
    def cite(self) -> str:
        """Title, publisher and year for a citation beside a hotspot: 'Title (Publisher, year)'."""
        return f"{self.title} ({self.publisher}, {self.year})"


def _sentence(text: str) -> str:
    """``text`` ending in one full stop."""
    return text if text.endswith(".") else text + "."


def citation(seed: str, section: str = "") -> str:
    """What a person reads for a cited source: title, publisher, year and the section; never the file name.

    >>> citation("001_38567238ee4dba9b.txt", "§3.4")
    'Regionale hotspots (advies) (Adviesraad voor wetenschap, technologie en innovatie (AWTI), Den Haag, 2014), §3.4'
    """
    ref = REFERENCES.get(seed)
    title = ref.cite if ref is not None else "Onbekend brondocument"
    return f"{title}, {section}" if section else title


REFERENCES: dict[str, Reference] = {
    ref.seed: ref
    for ref in (
        Reference(
            "000_f2f80f3a07e3270c.txt",
            "Wat zijn hotspots? (uitnodiging webinars ActieAgenda Zuid-Holland)",
            "Wat zijn hotspots? Uitnodiging voor de hotspotwebinars van de ActieAgenda Technologische Industrie "
            "Zuid-Holland",
            "Economic Board Zuid-Holland, HI (hightech platform Zuid-Holland) en InnovationQuarter, "
            "mede gefinancierd door de MRDH",
            "z.j.",
            "Wat een hotspot is; voorbeelden in Zuid-Holland.",
        ),
        Reference(
            "001_38567238ee4dba9b.txt",
            "AWTI-advies Regionale hotspots (2014)",
            "Regionale hotspots (advies)",
            "Adviesraad voor wetenschap, technologie en innovatie (AWTI), Den Haag",
            "2014",
            "De drie typen, de levensfasen, de straal van 80–120 km en de landelijke voorbeelden.",
        ),
        Reference(
            "002_e52737127178c146.txt",
            "Innovatiesprong Twente (2012)",
            "Innovatiesprong Twente: (inter)nationale top innovatie regio",
            "Innovatieplatform Twente",
            "2012",
            "Twente als innovatieregio (High Tech Systems & Materials).",
        ),
        Reference(
            "003_35ad4f9a39bf573e.txt",
            "ActieAgenda Technologische Industrie Zuid-Holland, verslag ROEM-II",
            "Verslag van de presentatie van de ActieAgenda voor de Technologische Industrie in Zuid-Holland "
            "tijdens ROEM-II",
            "Economic Board Zuid-Holland, HI en InnovationQuarter",
            "z.j.",
            "De Zuid-Hollandse hotspots en welke Nieuwe Productketen en Digitaal Verbinden elk besprak.",
        ),
        Reference(
            "004_7b0dfc5139460803.txt",
            "Platform31, leerkring Clusters & clusterbeleid (2017-2018)",
            "Oproep deelname leerkring Clusters & clusterbeleid",
            "Platform31",
            "2017",
            "Energy Valley, Health Valley, Food Valley en Seed Valley.",
        ),
    )
}

#: Short titles by seed file, for citations.
SEED_TITLES = {seed: ref.short for seed, ref in REFERENCES.items()}
