"""AppTest of the Samenwerking page, and of the map page's "Kansrijke partners"."""

from __future__ import annotations

import re

import pytest
from app_helpers import titlebar
from factories import DELFT, LEIDEN, collection, write

from hotspots import export, partners
from hotspots.io import DEFAULT_DATA_PATH, load_hotspots

PAGE = "app_pages/samenwerking.py"
ITEM = re.compile(r"^(\d+)\. \*\*(.*)\*\* · (\d+,\d) km(?: · score (\d+,\d\d))?$")


def unescape(text: str) -> str:
    """Text as ui.text.md escaped it, back to what it says."""
    return re.sub(r"\\(.)", r"\1", text)


def numbered_items(markdown: str) -> list[tuple[str, str, str]]:
    """(name, distance, reasons) of each item of a partner list in Markdown."""
    lines = markdown.split("\n")
    items = []
    for head, reasons in zip(lines[::2], lines[1::2], strict=True):
        match = ITEM.match(head.removesuffix("  "))
        assert match, head
        assert int(match.group(1)) == len(items) + 1
        assert reasons.startswith("   ")
        items.append((unescape(match.group(2)), match.group(3), unescape(reasons.strip())))
    return items


def km(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def partner_markdown(at) -> str:
    lists = [m.value for m in at.main.markdown if ITEM.match(m.value.split("\n", 1)[0].removesuffix("  "))]
    assert len(lists) == 1, [m.value for m in at.main.markdown]
    return lists[0]


@pytest.fixture(scope="module")
def shipped():
    return load_hotspots(DEFAULT_DATA_PATH).frame


def open_page(app, params=None, data=None):
    """The page as a browser opens /samenwerking?...: the sidebar's and the page's URL parameters read.

    The fixture's first run is the map page's, whose URL leaves out ``koppel``
    (only this page reads it); it is put back before the switch.
    """
    params = dict(params or {})
    at = app(params=params) if data is None else app(params=params, data=data)
    if "koppel" in params:
        at.query_params["koppel"] = params["koppel"]
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def test_page_renders_with_the_rule_and_a_summary(app, sample_frame):
    at = open_page(app)
    links = partners.links(sample_frame, 80)
    assert titlebar(at) == (
        "Kansrijke partners",
        f"{len(links)} verbindingen tussen 5 hotspots binnen 80 km · koppel: productketen, type, Digitaal Verbinden",
    )
    assert at.main.pills[0].value == ["keten", "type", "dv"]
    assert "koppel" not in at.query_params  # all kinds: the default, not in the URL
    rule = next(e for e in at.main.expander if e.label == "Wanneer zijn hotspots kansrijke partners?")
    assert unescape(rule.markdown[0].value) == partners.RULE_TEXT
    assert [s.value for s in at.main.header] == ["Netwerken", "Aantal partners", "Verbinders"]


def test_koppel_round_trips_through_the_url(app, sample_frame):
    at = open_page(app, {"koppel": "keten,dv"})
    assert at.main.pills[0].value == ["keten", "dv"]
    assert at.query_params["koppel"] == "keten,dv"
    n = len(partners.links(sample_frame, 80, {"keten", "dv"}))
    assert (
        titlebar(at)[1] == f"{n} verbindingen tussen 5 hotspots binnen 80 km · koppel: productketen, Digitaal Verbinden"
    )
    # choosing in the page writes the URL; all three kinds is the default, left out of the URL
    at.main.pills[0].set_value(["type"]).run()
    assert at.query_params["koppel"] == "type"
    assert titlebar(at)[1].endswith("· koppel: type")
    at.main.pills[0].set_value(["keten", "type", "dv"]).run()
    assert "koppel" not in at.query_params
    # the other filters stay in the URL beside it
    at.sidebar.slider(key="v_radius").set_value(120).run()
    assert at.query_params["radius"] == "120"


def test_an_empty_choice_is_refused(app):
    at = open_page(app, {"koppel": "type"})
    at.main.pills[0].set_value([]).run()
    assert not at.exception
    assert at.main.pills[0].value == ["type"]
    assert at.query_params["koppel"] == "type"
    assert "Kies minstens één soort koppeling; de laatste blijft gekozen." in [c.value for c in at.main.caption]


def test_unknown_koppel_values_get_a_notice(app):
    at = open_page(app, {"koppel": "keten,vriendschap"})
    assert at.main.pills[0].value == ["keten"]
    assert at.query_params["koppel"] == "keten"
    notices = [unescape(i.value) for i in at.main.info]
    assert partners.parse_kinds("keten,vriendschap")[1] == [
        "Onbekende waarde 'vriendschap' voor 'koppel' genegeerd (mogelijk: keten, type, dv)."
    ]
    assert notices == partners.parse_kinds("keten,vriendschap")[1]
    # nothing valid: all kinds, and a notice saying so
    at = open_page(app, {"koppel": "niets"})
    assert at.main.pills[0].value == ["keten", "type", "dv"]
    assert [unescape(i.value) for i in at.main.info] == partners.parse_kinds("niets")[1]
    # the notices go once the user chooses
    at.main.pills[0].set_value(["dv"]).run()
    assert len(at.main.info) == 0


@pytest.mark.parametrize(
    ("hotspot", "radius", "koppel"), [("robovalley-fraim", 80, None), ("leerfabriek-dordrecht", 120, "keten,dv")]
)
def test_selected_hotspot_lists_exactly_its_partners(app, shipped, hotspot, radius, koppel):
    params = {"hotspot": hotspot, "radius": str(radius), **({"koppel": koppel} if koppel else {})}
    at = open_page(app, params, data=DEFAULT_DATA_PATH)
    kinds, _ = partners.parse_kinds(koppel)
    expected = partners.partners_of(partners.links(shipped, radius, kinds), hotspot)
    assert len(expected) > 1 and expected["estimated_only"].any(), "a case with estimates"
    names = dict(zip(shipped["id"], shipped["name"], strict=True))
    assert at.main.header[0].value.replace("\\", "") == names[hotspot]
    assert numbered_items(partner_markdown(at)) == [
        (names[row.partner], km(row.distance_km), row.reasons) for row in expected.itertuples()
    ]
    assert f"{len(expected)} kansrijke partners binnen {radius} km, sterkste eerst" in [
        c.value for c in at.main.caption
    ]
    # the network figures give way to the selection's partners
    assert "Netwerken" not in [s.value for s in at.main.header]


def test_a_hotspot_without_partners_says_so(app):
    # Wetsus shares no product chain and did not discuss Digitaal Verbinden
    at = open_page(app, {"hotspot": "leeuwarden", "koppel": "keten,dv"})
    assert "Geen kansrijke partners binnen 80 km bij deze koppeling." in [m.value for m in at.main.markdown]


def test_network_figures_match_the_core(app, shipped):
    at = open_page(app, {"radius": "100"}, data=DEFAULT_DATA_PATH)
    figures = partners.network(shipped, partners.links(shipped, 100))
    names = dict(zip(shipped["id"], shipped["name"], strict=True))
    assert [s.value for s in at.main.header] == ["Netwerken", "Aantal partners", "Verbinders"]
    explanations = [c.value for c in at.main.caption]
    for key in ("netwerken", "partners", "verbinders"):
        assert partners.EXPLANATIONS[key] in explanations
    markdown = [m.value for m in at.main.markdown]
    groups = next(m for m in markdown if m.startswith("1. **"))
    rows = groups.split("\n")
    assert len(rows) == min(len(figures.groups), 10)
    for row, group in zip(rows, figures.groups, strict=False):
        count, listed = re.match(r"^\d+\. \*\*(\d+) hotspots:\*\* (.*)$", row).groups()
        assert int(count) == len(group)
        expected = sorted((names[i] for i in group), key=str.casefold)
        more = re.search(r" en nog (\d+)$", listed)
        shown = unescape(listed[: more.start()] if more else listed).split(", ")
        assert shown == expected[: len(shown)]
        assert len(shown) + (int(more.group(1)) if more else 0) == len(group)
    degree = at.main.dataframe[0].value
    top = sorted(
        ((n, i) for i, n in figures.degree.items() if n > 0), key=lambda item: (-item[0], names[item[1]].casefold())
    )[:10]
    assert list(degree["Hotspot"]) == [names[i] for _, i in top]
    assert list(degree["Partners"]) == [n for n, _ in top]
    connectors = next(m for m in markdown if m.startswith("- "))
    assert [unescape(line[2:]) for line in connectors.split("\n")] == [names[i] for i in figures.connectors]
    assert figures.connectors, "the shipped data has connectors at 100 km"


def test_names_are_text_in_the_partner_list(app, tmp_path):
    evil = "<img src=x onerror=alert(1)> **vet** [klik](javascript:alert(1))"
    data = write(
        tmp_path / "x.geojson", collection(LEIDEN, dict(DELFT, properties=dict(DELFT["properties"], name=evil)))
    )
    at = open_page(app, {"hotspot": "leiden"}, data=data)
    [(name, _, reasons)] = numbered_items(partner_markdown(at))
    assert name == evil
    assert reasons == "type Wetenschapsgedreven"
    assert "<img" not in partner_markdown(at).replace("\\<", "")


def test_a_selection_outside_the_filters_keeps_its_partners(app):
    # Noordwijk is only engineering; the type filter hides it, its partners among the shown stay
    at = open_page(app, {"hotspot": "noordwijk", "type": "wetenschapsgedreven"})
    assert "Deze hotspot valt buiten de huidige filters, maar blijft geselecteerd." in [
        c.value for c in at.main.caption
    ]
    names = [name for name, _, _ in numbered_items(partner_markdown(at))]
    assert names == ["RoboValley"]


# --------------------------------------------------------------------------- the map page


def test_map_page_lists_the_top_five_partners(app, shipped):
    at = app(params={"hotspot": "robovalley-fraim", "radius": "100"}, data=DEFAULT_DATA_PATH)
    assert not at.exception
    expected = partners.partners_of(partners.links(shipped, 100), "robovalley-fraim", limit=5)
    assert len(expected) == 5, "RoboValley has more than five partners at 100 km"
    names = dict(zip(shipped["id"], shipped["name"], strict=True))
    assert "## Kansrijke partners" in [m.value for m in at.main.markdown]
    assert numbered_items(partner_markdown(at)) == [
        (names[row.partner], km(row.distance_km), row.reasons) for row in expected.itertuples()
    ]
    [link] = at.main.get("page_link")
    assert link.proto.page == "samenwerking"


def test_map_page_says_when_there_are_no_partners(app):
    at = app(params={"hotspot": "leeuwarden"})
    assert not at.exception
    assert "Geen getoonde hotspots binnen 80 km die iets met deze hotspot delen." in [m.value for m in at.main.markdown]


# --------------------------------------------------------------------------- the table of links


def links_expander(at):
    return next(e for e in at.main.expander if e.label == "Tabel van de verbindingen")


@pytest.mark.parametrize(
    ("params", "radius", "kinds"),
    [({}, 80, None), ({"radius": "120", "koppel": "type"}, 120, {"type"}), ({"hotspot": "delft"}, 80, None)],
)
def test_the_table_holds_a_row_per_link_and_the_downloads(app, sample_frame, params, radius, kinds):
    at = open_page(app, params)
    links = partners.links(sample_frame, radius, kinds)
    assert len(links) > 0
    expander = links_expander(at)
    [table] = expander.dataframe
    assert list(table.value.columns) == list(export.LINK_TABLE_COLUMNS)
    assert len(table.value) == len(links)
    assert list(zip(table.value["id A"], table.value["id B"], strict=True)) == list(
        zip(links["a"], links["b"], strict=True)
    )
    of = " van RoboValley" if params.get("hotspot") == "delft" else ""  # the sample's links all involve Delft
    assert f"**{len(links)} verbindingen{of} in de tabel**, sterkste eerst" in [m.value for m in expander.markdown]
    assert titlebar(at)[1].startswith(f"{len(links)} verbindingen")  # as many as the title bar counts
    buttons = links_expander(at).get("download_button")  # one click per file: a button per format
    assert [b.label for b in buttons] == ["CSV (Excel NL)", "CSV", "Excel"]
    names = []
    for button in buttons:
        assert button.proto.ignore_rerun, "a download does not rerun the app"
        assert button.proto.deferred_file_id or not button.proto.url, "made on the click, not with the page"
        names.append(button.help.rsplit("Bestand: ", 1)[1].strip("`"))
    stem = f"partners_delft_{radius}km_" if of else f"verbindingen_{radius}km_"
    assert all(name.startswith(stem) for name in names)
    assert [name.rsplit("_", 1)[1].split(".", 1)[1] for name in names] == ["excel-nl.csv", "csv", "xlsx"]


def test_without_links_there_is_nothing_to_download(app):
    at = open_page(app, {"type": "creatief-urbaan"})
    expander = links_expander(at)
    assert "Geen verbindingen bij deze filters en koppeling, dus niets om te downloaden." in [
        m.value for m in expander.markdown
    ]
    assert not expander.get("download_button")
    assert not expander.dataframe


def test_with_a_selection_the_files_hold_its_links_as_listed_on_screen(app, downloads):
    """The issue's view: World Horti Center's partners on screen, and only those in the files."""
    import io

    import openpyxl
    import pandas as pd

    params = {"scope": "zuid-holland", "type": "engineering", "phase": "opkomst,groei", "hotspot": "world-horti-center"}
    at = open_page(app, params, data=DEFAULT_DATA_PATH)
    listed = [name for name, _, _ in numbered_items(partner_markdown(at))]
    caption = next(c.value for c in at.main.caption if "kansrijke partner" in c.value and "sterkste eerst" in c.value)
    count = int(caption.split()[0])
    assert count == len(listed) > 0  # every partner is listed (fewer than the list's limit)
    expander = links_expander(at)
    [table] = expander.dataframe
    assert list(table.value["Hotspot A"]) == ["World Horti Center"] * count
    assert list(table.value["Hotspot B"]) == listed, "the table lists the partners as the panel does"

    mine = [(d.file_name, d.content()) for d in downloads if not d.file_name.endswith(".png")]  # the map page's PNG
    files = {name.rsplit(".", 1)[-1] if not name.endswith(".excel-nl.csv") else "nl": data for name, data in mine}
    names = [name for name, _ in mine]
    assert all(name.startswith("partners_world-horti-center_") for name in names), names
    workbook = openpyxl.load_workbook(io.BytesIO(files["xlsx"]))
    assert workbook.sheetnames == ["Partners van World Horti Center", "Toelichting"]
    rows = list(workbook.worksheets[0].values)
    assert [row[1] for row in rows[1:]] == listed
    notes = {row[0]: row[1] for row in workbook["Toelichting"].values if row[0]}
    assert notes["Geselecteerde hotspot"] == "World Horti Center"
    assert notes["Aantal verbindingen"] == str(count)
    assert "World Horti Center" in notes["Inhoud"]
    csv = pd.read_csv(io.BytesIO(files["csv"]))
    assert list(csv["Hotspot B"]) == listed


def test_without_a_selection_the_files_hold_every_link(app, downloads, sample_frame):
    import io

    import openpyxl

    at = open_page(app)
    links = partners.links(sample_frame, 80)
    assert not at.exception
    xlsx = next(d.content() for d in downloads if d.file_name.endswith(".xlsx"))
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert workbook.sheetnames == ["Verbindingen", "Toelichting"]
    assert len(list(workbook["Verbindingen"].values)) == len(links) + 1
    notes = {row[0]: row[1] for row in workbook["Toelichting"].values if row[0]}
    assert notes["Geselecteerde hotspot"] == "geen"


def test_koppel_from_the_url_shows_as_plain_text(app):
    at = open_page(app, {"koppel": "[Inloggen](http://127.0.0.1:8729/phish),![x](http://127.0.0.1:8729/h.gif)"})
    notices = [i.value for i in at.main.info if "Onbekende waarde" in i.value]
    assert len(notices) == 1
    assert "](" not in notices[0].replace("\\]\\(", "") and "\\!\\[x\\]" in notices[0]
    assert "'[inloggen](http://127.0.0.1:8729/phish)'" in unescape(notices[0]).replace("\u2060", "")
