"""ui/turns.py: one script run at a time per process, first come first served."""

from __future__ import annotations

import threading
import time

import pytest

from ui.turns import Turns


def _start_waiting(turns: Turns, name: str, order: list[str], release: threading.Event) -> threading.Thread:
    """A thread that takes a turn, notes its name and holds the turn until ``release``; returned once it waits."""
    before = turns.waiting

    def run() -> None:
        with turns.turn():
            order.append(name)
            release.wait(5)

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 5
    while turns.waiting == before and time.monotonic() < deadline:
        time.sleep(0.001)
    assert turns.waiting == before + 1, "the thread did not start waiting"
    return thread


def test_runs_take_turns_in_the_order_they_asked():
    turns = Turns()
    order: list[str] = []
    go = threading.Event()
    with turns.turn():
        threads = [_start_waiting(turns, name, order, go) for name in ("a", "b", "c", "d")]
        assert order == []  # nobody runs while the turn is held
    go.set()
    for thread in threads:
        thread.join(5)
    assert order == ["a", "b", "c", "d"]
    assert turns.waiting == 0


def test_one_at_a_time():
    turns = Turns()
    inside, most = 0, 0
    lock = threading.Lock()

    def run() -> None:
        nonlocal inside, most
        with turns.turn():
            with lock:
                inside += 1
                most = max(most, inside)
            time.sleep(0.002)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=run) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert most == 1


def test_a_run_that_ends_in_an_exception_gives_up_its_turn():
    """Streamlit stops a run for a rerun by raising in it: the next run must not wait for ever."""
    turns = Turns(max_wait_s=30)
    with pytest.raises(RuntimeError), turns.turn():
        raise RuntimeError("rerun")
    started = time.monotonic()
    with turns.turn():
        pass
    assert time.monotonic() - started < 1


def test_a_run_that_waits_too_long_goes_ahead_without_a_turn():
    """A stuck run never blocks the process: after max_wait_s the next one runs anyway and, holding no
    turn, gives none back; the turn is free again once the stuck one ends."""
    turns = Turns(max_wait_s=0.2)
    with turns.turn():  # the stuck run
        started = time.monotonic()
        with turns.turn():
            assert 0.2 <= time.monotonic() - started < 2
        assert turns.waiting == 0
        started = time.monotonic()
        with turns.turn():  # still held by the stuck run: this one waits too
            assert time.monotonic() - started >= 0.2
    started = time.monotonic()
    with turns.turn():
        assert time.monotonic() - started < 0.1
