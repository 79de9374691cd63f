"""AppTest of the frame: every page renders, filters count, the URL round-trips."""

import json

import pytest
from app_helpers import report_map_drawn, titlebar
from factories import DELFT, LEIDEN, collection, write

PAGES = ["app_pages/kaart.py", "app_pages/tabel.py", "app_pages/over.py"]


def count_line(at):
    return at.sidebar.markdown[0].value


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(app, page):
    at = app(page=page)
    assert not at.exception
    assert count_line(at) == "**5 van 5 hotspots**"
    headings = [t.value for t in at.title] or [titlebar(at)[0]]
    assert len(headings) == 1, "every page has one title"
    assert headings[0] in {"Innovatiehotspots in Zuid-Holland en Nederland", "Tabel & export", "Over de gegevens"}


def test_first_view_draws_the_map_before_the_filter_widgets(app):
    at = app(params={"type": "engineering"}, map_reported=False)
    assert not at.exception
    # the count and the map, but no widgets yet: the browser draws the map first
    assert count_line(at) == "**4 van 5 hotspots**"
    assert [c.value for c in at.sidebar.caption] == ["De filters worden geladen…"]
    assert len(at.sidebar.multiselect) == 0 and len(at.sidebar.text_input) == 0
    assert titlebar(at)[1].startswith("4 van 5 hotspots op de kaart")
    # the map reports that it is drawn: the widgets come, holding the URL's view
    report_map_drawn(at)
    assert at.sidebar.multiselect(key="f_type").value == ["engineering"]
    assert "De filters worden geladen…" not in [c.value for c in at.sidebar.caption]
    # and they stay, whatever reruns follow
    at.sidebar.slider(key="v_radius").set_value(100).run()
    assert at.sidebar.multiselect(key="f_type").value == ["engineering"]
    assert at.query_params["radius"] == "100"


def test_filter_changes_update_count_and_url(app):
    at = app()
    at.sidebar.multiselect(key="f_type").unselect("wetenschapsgedreven").run()
    # Leiden is only wetenschapsgedreven; Delft and Wetsus keep their second type
    assert count_line(at) == "**4 van 5 hotspots**"
    assert at.query_params["type"] == "creatief-urbaan,engineering"
    at.sidebar.segmented_control(key="f_scope").set_value("nationaal").run()
    assert count_line(at) == "**2 van 5 hotspots**"
    assert at.query_params["scope"] == "nationaal"
    at.sidebar.text_input(key="f_q").input("wetsus").run()
    assert count_line(at) == "**1 van 5 hotspots**"
    at.sidebar.radio(key="f_dv").set_value("ja").run()
    assert count_line(at) == "**0 van 5 hotspots**"
    next(b for b in at.sidebar.button if b.label == "Filters wissen").click().run()
    assert count_line(at) == "**5 van 5 hotspots**"
    assert "type" not in at.query_params and "scope" not in at.query_params


def test_scope_is_one_choice_that_starts_at_all(app):
    at = app()
    scope = at.sidebar.segmented_control(key="f_scope")
    assert scope.options == ["Zuid-Holland (3)", "Nationaal (2)", "Alles (5)"]
    assert scope.value == "alle"
    # choosing Zuid-Holland shows Zuid-Holland (it used to hide it)
    scope.set_value("zuid-holland").run()
    assert count_line(at) == "**3 van 5 hotspots**"
    assert at.query_params["scope"] == "zuid-holland"
    at.sidebar.segmented_control(key="f_scope").set_value("alle").run()
    assert count_line(at) == "**5 van 5 hotspots**"
    assert "scope" not in at.query_params


def test_an_old_link_with_both_scopes_shows_all_without_a_notice(app):
    at = app(params={"scope": "zuid-holland,nationaal"})
    assert not at.exception
    assert at.sidebar.segmented_control(key="f_scope").value == "alle"
    assert count_line(at) == "**5 van 5 hotspots**"
    assert not at.sidebar.info
    assert "scope" not in at.query_params


def test_clearing_filters_keeps_radius_circles_and_selection(app):
    at = app(params={"scope": "nationaal", "phase": "groei", "q": "x", "dv": "ja"})
    at.sidebar.slider(key="v_radius").set_value(110).run()
    at.sidebar.radio(key="v_radii").set_value("alle").run()
    at.sidebar.selectbox(key="v_hotspot").set_value("delft").run()
    assert count_line(at) == "**0 van 5 hotspots**"
    next(b for b in at.sidebar.button if b.label == "Filters wissen").click().run()
    assert not at.exception
    assert count_line(at) == "**5 van 5 hotspots**"
    assert at.sidebar.segmented_control(key="f_scope").value == "alle"
    assert at.sidebar.text_input(key="f_q").value == ""
    assert at.sidebar.radio(key="f_dv").value == "alle"
    assert at.sidebar.slider(key="v_radius").value == 110
    assert at.sidebar.radio(key="v_radii").value == "alle"
    assert at.sidebar.selectbox(key="v_hotspot").value == "delft"
    assert dict(at.query_params) == {"radius": "110", "radii": "alle", "hotspot": "delft"}


def test_sidebar_widgets_say_nothing_in_english(app):
    at = app()
    # Streamlit's own placeholders ("Choose an option", "Choose options") and the
    # multiselect's "Select all" are English: ours are Dutch, or left out
    assert at.sidebar.selectbox(key="v_hotspot").proto.placeholder == "— geen —"
    for key in ("f_type", "f_phase", "f_keten"):
        widget = at.sidebar.multiselect(key=key)
        assert widget.proto.placeholder.startswith("geen ")
        assert widget.proto.select_all == 0
    assert at.sidebar.text_input(key="f_q").placeholder == "naam, plaats, keten of type"


def test_filters_survive_a_page_switch(app):
    at = app(params={"phase": "groei"})
    assert count_line(at) == "**3 van 5 hotspots**"
    at.switch_page("app_pages/tabel.py").run()
    assert count_line(at) == "**3 van 5 hotspots**"
    assert at.query_params["phase"] == "groei"


def test_url_restores_the_view(app):
    at = app(
        params={
            "scope": "zuid-holland",
            "type": "engineering",
            "keten": "robotica,lasersatcom",
            "radius": "110",
            "radii": "alle",
            "hotspot": "delft",
        }
    )
    assert not at.exception
    assert count_line(at) == "**2 van 5 hotspots**"
    assert at.sidebar.segmented_control(key="f_scope").value == "zuid-holland"
    assert at.sidebar.multiselect(key="f_type").value == ["engineering"]
    assert at.sidebar.slider(key="v_radius").value == 110
    assert at.sidebar.radio(key="v_radii").value == "alle"
    assert at.sidebar.selectbox(key="v_hotspot").value == "delft"
    assert not at.info


def test_bad_url_values_give_a_dutch_notice_not_a_traceback(app):
    at = app(params={"type": "biotech", "radius": "999", "hotspot": "<script>alert(1)</script>", "foo": "x"})
    assert not at.exception
    # in the sidebar, under the count, where they do not push the map down
    notices = [i.value for i in at.sidebar.info]
    assert len(notices) == 4
    assert [i.value for i in at.main.info if not i.value.startswith("Klik op een hotspot")] == []
    assert any("'biotech' voor 'type'" in n for n in notices)
    assert any("Straal '999' genegeerd" in n for n in notices)
    assert any("bestaat niet" in n for n in notices)
    assert count_line(at) == "**5 van 5 hotspots**"
    # the URL is cleaned up to what the view really is
    assert dict(at.query_params) == {}
    # a rerun that changes nothing (the map reporting its state) keeps the notices
    at.run()
    assert len(at.sidebar.info) == 4
    # a change of view by the user clears them
    at.sidebar.slider(key="v_radius").set_value(100).run()
    assert [i.value for i in at.sidebar.info] == []


def test_rejected_hotspots_are_named_and_the_rest_shown(app, tmp_path):
    bad = json.loads(json.dumps(DELFT))
    bad["properties"]["phase"] = "bloei"
    at = app(data=write(tmp_path / "half.geojson", collection(LEIDEN, bad)))
    assert not at.exception
    assert count_line(at) == "**1 van 1 hotspots**"
    expander = at.expander[0]
    assert "1 hotspot is afgekeurd" in expander.label
    assert any("hotspot 2 (id 'delft'), veld 'fase'" in t.value for t in expander.text)


@pytest.mark.parametrize("content", [b"", b"{kapot", b'{"type": "FeatureCollection", "features": []}'])
def test_unusable_file_gives_an_error_page(app, tmp_path, content):
    path = tmp_path / "kapot.geojson"
    path.write_bytes(content)
    at = app(data=path)
    assert not at.exception
    assert "konden niet worden geladen" in at.error[0].value
    assert at.text, "the problem is listed"


def test_a_replaced_data_file_is_used_without_a_restart(app, tmp_path):
    import os

    path = write(tmp_path / "live.geojson", collection(DELFT, LEIDEN))
    at = app(data=path)
    assert count_line(at) == "**2 van 2 hotspots**"

    def replace(text):
        path.write_text(text, encoding="utf-8")
        stat = os.stat(path)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # a later save, even within a second

    replace(json.dumps(collection(DELFT)))
    at.run()
    assert count_line(at) == "**1 van 1 hotspots**"

    # a broken replacement: the last good data stays, with a notice naming the problem
    replace('{"type": "FeatureCollection", "features": [')
    at.run()
    assert not at.exception
    assert count_line(at) == "**1 van 1 hotspots**"
    notice = at.sidebar.expander[0]
    assert notice.label == ":material/warning: Nieuw gegevensbestand niet gebruikt"
    assert any("geen geldige JSON" in t.value for t in notice.text)


def test_a_province_that_comes_back_in_the_data_is_shown_again(app, tmp_path):
    """Every province chosen (the default) stays every province when the data's provinces change.

    The Beheer page removes the last hotspot of Noord-Brabant and puts it back: an open
    session must not keep a filter on the provinces the data held in between.
    """
    import os

    from factories import EINDHOVEN

    path = write(tmp_path / "live.geojson", collection(DELFT, LEIDEN, EINDHOVEN))
    at = app(data=path)
    assert count_line(at) == "**3 van 3 hotspots**"

    def replace(document, step):
        path.write_text(json.dumps(document), encoding="utf-8")
        stat = os.stat(path)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + step * 10**9))

    replace(collection(DELFT, LEIDEN), 1)
    at.run()
    assert count_line(at) == "**2 van 2 hotspots**"
    replace(collection(DELFT, LEIDEN, EINDHOVEN), 2)
    at.run()
    assert count_line(at) == "**3 van 3 hotspots**"
    assert "province" not in at.query_params
    # A province the user chose alone stays chosen alone.
    at.sidebar.multiselect(key="f_province").set_value(["zuid-holland"]).run()
    assert count_line(at) == "**2 van 3 hotspots**"


def _plain(markdown: str) -> str:
    """Markdown escaped by ui.text.md back to its text; fails on any unescaped Markdown syntax."""
    import re

    # Every character Markdown could interpret is escaped: none stands bare.
    assert not re.search(r"(?<!\\)[\[\]()!$<>`*_]", markdown.replace("\\\\", "")), markdown
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")  # the word joiner that stops autolinks


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"hotspot": "[Inloggen](http://127.0.0.1:8729/phish)"}, "'[Inloggen](http://127.0.0.1:8729/phish)'"),
        ({"hotspot": "![x](http://127.0.0.1:8729/h.gif)"}, "'![x](http://127.0.0.1:8729/h.gif)'"),
        ({"![p](//host/p.gif)": "1"}, "'![p](//host/p.gif)'"),
        ({"type": "$\\frac{1}{2}$"}, "'$\\\\frac{1}{2}$'"),
        ({"scope": "[a](http://x/)"}, "'[a](http://x/)'"),
        ({"phase": "![i](http://x/i.png)"}, "'![i](http://x/i.png)'"),
    ],
)
def test_url_values_and_names_show_as_plain_text_in_notices(app, params, shown):
    at = app(params=params)
    assert not at.exception
    notices = [_plain(i.value) for i in at.sidebar.info]
    assert len(notices) == 1 and shown in notices[0], notices


def test_many_unknown_parameters_are_counted_not_listed(app):
    at = app(params={f"![p{i}](//host/p.gif)": "1" for i in range(60)})
    notices = [_plain(i.value) for i in at.sidebar.info]
    assert len(notices) == 1 and notices[0].endswith("en nog 55 genegeerd."), notices
