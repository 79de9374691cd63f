"""A small load run: ten viewers on one Streamlit process for about ten seconds.

The load benchmark is benchmarks/load.py: browser sessions over Streamlit's own
websocket protocol (see harness/client.py). No timing
assertions here; the figures belong in the benchmark (docs/load-baseline.md).
"""

from __future__ import annotations

from benchmarks import load
from harness import ROOT
from harness.client import run_in_own_loop


def test_ten_viewers_without_exceptions_or_disconnects(app_server):
    scenario = load.Scenario(
        sessions=10, arrival=2, duration=10, think=2, map_delay=0.2, action_timeout=60, min_actions=1
    )
    raw = run_in_own_loop(load.run_load(app_server.url, scenario, [app_server.process.pid], settle=0, warmup=False))
    summary = load.summarise(raw, scenario, load.Target(app_server.url, [app_server.process.pid], "one process"))

    assert summary["exceptions"] == 0, summary["exception_texts"]
    assert summary["disconnects"] == 0
    assert summary["connect_failures"] == 0
    assert summary["errors"] == 0, summary["error_texts"]
    assert summary["timeouts"] == 0, summary["error_texts"]
    records = raw["records"]
    assert len(records) == 10
    for record in records:
        done = {action.kind for action in record.actions if action.ok}
        assert {"first_view", "map_ready", "filter"} <= done, (record.index, record.actions)
        # The map's report brought the sidebar's filters ...
        assert record.filters_ready_s is not None, record.index
        # ... and a change of the Type filter changed the count the sidebar shows.
        assert record.count_changes >= 1, (record.index, [a.detail for a in record.actions if a.kind == "filter"])
    assert summary["script_runs"] >= 3 * len(records)
    assert app_server.process.poll() is None, app_server.log_tail()


def test_warm_up_makes_a_file_in_every_export_format(app_server):
    # The memory baseline is taken after the warm-up: each format's libraries
    # (GDAL for the GeoPackage) must be loaded by then, or they count as growth.
    made = run_in_own_loop(load.warm_up(app_server.url, 1, timeout=60))

    assert list(made) == ["CSV (Excel NL)", "CSV", "Excel", "GeoJSON", "GeoPackage"]
    assert all(size > 0 for size in made.values()), made


def test_settle_time_follows_the_apps_session_ttl(tmp_path):
    assert load.session_ttl(ROOT) == 120  # .streamlit/config.toml leaves Streamlit's default
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "config.toml").write_text("[server]\ndisconnectedSessionTTL = 45\n")
    assert load.session_ttl(tmp_path) == 45
    (tmp_path / ".streamlit" / "config.toml").write_text("[server\nbroken")
    assert load.session_ttl(tmp_path) == 120
