"""Toegankelijkheidsverklaring: the accessibility statement, after the Dutch government's model.

What was tested and how is what the test suite does (tests/browser/test_accessibility.py,
tests/browser/test_wcag_criteria.py); the known limitations are those the app cannot change.
"""

import os

import streamlit as st

st.title("Toegankelijkheidsverklaring")

st.markdown(
    """
Hotspotkaart wil voor iedereen bruikbaar zijn: met muis, toetsenbord of
schermlezer, op een groot scherm, een tablet of een telefoon, en ingezoomd.

## Standaard

Het doel is **WCAG 2.1 niveau AA**, de norm van EN 301 549 die voor
websites van Nederlandse overheden geldt (Besluit digitale toegankelijkheid
overheid).

## Wat is getest en hoe

- **Automatisch, bij elke wijziging**: axe-core (versie 4.14) controleert
  alle regels van WCAG 2.0 en 2.1, niveau A en AA, op de kaart (ook met een
  gekozen hotspot en een open pop-up), *Tabel & export*, *Samenwerking* (met
  en zonder keuze), *Over de gegevens*, deze pagina, *Beheer* (uitgelogd en
  ingelogd) en een presentatie (stap 1 en 3), in de pagina én in het venster
  met de kaart. De test faalt bij elke overtreding.
- **Toetsenbord**: elke bediening heeft een zichtbare focusrand (contrast
  minstens 3:1); de lijst van de hotspots op de kaart staat vóór de kaart en
  kiest een hotspot zoals een klik; de link *Kaart overslaan* brengt de focus
  naar de details. Op de kaart: Tab naar de hotspots, Enter of spatie kiest,
  Escape sluit de pop-up, pijltjes verschuiven en + en − zoomen. Een test
  doorloopt de app met alleen het toetsenbord: filters kiezen, een hotspot
  uit de lijst en een op de kaart, de hotspots binnen de straal lezen,
  *Tabel & export* openen en een bestand downloaden (de focus blijft daarna
  op de knop), en een presentatie openen en doorlopen.
- **Herschikken en tekstafstand**: elke pagina is getest op 320 pixels breed
  en op 200 % zoom (640 × 360), ook met de extra tekstafstand van WCAG 1.4.12:
  niets valt weg en tekst hoeft niet opzij te schuiven. Het onderschrift van
  een presentatie past zich aan; is het langer dan de ruimte, dan schuift het
  op en neer (met Tab en de pijltjes omhoog en omlaag).
- **Koppen**: elke pagina begint met één kop van het hoogste niveau, daarna
  slaan de koppen geen niveau over; ook de koppen in het venster met de kaart
  (legenda, pop-up) tellen mee. Het kaartvenster heet *Kaart van de hotspots*.
- **Kaart zonder kleur**: het type van een hotspot staat als letter in het
  symbool (C creatief-urbaan, E engineering, W wetenschapsgedreven; twee
  letters bij twee typen): op de kaart, in de legenda, op de hand-out (PDF)
  en op de kaart als afbeelding. De vorm toont de fase. Elk symbool heeft een donkere rand met
  een contrast van minstens 3:1 tegen de kaart, ook de vage symbolen buiten
  de straal. De test rekent die contrasten na.
- **Schermlezer**: pagina en kaart zijn in het Nederlands (`lang="nl"`),
  elke pagina heeft een eigen titel, een hotspot op de kaart wordt genoemd
  met naam, type, fase en of hij gekozen is of binnen de straal ligt, en een
  statusmelding zegt hoeveel hotspots de kaart toont en welke gekozen is.
- **Beweging**: wie in het systeem minder beweging kiest, ziet de kaart
  springen in plaats van vliegen, ook bij pop-ups en uitgespreide groepen.

## Bekende beperkingen

- Streamlit, waarmee de app gebouwd is, heeft enkele Engelse teksten die de
  app niet kan bereiken: meldingen van de verbinding ("Connecting",
  "Please wait"), het menu van een tabelkolom en de foutpagina van Streamlit
  zelf. De meeste Engelse knopnamen (*Skip to main content*, *Clear all*,
  *Help for …*) vertaalt de app wel.
- De kaart is een afbeelding met veel punten: de **lijst van de hotspots**
  boven de filters en de pagina *Tabel & export* geven dezelfde inhoud als
  tekst. De ligging ten opzichte van elkaar (afstanden) staat in de lijst
  *Binnen … km* bij een gekozen hotspot.
- De **kaart** zelf verschuift in twee richtingen; dat hoort bij een kaart
  (WCAG 1.4.10 zondert zulke inhoud uit). Op een heel klein scherm
  (320 × 256) krijgt de kaart van een presentatie maar de helft van de
  hoogte en schuift het onderschrift.
- Op de kaart van *Samenwerking* toont de **kleur van een lijn** de soort
  verband (productketen, Digitaal Verbinden of type); de dikte toont de
  sterkte en een stippellijn een verband dat op schattingen berust. De soort
  staat ook als tekst in de tooltip van elke lijn, in de lijst van partners
  van een gekozen hotspot en in de *Tabel van de verbindingen*, maar niet als
  vorm op de kaart zelf (WCAG 1.4.1).
- De achtergrondkaarten (PDOK, OpenStreetMap, CARTO) komen van derden.
- Een presentatie op volledig scherm toont geen navigatie; Esc brengt u
  terug naar de kaart, met de navigatie en deze verklaring.

## Contact

Loopt u tegen een probleem aan, of is iets niet toegankelijk? Meld het bij
de organisatie die deze Hotspotkaart publiceert.
"""
)

# Who publishes the app sets its contact line (README: Accessibility).
contact = os.environ.get("HOTSPOTS_CONTACT", "").strip()
if contact:
    st.markdown(f"Contact: {contact}")

st.caption("Deze verklaring is opgesteld op 7 december 2026 en wordt bijgewerkt bij elke grote wijziging.")
