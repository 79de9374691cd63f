"""A Streamlit client that speaks the browser's websocket protocol, for load tests.

One :class:`BrowserSession` is one browser tab: it loads the page (``GET /``,
keeping the cookies a proxy sets), checks ``/_stcore/health`` and
``/_stcore/host-config`` as the frontend does, opens ``/_stcore/stream`` and
exchanges the protobuf ``BackMsg`` / ``ForwardMsg`` messages of the installed
``streamlit`` package. What it sends is what Streamlit's frontend sends
(``frontend/app/src/App.tsx`` ``sendRerunBackMsg``; the widget state manager;
checked against the bundle shipped with streamlit 1.67):

* the first view: ``rerun_script`` with the URL's query string, an empty
  ``page_script_hash``, the page name taken from the URL path and no widget
  states;
* a widget change: ``rerun_script`` with the *full* set of current widget
  values (every widget the browser has drawn commits its value when it
  mounts; ``set_value`` in an element overrides it), the current page's
  script hash and query string;
* a page change: the target page's script hash, the query string cleared
  and only the widgets of the main script (the shared sidebar) kept;
* ``cached_message_hashes``: the hashes of the large messages the browser
  keeps (``metadata.cacheable``), expired after ``max_cached_message_age``
  runs, so the server answers with ``ref_hash`` references as it does for a
  browser;
* ``context_info`` (time zone, locale, URL) with every rerun;
* fragment auto-reruns (``auto_rerun`` messages, e.g. a ``run_every``
  fragment) are timed as the browser does and cleared by a full run;
* a custom component's value (streamlit-folium) as ``json_value``;
* a deferred download (``st.download_button`` with a callable) as a
  ``backend_operation_request``, then ``GET`` of the ``/media/`` URL.

Each request that reruns the script is an :class:`Action`: the time from
the message sent to the first delta of the run it caused and to that run's
``script_finished``. Exceptions (an ``exception`` element, a script that
finished with a compile error) and disconnects are counted.

Only asyncio and the ``websockets`` package; Linux ``/proc`` for the server's
memory and CPU time (:func:`proc_rss_mb`, :func:`proc_cpu_s`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import time
import uuid
from collections.abc import Callable, Coroutine, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg, ForwardMsgMetadata
from streamlit.proto.NewSession_pb2 import NewSession
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

#: Element types that hold a widget value in the browser (or are clicked).
WIDGET_TYPES = frozenset(
    {
        "multiselect",
        "selectbox",
        "slider",
        "radio",
        "text_input",
        "text_area",
        "button_group",
        "checkbox",
        "number_input",
        "button",
        "download_button",
        "component_instance",
    }
)
SUCCESS = ForwardMsg.FINISHED_SUCCESSFULLY
COMPILE_ERROR = ForwardMsg.FINISHED_WITH_COMPILE_ERROR
EARLY_FOR_RERUN = ForwardMsg.FINISHED_EARLY_FOR_RERUN
FRAGMENT_SUCCESS = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
SIDEBAR = 1  # the root container of st.sidebar in delta paths (0: main)
# Where a message says which script run it belongs to: metadata.run from Streamlit
# 1.67 on; before, only new_session (script_run_id, fragment_ids_this_run).
_RUN_IN_METADATA = "run" in ForwardMsgMetadata.DESCRIPTOR.fields_by_name
_RUN_IN_NEW_SESSION = "script_run_id" in NewSession.DESCRIPTOR.fields_by_name


def run_in_own_loop(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run ``coroutine`` to its end on a thread of its own.

    Under pytest the browser tests' Playwright (sync API) keeps an event loop
    running on the main thread for the whole session, where asyncio.run
    refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def run_identity(msg: ForwardMsg) -> tuple[str, list[str]]:
    """The script run id and fragment ids a message names (``("", [])`` when it names none)."""
    if _RUN_IN_METADATA and msg.metadata.run.script_run_id:
        return msg.metadata.run.script_run_id, list(msg.metadata.run.fragment_ids)
    if _RUN_IN_NEW_SESSION and msg.WhichOneof("type") == "new_session":
        return msg.new_session.script_run_id, list(msg.new_session.fragment_ids_this_run)
    return "", []


class SessionError(Exception):
    """A session could not do what was asked (disconnected, timed out, no such widget)."""


class Disconnected(SessionError):
    """The server closed the websocket (or it broke) while the session was open."""


# --------------------------------------------------------------------------- HTTP


@dataclass
class HttpResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)


async def http_get(url: str, cookies: dict[str, str] | None = None, timeout: float = 60) -> HttpResponse:
    """A minimal HTTP/1.1 ``GET`` (plain HTTP, one connection, ``Connection: close``).

    Enough for the page, the health check and ``/media/`` downloads, with
    the cookies a proxy set (sticky sessions); no dependency beyond asyncio.

    Parameters
    ----------
    url : str
        An ``http://`` URL.
    cookies : dict, optional
        Sent as the ``Cookie`` header.
    timeout : float
        Seconds for the whole exchange.

    Returns
    -------
    HttpResponse
        Status, headers and the (de-chunked) body.
    """
    parts = urlsplit(url)
    if parts.scheme != "http":
        raise ValueError(f"only http:// URLs: {url}")
    port = parts.port or 80
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    lines = [
        f"GET {target} HTTP/1.1",
        f"Host: {parts.netloc}",
        "User-Agent: hotspotkaart-load/1",
        "Accept: */*",
        "Connection: close",
    ]
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))

    async def exchange() -> HttpResponse:
        reader, writer = await asyncio.open_connection(parts.hostname, port)
        try:
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
            await writer.drain()
            raw = await reader.read()
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
        head, _, body = raw.partition(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers = [tuple(s.strip() for s in h.split(":", 1)) for h in header_lines if ":" in h]
        response = HttpResponse(int(status_line.split()[1]), headers, body)
        if (response.header("transfer-encoding") or "").lower() == "chunked":
            response.body = _dechunk(body)
        return response

    return await asyncio.wait_for(exchange(), timeout)


def _dechunk(data: bytes) -> bytes:
    out, i = bytearray(), 0
    while True:
        end = data.index(b"\r\n", i)
        size = int(data[i:end].split(b";")[0], 16)
        if size == 0:
            return bytes(out)
        out += data[end + 2 : end + 2 + size]
        i = end + 2 + size + 2


def update_cookies(jar: dict[str, str], response: HttpResponse) -> None:
    """Keep the name=value of every ``Set-Cookie`` (attributes ignored: one host, one path)."""
    for name, value in response.headers:
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            if "=" in pair:
                key, val = pair.split("=", 1)
                jar[key.strip()] = val.strip()


# --------------------------------------------------------------------------- /proc


def proc_rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MB (``VmRSS``), ``None`` once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def proc_cpu_s(pid: int) -> float | None:
    """User + system CPU seconds a process has used (``/proc/<pid>/stat``), ``None`` once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS  # utime, stime (fields 14, 15)


def machine_busy_s() -> float:
    """CPU seconds all processes of the machine have been busy (``/proc/stat``, every core)."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / _CLOCK_TICKS


# --------------------------------------------------------------------------- what the browser holds


@dataclass
class Element:
    """An element the browser shows, as far as a load test needs it."""

    kind: str  # the Element oneof: "markdown", "multiselect", "component_instance", ...
    run_id: str  # the script run that sent it (stale ones are dropped when a run ends)
    script_hash: str  # the script that drew it: the main script or a page's
    id: str = ""  # a widget's id
    label: str = ""
    body: str = ""  # markdown text
    proto: Any = None  # a widget's own proto (small), for its options and default


@dataclass
class Action:
    """One request that reruns the script, timed on the client's monotonic clock."""

    kind: str
    sent: float
    first_delta: float | None = None
    finished: float | None = None
    ok: bool = False
    error: str | None = None
    run_id: str | None = None
    detail: dict = field(default_factory=dict)

    @property
    def latency(self) -> float | None:
        """Seconds from the message sent to the end of the script run it caused."""
        return None if self.finished is None else self.finished - self.sent

    @property
    def first_response(self) -> float | None:
        """Seconds from the message sent to the first element of that run."""
        return None if self.first_delta is None else self.first_delta - self.sent


@dataclass
class _Waiter:
    seq: int
    action: Action
    future: asyncio.Future


@dataclass
class _CacheEntry:
    payload: bytes
    last_access_run: int


def initial_widget_state(kind: str, proto) -> WidgetState | None:
    """The value a freshly drawn widget commits in the browser (``set_value`` wins over the default).

    ``None`` for widgets that hold no value until used (buttons, custom components).
    """
    state = WidgetState(id=proto.id)
    if kind in {"multiselect", "button_group"}:
        if kind == "multiselect":
            labels = list(proto.options)
        else:
            labels = [f"{o.content_icon} {o.content}".strip() if o.content_icon else o.content for o in proto.options]
        if proto.set_value:
            values = list(proto.raw_values)
        else:
            values = [labels[i] for i in proto.default if 0 <= i < len(labels)]
        state.string_array_value.data.extend(values)
    elif kind in {"selectbox", "radio"}:
        if proto.set_value:
            value = proto.raw_value if proto.HasField("raw_value") else None
        else:
            value = proto.options[proto.default] if proto.HasField("default") and proto.options else None
        if value is not None:
            state.string_value = value
    elif kind in {"text_input", "text_area"}:
        if proto.set_value:
            value = proto.value if proto.HasField("value") else None
        else:
            value = proto.default if proto.HasField("default") else None
        if value is not None:
            state.string_value = value
    elif kind == "slider":
        if proto.type == proto.Type.SELECT_SLIDER:
            if proto.set_value and proto.raw_value:
                state.string_array_value.data.extend(proto.raw_value)
            else:
                state.string_array_value.data.extend(proto.options[int(i)] for i in proto.default)
        else:
            state.double_array_value.data.extend(proto.value if proto.set_value else proto.default)
    elif kind == "checkbox":
        state.bool_value = proto.value if proto.set_value else proto.default
    elif kind == "number_input":
        value = proto.value if proto.set_value else proto.default
        if proto.data_type == proto.DataType.INT:
            state.int_value = int(value)
        else:
            state.double_value = value
    else:
        return None
    return state


def widget_value(state: WidgetState | None):
    """A widget state's value as plain Python (``None`` when it holds none)."""
    if state is None:
        return None
    which = state.WhichOneof("value")
    if which is None:
        return None
    value = getattr(state, which)
    if which in {"string_array_value", "double_array_value", "int_array_value"}:
        return list(value.data)
    if which == "json_value":
        return json.loads(value)
    return value


class BrowserSession:
    """One browser tab on a Streamlit app, driven over its websocket.

    Parameters
    ----------
    base_url : str
        ``http://host:port`` of the app (or of a proxy in front of it).
    query_string : str
        The query string of the URL the tab opens (without ``?``).
    path : str
        The URL path the tab opens: ``""`` for the main page, ``"tabel"`` for a page.
    timezone, locale : str
        What the browser reports in ``context_info``.
    load_page : bool
        ``GET`` the page (and health, host-config) before the websocket, as a
        browser does; a proxy sets its sticky-session cookie on that answer.
    """

    def __init__(
        self,
        base_url: str,
        *,
        query_string: str = "",
        path: str = "",
        timezone: str = "Europe/Amsterdam",
        locale: str = "nl-NL",
        load_page: bool = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.query_string = query_string.lstrip("?")
        self.path = path.strip("/")
        self.timezone = timezone
        self.locale = locale
        self.load_page = load_page
        self.cookies: dict[str, str] = {}

        self.elements: dict[tuple[int, ...], Element] = {}
        self.widget_states: dict[str, WidgetState] = {}
        self.pages: list = []  # AppPage protos from the navigation message
        self.page_script_hash = ""
        self.main_script_hash = ""
        self.session_id = ""
        self.max_cached_message_age = 2

        self.exceptions: list[str] = []  # text of each exception element / compile error
        self.errors: list[str] = []  # other failures (page not found, cache miss, ...)
        self.script_runs = 0  # script_finished messages received (full and fragment runs)
        self.messages = 0
        self.bytes_received = 0
        self.auto_reruns_sent = 0
        self.disconnected = False
        self.closed_by_us = False

        self._ws = None
        self._reader: asyncio.Task | None = None
        self._cache: dict[str, _CacheEntry] = {}
        self._run_count = 0  # finished runs, for the message cache's ages
        self._send_seq = 0
        self._run_id = ""  # the full run in progress (or last)
        self._run_is_fragment = False
        self._run_start_seq = 0
        self._waiters: list[_Waiter] = []
        self._backend_waiters: dict[str, asyncio.Future] = {}
        self._auto_reruns: dict[str, asyncio.Task] = {}
        self._auto_rerun_intervals: dict[str, float] = {}
        self._changed = asyncio.Event()  # set on every message (for wait_for conditions)

    # ----------------------------------------------------------------- connecting

    @property
    def ws_url(self) -> str:
        return "ws" + self.base_url[len("http") :] + "/_stcore/stream"

    @property
    def page_url(self) -> str:
        url = f"{self.base_url}/{self.path}"
        return url + (f"?{self.query_string}" if self.query_string else "")

    async def connect(self, timeout: float = 60) -> float:
        """Load the page and open the websocket; returns the seconds it took."""
        start = time.monotonic()
        if self.load_page:
            page = await http_get(self.page_url, self.cookies, timeout)
            update_cookies(self.cookies, page)
            if page.status != 200:
                raise SessionError(f"GET {self.page_url}: HTTP {page.status}")
            for endpoint in ("_stcore/health", "_stcore/host-config"):
                response = await http_get(f"{self.base_url}/{endpoint}", self.cookies, timeout)
                update_cookies(self.cookies, response)
                if response.status != 200:
                    raise SessionError(f"GET /{endpoint}: HTTP {response.status}")
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else None
        try:
            self._ws = await asyncio.wait_for(
                connect(
                    self.ws_url,
                    subprotocols=["streamlit"],
                    origin=self.base_url,
                    additional_headers=headers,
                    user_agent_header="hotspotkaart-load/1",
                    max_size=None,
                    open_timeout=timeout,
                    ping_interval=None,  # the server pings; the client answers
                ),
                timeout,
            )
        except (OSError, InvalidHandshake, InvalidURI, TimeoutError) as exc:
            raise SessionError(f"websocket: {exc!r}") from exc
        self._reader = asyncio.create_task(self._read(), name="st-reader")
        return time.monotonic() - start

    async def close(self) -> None:
        """Close the tab: cancel timers, close the websocket, stop reading."""
        self.closed_by_us = True
        for task in self._auto_reruns.values():
            task.cancel()
        self._auto_reruns.clear()
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._ws.close(), 10)
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader

    # ----------------------------------------------------------------- reading

    async def _read(self) -> None:
        try:
            async for data in self._ws:
                self._handle(data)
        except ConnectionClosed:
            pass
        except Exception as exc:  # a bug in handling: make it visible, do not hang waiters
            self.errors.append(f"reader: {exc!r}")
        finally:
            if not self.closed_by_us:
                self.disconnected = True
                self._fail_all(Disconnected("websocket closed by the server"))

    def _fail_all(self, exc: Exception) -> None:
        for waiter in self._waiters:
            if not waiter.future.done():
                waiter.action.error = str(exc)
                waiter.future.set_exception(exc)
        self._waiters.clear()
        for future in self._backend_waiters.values():
            if not future.done():
                future.set_exception(exc)
        self._backend_waiters.clear()
        self._changed.set()

    def _handle(self, data: bytes) -> None:
        now = time.monotonic()
        self.messages += 1
        self.bytes_received += len(data)
        msg = ForwardMsg()
        msg.ParseFromString(data)
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            entry = self._cache.get(msg.ref_hash)
            if entry is None:
                self.errors.append(f"ref_hash {msg.ref_hash} not in the message cache")
                return
            entry.last_access_run = self._run_count
            referenced = ForwardMsg()
            referenced.ParseFromString(entry.payload)
            referenced.metadata.CopyFrom(msg.metadata)
            msg, kind = referenced, referenced.WhichOneof("type")
        elif msg.metadata.cacheable and msg.hash:
            self._cache[msg.hash] = _CacheEntry(data, self._run_count)

        if kind == "new_session":
            self._on_new_session(msg)
        elif kind == "delta":
            self._on_delta(msg, now)
        elif kind == "script_finished":
            self._on_script_finished(msg, now)
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "navigation":
            self.pages = list(msg.navigation.app_pages)
            if msg.navigation.page_script_hash:
                self.page_script_hash = msg.navigation.page_script_hash
        elif kind == "auto_rerun":
            self._start_auto_rerun(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                task = self._auto_reruns.pop(fragment_id, None)
                if task:
                    task.cancel()
        elif kind == "session_event":
            if msg.session_event.WhichOneof("type") == "script_compilation_exception":
                self.exceptions.append("compile error: " + msg.session_event.script_compilation_exception.message)
        elif kind == "page_not_found":
            self.errors.append(f"page not found: {msg.page_not_found.page_name}")
        elif kind == "backend_operation_response":
            future = self._backend_waiters.pop(msg.backend_operation_response.request_id, None)
            if future is not None and not future.done():
                future.set_result(msg.backend_operation_response)
        self._changed.set()

    def _on_new_session(self, msg: ForwardMsg) -> None:
        ns = msg.new_session
        if ns.initialize.session_id:
            self.session_id = ns.initialize.session_id
        self.main_script_hash = ns.main_script_hash
        if ns.page_script_hash:
            self.page_script_hash = ns.page_script_hash
        if ns.config.max_cached_message_age:
            self.max_cached_message_age = ns.config.max_cached_message_age
        if ns.app_pages:
            self.pages = list(ns.app_pages)
        self._run_id, fragment_ids = run_identity(msg)
        self._run_is_fragment = bool(fragment_ids)
        if not self._run_is_fragment:
            # A full run: the browser clears its auto-rerun timers.
            self._run_start_seq = self._send_seq
            for task in self._auto_reruns.values():
                task.cancel()
            self._auto_reruns.clear()

    def _on_delta(self, msg: ForwardMsg, now: float) -> None:
        delta = msg.delta
        path = tuple(msg.metadata.delta_path)
        run_id = run_identity(msg)[0] or self._run_id
        for waiter in self._waiters:
            if waiter.action.first_delta is None and self._run_start_seq >= waiter.seq and not self._run_is_fragment:
                waiter.action.first_delta = now
        which = delta.WhichOneof("type")
        if which == "add_block":
            self.elements[path] = Element("block", run_id, msg.metadata.active_script_hash)
            return
        if which != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        info = Element(kind, run_id, msg.metadata.active_script_hash)
        if kind == "markdown":
            info.body = element.markdown.body
        elif kind == "exception":
            ex = element.exception
            self.exceptions.append(f"{ex.type}: {ex.message}".strip(": "))
        elif kind in WIDGET_TYPES:
            proto = getattr(element, kind)
            info.id = proto.id
            info.label = getattr(proto, "label", "") or getattr(proto, "component_name", "")
            if kind != "component_instance":  # its arguments are large and not needed
                info.proto = type(proto)()
                info.proto.CopyFrom(proto)
            state = initial_widget_state(kind, proto)
            if state is not None and (proto.id not in self.widget_states or getattr(proto, "set_value", False)):
                self.widget_states[proto.id] = state
        self.elements[path] = info

    def _on_script_finished(self, msg: ForwardMsg, now: float) -> None:
        status = msg.script_finished
        self.script_runs += 1
        run_id, fragment_ids = run_identity(msg)
        is_fragment = bool(fragment_ids) or status == FRAGMENT_SUCCESS
        if status != EARLY_FOR_RERUN and not is_fragment:
            self._run_count += 1
            for key in [
                k for k, e in self._cache.items() if self._run_count - e.last_access_run > self.max_cached_message_age
            ]:
                del self._cache[key]
        if status == SUCCESS and not is_fragment:
            # Like the browser: drop what this run did not draw, then the values of widgets gone.
            current = run_id or self._run_id
            self.elements = {p: e for p, e in self.elements.items() if e.run_id == current}
            active = {e.id for e in self.elements.values() if e.id}
            self.widget_states = {i: s for i, s in self.widget_states.items() if i in active}
        if status == COMPILE_ERROR:
            self.exceptions.append("script finished with a compile error")
        if is_fragment or status == EARLY_FOR_RERUN:
            return
        remaining = []
        for waiter in self._waiters:
            if self._run_start_seq >= waiter.seq:
                waiter.action.finished = now
                waiter.action.run_id = run_id
                waiter.action.ok = status == SUCCESS
                if status != SUCCESS:
                    waiter.action.error = "compile error"
                if not waiter.future.done():
                    waiter.future.set_result(waiter.action)
            else:
                remaining.append(waiter)
        self._waiters = remaining

    # ----------------------------------------------------------------- sending

    def _context_info(self, msg) -> None:
        info = msg.context_info
        info.timezone = self.timezone
        info.timezone_offset = int(-time.localtime().tm_gmtoff / 60)
        info.locale = self.locale
        info.url = self.page_url
        info.is_embedded = False
        info.color_scheme = "light"

    def _rerun_msg(
        self,
        states: Iterable[WidgetState],
        *,
        page_script_hash: str | None = None,
        page_name: str = "",
        fragment_id: str = "",
        is_auto_rerun: bool = False,
    ) -> BackMsg:
        back = BackMsg()
        cs = back.rerun_script
        cs.query_string = self.query_string
        cs.widget_states.widgets.extend(states)
        cs.page_script_hash = self.page_script_hash if page_script_hash is None else page_script_hash
        cs.page_name = page_name
        if fragment_id:
            cs.fragment_id = fragment_id
        if is_auto_rerun:
            cs.is_auto_rerun = True
        cs.cached_message_hashes.extend(self._cache)
        self._context_info(cs)
        return back

    async def _send(self, back: BackMsg) -> None:
        if self._ws is None or self.disconnected:
            raise Disconnected("not connected")
        try:
            await self._ws.send(back.SerializeToString())
        except ConnectionClosed as exc:
            raise Disconnected(f"send failed: {exc!r}") from exc

    async def _rerun(self, kind: str, back: BackMsg, timeout: float, detail: dict | None = None) -> Action:
        """Send a rerun request and wait for the end of the full run it caused."""
        self._send_seq += 1
        action = Action(kind, time.monotonic(), detail=detail or {})
        future = asyncio.get_running_loop().create_future()
        self._waiters.append(_Waiter(self._send_seq, action, future))
        action.sent = time.monotonic()
        try:
            await self._send(back)
            await asyncio.wait_for(future, timeout)
        except TimeoutError:
            action.error = f"no script_finished within {timeout:.0f} s"
            self._waiters = [w for w in self._waiters if w.action is not action]
        except SessionError as exc:
            action.error = action.error or str(exc)
            self._waiters = [w for w in self._waiters if w.action is not action]
        return action

    def _all_states(self) -> list[WidgetState]:
        return list(self.widget_states.values())

    def _start_auto_rerun(self, fragment_id: str, interval: float) -> None:
        """A ``run_every`` fragment: rerun it every ``interval`` s, like the browser's ``setInterval``
        (a timer already running for this fragment at this interval is kept, not restarted)."""
        running = self._auto_reruns.get(fragment_id)
        if running is not None and not running.done() and self._auto_rerun_intervals.get(fragment_id) == interval:
            return
        if running is not None:
            running.cancel()

        async def tick() -> None:
            while True:
                await asyncio.sleep(interval)
                back = self._rerun_msg(self._all_states(), fragment_id=fragment_id, is_auto_rerun=True)
                self.auto_reruns_sent += 1
                try:
                    await self._send(back)
                except SessionError:
                    return

        self._auto_rerun_intervals[fragment_id] = interval
        self._auto_reruns[fragment_id] = asyncio.create_task(tick(), name=f"auto-rerun-{fragment_id[:8]}")

    # ----------------------------------------------------------------- what a user does

    async def first_view(self, timeout: float = 120) -> Action:
        """The browser's first ``rerun_script``: the URL's query string and page, no widget states."""
        back = self._rerun_msg([], page_script_hash="", page_name=self.path)
        return await self._rerun("first_view", back, timeout)

    def widget(self, label: str, kind: str | None = None, *, sidebar: bool | None = None) -> Element | None:
        """The widget with this label (or component name) the browser shows now, if any."""
        for path, element in self.elements.items():
            if not element.id or element.label != label:
                continue
            if kind is not None and element.kind != kind:
                continue
            if sidebar is not None and (path[0] == SIDEBAR) != sidebar:
                continue
            return element
        return None

    def component(self, name_contains: str) -> Element | None:
        """The custom component whose name contains this text (e.g. ``"st_folium"``)."""
        return next(
            (e for e in self.elements.values() if e.kind == "component_instance" and name_contains in e.label), None
        )

    def value(self, label: str):
        """The current value of the widget with this label (``None`` if absent or empty)."""
        element = self.widget(label)
        return None if element is None else widget_value(self.widget_states.get(element.id))

    def markdown(self, root: int | None = None) -> list[str]:
        """Markdown texts shown, in delta-path order (``root=1``: the sidebar only)."""
        return [e.body for p, e in sorted(self.elements.items()) if e.kind == "markdown" and root in (None, p[0])]

    async def set_widget(
        self, label: str, value, *, kind: str = "set", timeout: float = 120, detail: dict | None = None
    ) -> Action:
        """Change a widget as a user would, and send every widget's value (as the browser does).

        ``value`` is the wire value: a list of option labels for a multiselect
        or segmented control, an option label for a selectbox or radio
        (``None``: nothing selected), numbers for a slider, text for a text
        input, ``True``/``False`` for a checkbox.
        """
        element = self.widget(label)
        if element is None or element.kind in {"button", "download_button", "component_instance"}:
            return self._failed(kind, f"no widget {label!r} to set")
        state = WidgetState(id=element.id)
        if element.kind in {"multiselect", "button_group"}:
            state.string_array_value.data.extend(value)
        elif element.kind in {"selectbox", "radio", "text_input", "text_area"}:
            if value is not None:
                state.string_value = value
        elif element.kind == "slider":
            if element.proto.type == element.proto.Type.SELECT_SLIDER:
                state.string_array_value.data.extend(value if isinstance(value, list) else [value])
            else:
                state.double_array_value.data.extend(value if isinstance(value, list) else [value])
        elif element.kind == "checkbox":
            state.bool_value = bool(value)
        elif element.kind == "number_input":
            state.double_value = float(value)
        self.widget_states[element.id] = state
        back = self._rerun_msg(self._all_states())
        return await self._rerun(kind, back, timeout, detail)

    async def click_button(self, label: str, *, kind: str = "button", timeout: float = 120) -> Action:
        """Click an ``st.button``: its trigger with every widget's value."""
        element = self.widget(label, "button")
        if element is None:
            return self._failed(kind, f"no button {label!r}")
        trigger = WidgetState(id=element.id, trigger_value=True)
        states = [s for s in self._all_states() if s.id != element.id] + [trigger]
        return await self._rerun(kind, self._rerun_msg(states), timeout)

    async def set_component_value(
        self, name_contains: str, value: dict, *, kind: str = "component", timeout: float = 120
    ) -> Action:
        """What a custom component's ``Streamlit.setComponentValue(value)`` makes the browser send."""
        element = self.component(name_contains)
        if element is None:
            return self._failed(kind, f"no component {name_contains!r}")
        self.widget_states[element.id] = WidgetState(id=element.id, json_value=json.dumps(value))
        return await self._rerun(kind, self._rerun_msg(self._all_states()), timeout)

    def page_hash(self, url_pathname: str) -> str | None:
        """The script hash of the page at this URL path (``""``: the default page)."""
        for page in self.pages:
            if page.url_pathname == url_pathname or (url_pathname == "" and page.is_default):
                return page.page_script_hash
        return None

    async def switch_page(self, url_pathname: str, *, kind: str = "page", timeout: float = 120) -> Action:
        """Go to another page of the navigation: its script hash, the query string cleared, only the
        main script's widget values kept (``App.tsx`` ``onPageChange``)."""
        target = self.page_hash(url_pathname)
        if target is None:
            return self._failed(kind, f"no page {url_pathname!r}")
        for task in self._auto_reruns.values():
            task.cancel()
        self._auto_reruns.clear()
        keep = {e.id for e in self.elements.values() if e.id and e.script_hash == self.main_script_hash}
        states = [s for i, s in self.widget_states.items() if i in keep]
        self.query_string = ""
        self.path = url_pathname
        back = self._rerun_msg(states, page_script_hash=target)
        action = await self._rerun(kind, back, timeout, {"to": url_pathname or "/"})
        return action

    async def download(self, label: str, *, kind: str = "download", timeout: float = 120) -> Action:
        """Click a ``st.download_button``: ``GET`` its file (a deferred one is asked for first)."""
        element = self.widget(label, "download_button")
        action = Action(kind, time.monotonic())
        if element is None:
            action.error = f"no download button {label!r}"
            return action
        if not element.proto.deferred_file_id:
            # the file was made with the page: the button holds its /media/ URL
            return await self._fetch(action, element.proto.url, timeout)
        try:
            url = await self.ask_deferred_file(label, timeout=timeout)
            action.first_delta = time.monotonic()
            return await self._fetch(action, url, timeout)
        except TimeoutError:
            action.error = f"no answer within {timeout:.0f} s"
        except SessionError as exc:
            action.error = str(exc)
        return action

    async def ask_deferred_file(self, label: str, *, timeout: float = 120) -> str:
        """The first half of a click on a deferred download button: the server makes the file
        (``backend_operation_request``) and answers with its ``/media/`` URL, which a browser
        then fetches (:meth:`download` does both). Raises SessionError when the server refuses."""
        element = self.widget(label, "download_button")
        if element is None or not element.proto.deferred_file_id:
            raise SessionError(f"no deferred download button {label!r}")
        request_id = str(uuid.uuid4())
        future = asyncio.get_running_loop().create_future()
        self._backend_waiters[request_id] = future
        back = BackMsg()
        request = back.backend_operation_request
        request.request_id = request_id
        request.session_id = self.session_id
        request.deferred_file.file_id = element.proto.deferred_file_id
        try:
            await self._send(back)
            response = await asyncio.wait_for(future, timeout)
        except TimeoutError:
            self._backend_waiters.pop(request_id, None)
            raise
        if response.error_msg:
            raise SessionError(response.error_msg)
        return response.deferred_file.url

    async def _fetch(self, action: Action, url: str, timeout: float) -> Action:
        """``GET`` a download's file and note the result in ``action``."""
        if not url.startswith("http"):
            url = self.base_url + url
        try:
            got = await http_get(url, self.cookies, timeout)
        except TimeoutError:
            action.error = f"no answer within {timeout:.0f} s"
            return action
        action.finished = time.monotonic()
        action.detail = {"status": got.status, "bytes": len(got.body)}
        action.ok = got.status == 200 and len(got.body) > 0
        if not action.ok:
            action.error = f"GET {url}: HTTP {got.status}, {len(got.body)} bytes"
        return action

    def _failed(self, kind: str, error: str) -> Action:
        return Action(kind, time.monotonic(), error=error)

    async def wait_for(self, condition: Callable[[], bool], timeout: float) -> bool:
        """Wait until ``condition()`` holds (checked after every message); ``False`` on timeout."""
        deadline = time.monotonic() + timeout
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.disconnected:
                return condition()
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)
        return True


def jitter(rng: random.Random, seconds: float, spread: float = 0.4) -> float:
    """``seconds`` ± ``spread`` (as a fraction), never negative."""
    return max(0.0, seconds * rng.uniform(1 - spread, 1 + spread))
