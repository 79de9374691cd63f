"""One script run at a time per process, in the order they asked.

Streamlit runs every session's script in a thread of its own, and in one
Python process those threads share one interpreter lock. Five runs at once
then each take about five runs' time and finish together, and handing the
lock back and forth between them (and the event loop that sends their
messages) costs CPU of its own. Taken in turns, the first is done after one
run's time, the second after two, and so on: the same work, the browser of
every run but the last sees its result sooner, and the queue at an
audience's peak drains faster.

A turn is given up after a run, whatever way it ends (a rerun or stop
request is an exception). A run that waits longer than ``MAX_WAIT_S`` for
its turn goes ahead anyway, so a stuck run never blocks the process.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

#: The longest a run waits for its turn before it runs alongside the others.
MAX_WAIT_S = 10.0


class Turns:
    """A first-come, first-served lock: waiting runs are handed the turn in order (no stampede)."""

    def __init__(self, max_wait_s: float = MAX_WAIT_S) -> None:
        self.max_wait_s = max_wait_s
        self._lock = threading.Lock()
        self._waiting: deque[threading.Event] = deque()
        self._busy = False

    def _take(self) -> bool:
        """Wait for the turn; False when ``max_wait_s`` passed first (then the caller holds no turn)."""
        with self._lock:
            if not self._busy:
                self._busy = True
                return True
            handed = threading.Event()
            self._waiting.append(handed)
        if handed.wait(self.max_wait_s):
            return True
        with self._lock:
            if handed.is_set():  # handed over just as the wait ran out
                return True
            self._waiting.remove(handed)
            return False

    def _give_up(self) -> None:
        with self._lock:
            if self._waiting:
                self._waiting.popleft().set()  # the turn passes on: still busy
            else:
                self._busy = False

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Hold the turn for the block (or, after ``max_wait_s`` of waiting, run without it)."""
        held = self._take()
        try:
            yield
        finally:
            if held:
                self._give_up()

    @property
    def waiting(self) -> int:
        """How many runs wait for their turn now."""
        return len(self._waiting)


#: The process's turns: app.py runs each script run in one.
RUNS = Turns()
