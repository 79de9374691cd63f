"""What the map's words mean, in Dutch: one source for every page and file.

The Over page, the Excel "Toelichting" sheet, the sidebar's help texts and
the table's column help all take their explanations from here, so a
definition is changed in one place. The vocabularies themselves (slugs,
labels, one-line explanations) live in :mod:`hotspots.model`.
"""

from __future__ import annotations

from dataclasses import dataclass

from hotspots.model import ESTIMABLE_FIELDS, PHASES, PRODUCT_CHAINS, TYPES, Term

HOTSPOT = (
    "Een **hotspot** is een herkenbare concentratie van innovatieve bedrijven en kennisinstellingen "
    "rond een anker: een universiteit, een groot bedrijf of een campus."
)
DIGITAAL_VERBINDEN = "Actielijn 2 van de ActieAgenda: is Digitaal Verbinden bij deze hotspot besproken?"
NO_CHAIN = "Geen productketen besproken."
RADIUS = (
    "Het positieve effect van universitair onderzoek op innovatie is te zien binnen een straal van "
    "ongeveer 80 km; ook afstanden rond 120 km worden genoemd (AWTI 2014, §2.3)."
)
RADIUS_SHORT = "Onderzoek van universiteiten werkt door tot ongeveer 80 km, soms 120 km (AWTI 2014, §2.3)."
ESTIMATE = "De bronnen noemen deze waarde niet; het is een redactionele inschatting."
DISTANCE = "Afstand over het aardoppervlak tot de geselecteerde hotspot."
SOURCES_COLUMN = "Per hotspot het bronbestand en de paragraaf of het onderdeel waar hij genoemd wordt."


@dataclass(frozen=True)
class Topic:
    """A vocabulary with its heading (and citation) and the explanation of each term."""

    title: str
    terms: tuple[Term, ...]

    def rows(self) -> tuple[tuple[str, str], ...]:
        """(label, explanation) per term, as the Excel sheet lists them."""
        return tuple((term.label, term.explanation) for term in self.terms)

    def help(self) -> str:
        """The explanations in one line, for a widget's help text."""
        return " ".join(f"{term.label}: {term.explanation}" for term in self.terms)


TYPES_TOPIC = Topic("Typen (AWTI 2014, hoofdstuk 3)", tuple(TYPES.values()))
PHASES_TOPIC = Topic("Fasen (levenscyclus, AWTI 2014, §2.4)", tuple(PHASES.values()))
CHAINS_TOPIC = Topic("Productketens (ActieAgenda, Actielijn 1)", tuple(PRODUCT_CHAINS.values()))
ESTIMATES_TOPIC = Topic("Inschattingen", tuple(ESTIMABLE_FIELDS.values()))

#: Column help for the table page, by vocabulary.
TYPE_COLUMN = "AWTI-typologie; '(inschatting)': de bronnen noemen het type niet."
PHASE_COLUMN = "Fase in de levenscyclus; '(inschatting)': de bronnen noemen de fase niet."
CHAINS_COLUMN = "Nieuwe Productketens uit de ActieAgenda (Actielijn 1)."
ANCHORS_COLUMN = (
    "Universiteiten, bedrijven of campussen waar de hotspot omheen ligt, gescheiden door een puntkomma (;); "
    "'—' als de bronnen er geen noemen."
)
ESTIMATED_COLUMN = "Velden die een redactionele inschatting zijn."

#: Column help for the table page and the export's "Toelichting": the values carry no estimate mark.
TYPE_VALUES_COLUMN = "AWTI-typologie. Of het type een inschatting is, staat in de kolom Inschattingen."
PHASE_VALUES_COLUMN = "Fase in de levenscyclus. Of de fase een inschatting is, staat in de kolom Inschattingen."
ESTIMATES_IN_COLUMN = (
    "De waarden in de tabel staan er zonder aanduiding; de kolom Inschattingen noemt per hotspot welke velden "
    "een redactionele inschatting zijn. Zo geeft een filter op een waarde precies de hotspots met die waarde."
)
TYPE_FLAGS_COLUMN = (
    "Per type een kolom met ja of nee, bijvoorbeeld 'Type: Engineering'. Een hotspot kan meer typen hebben: "
    "filter op 'ja' in de kolom van een type voor precies de hotspots van dat type."
)
CHAIN_FLAGS_COLUMN = (
    "Per productketen een kolom met ja of nee, bijvoorbeeld 'Productketen: Waterstof'. Een hotspot kan meer "
    "productketens hebben: filter op 'ja' in de kolom van een keten voor precies de hotspots met die keten."
)
