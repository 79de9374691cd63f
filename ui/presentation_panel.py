"""The "Presentatie" panel on the map page: build a presentation from views of the map.

The draft lives in the session (``st.session_state``); every change is also
put in a small process-wide store under a random key, so the presentation
page (``/presentatie?presentatie=<key>&stap=<n>``, opened in a new tab)
finds it, also after a reload of that tab. A draft is started empty or
opened from a JSON file; an upload that is not a valid presentation shows
its problems (each naming the scene and the field) and leaves the draft as
it was.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from urllib.parse import urlencode

import streamlit as st

from hotspots.filters import describe
from hotspots.io import LoadResult
from hotspots.pages import PRESENTATIE
from hotspots.presentation import (
    Presentation,
    PresentationError,
    add_scene,
    move_scene,
    new_presentation,
    parse_presentation,
    remove_scene,
    replace_scene,
    scene_from_view,
    to_json,
)
from hotspots.viewstate import RADII_MODES, ViewState
from ui import handout_ui
from ui.downloads import download_button
from ui.text import md

#: Drafts the process keeps for the presentation page; the least recently used go first.
MAX_DRAFTS = 200
#: Keys of drafts in the store (and in the presentation page's URL).
DRAFT_PREFIX = "concept-"
#: The presentation page's url path (app.py).
PAGE_PATH = PRESENTATIE.url_path

_DRAFT = "pres_draft"
_KEY = "pres_key"
_PROBLEMS = "pres_problems"
_MESSAGE = "pres_message"
_EDITING = "pres_editing"
K_NEW_TITLE, K_TITLE, K_NOTES = "pres_new_title", "pres_scene_title", "pres_scene_notes"
K_EDIT_TITLE, K_EDIT_NOTES, K_UPLOAD = "pres_edit_title", "pres_edit_notes", "pres_upload"


class DraftStore:
    """A bounded, thread-safe map of draft key -> :class:`Presentation` (least recently used go first)."""

    def __init__(self, capacity: int = MAX_DRAFTS) -> None:
        self.capacity = capacity
        self._items: OrderedDict[str, Presentation] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, key: str, presentation: Presentation) -> None:
        with self._lock:
            self._items[key] = presentation
            self._items.move_to_end(key)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)

    def get(self, key: str) -> Presentation | None:
        with self._lock:
            presentation = self._items.get(key)
            if presentation is not None:
                self._items.move_to_end(key)
            return presentation

    def __len__(self) -> int:
        return len(self._items)


@st.cache_resource(show_spinner=False)
def draft_store() -> DraftStore:
    """The process's drafts, shared by every session."""
    return DraftStore(MAX_DRAFTS)


def draft_by_key(key: str) -> Presentation | None:
    """The draft stored under ``key`` (from the presentation page's URL), or ``None``."""
    return draft_store().get(key) if key.startswith(DRAFT_PREFIX) else None


def session_draft() -> tuple[str, Presentation] | None:
    """This session's draft and its key, once it has a scene."""
    draft = st.session_state.get(_DRAFT)
    key = st.session_state.get(_KEY)
    if draft is None or key is None or not draft.scenes:
        return None
    return key, draft


def presentation_url(key: str, step: int = 1) -> str:
    """The presentation page of ``key`` at ``step`` (1-based), relative to the map page."""
    return f"./{PAGE_PATH}?{urlencode({'presentatie': key, 'stap': step})}"


# --------------------------------------------------------------------------- changing the draft


def _set_draft(draft: Presentation | None, *, new_key: bool = False) -> None:
    st.session_state[_DRAFT] = draft
    if draft is None:
        return
    if new_key or not st.session_state.get(_KEY):
        st.session_state[_KEY] = DRAFT_PREFIX + secrets.token_hex(8)
    draft_store().put(st.session_state[_KEY], draft)


def _clear_messages() -> None:
    st.session_state[_PROBLEMS] = []
    st.session_state[_MESSAGE] = None


def _start() -> None:
    _clear_messages()
    title = (st.session_state.get(K_NEW_TITLE) or "").strip() or "Mijn presentatie"
    _set_draft(new_presentation(title), new_key=True)
    st.session_state[_EDITING] = None


def _close() -> None:
    _clear_messages()
    st.session_state[_DRAFT] = None
    st.session_state[_EDITING] = None


def _add(view: ViewState) -> None:
    _clear_messages()
    draft = st.session_state[_DRAFT]
    try:
        scene = scene_from_view(view, st.session_state.get(K_TITLE) or "", st.session_state.get(K_NOTES) or "")
        _set_draft(add_scene(draft, scene))
    except PresentationError as error:
        st.session_state[_PROBLEMS] = [p.replace("Deze scène: ", "") for p in error.problems]
        return
    st.session_state[K_TITLE] = ""
    st.session_state[K_NOTES] = ""
    st.session_state[_MESSAGE] = f"Scène {len(st.session_state[_DRAFT].scenes)} toegevoegd."


def _move(index: int, delta: int) -> None:
    _clear_messages()
    _set_draft(move_scene(st.session_state[_DRAFT], index, delta))
    st.session_state[_EDITING] = None


def _remove(index: int) -> None:
    _clear_messages()
    _set_draft(remove_scene(st.session_state[_DRAFT], index))
    st.session_state[_EDITING] = None


def _edit(index: int) -> None:
    _clear_messages()
    scene = st.session_state[_DRAFT].scenes[index]
    st.session_state[_EDITING] = index
    st.session_state[K_EDIT_TITLE] = scene.title
    st.session_state[K_EDIT_NOTES] = scene.notes


def _save(index: int) -> None:
    _clear_messages()
    draft = st.session_state[_DRAFT]
    old = draft.scenes[index]
    title, notes = st.session_state.get(K_EDIT_TITLE) or "", st.session_state.get(K_EDIT_NOTES) or ""
    try:
        scene = scene_from_view(old.view, title, notes, old.centre, old.zoom)
    except PresentationError as error:
        st.session_state[_PROBLEMS] = [p.replace("Deze scène: ", "") for p in error.problems]
        return
    _set_draft(replace_scene(draft, index, scene))
    st.session_state[_EDITING] = None


def _cancel_edit() -> None:
    _clear_messages()
    st.session_state[_EDITING] = None


def open_upload(data: bytes, hotspot_ids) -> list[str]:
    """Make the presentation in ``data`` the draft; its problems (Dutch) if it is not valid.

    An invalid file leaves the draft as it was.
    """
    try:
        presentation = parse_presentation(data, hotspot_ids)
    except PresentationError as error:
        return error.problems
    _set_draft(presentation, new_key=True)
    st.session_state[_EDITING] = None
    return []


def _uploaded(hotspot_ids: list[str]) -> None:
    _clear_messages()
    upload = st.session_state.get(K_UPLOAD)
    if upload is None:
        return
    problems = open_upload(upload.getvalue(), hotspot_ids)
    if problems:
        st.session_state[_PROBLEMS] = [f"{upload.name} is niet geopend.", *problems]
    else:
        count = len(st.session_state[_DRAFT].scenes)
        st.session_state[_MESSAGE] = f"{upload.name} geopend: {count} {'scène' if count == 1 else 'scènes'}."


# --------------------------------------------------------------------------- drawing


def _view_text(view: ViewState, names: dict[str, str]) -> str:
    """The scene's view in a few Dutch words: what differs from the whole map."""
    default = ViewState()
    parts = describe(view.filters)
    if view.hotspot:
        parts.append(f"rond {names.get(view.hotspot, view.hotspot)}, {view.radius_km} km")
    elif view.radius_km != default.radius_km:
        parts.append(f"straal {view.radius_km} km")
    if view.radii != default.radii:
        parts.append(f"cirkels: {RADII_MODES[view.radii].lower()}")
    return " · ".join(parts) or "alle hotspots"


def _scene_row(draft: Presentation, index: int, key: str, names: dict[str, str]) -> None:
    scene = draft.scenes[index]
    last = len(draft.scenes) - 1
    st.markdown(f"**{index + 1}. {md(scene.title)}**")
    st.caption(md(_view_text(scene.view, names)))
    if st.session_state.get(_EDITING) == index:
        st.text_input("Titel", key=K_EDIT_TITLE, max_chars=120)
        st.text_area("Notities", key=K_EDIT_NOTES, height=100)
        save, cancel = st.columns(2)
        save.button("Opslaan", key=f"pres_save_{index}", on_click=_save, args=(index,), type="primary")
        cancel.button("Annuleren", key=f"pres_cancel_{index}", on_click=_cancel_edit)
        return
    up, down, edit, delete = st.columns(4, gap="small")
    up.button("↑", key=f"pres_up_{index}", help="Scène omhoog", on_click=_move, args=(index, -1), disabled=index == 0)
    down.button(
        "↓", key=f"pres_down_{index}", help="Scène omlaag", on_click=_move, args=(index, 1), disabled=index == last
    )
    edit.button("✎", key=f"pres_edit_{index}", help="Titel en notities bewerken", on_click=_edit, args=(index,))
    delete.button("✕", key=f"pres_delete_{index}", help="Scène verwijderen", on_click=_remove, args=(index,))
    st.link_button(
        "Presenteren vanaf hier",
        presentation_url(key, index + 1),
        icon=":material/slideshow:",
        help="Opent de presentatie schermvullend in een nieuw tabblad.",
    )


def draw(result: LoadResult, view: ViewState) -> None:
    """The panel, in the sidebar under the filters; ``view`` is what "Huidige weergave toevoegen" adds."""
    st.session_state.setdefault(_PROBLEMS, [])
    st.session_state.setdefault(_MESSAGE, None)
    ids = list(result.frame["id"])
    names = dict(zip(result.frame["id"], result.frame["name"], strict=True))
    draft: Presentation | None = st.session_state.get(_DRAFT)
    key = st.session_state.get(_KEY)
    with st.sidebar.expander("Presentatie", icon=":material/slideshow:"):
        if st.session_state[_PROBLEMS]:
            st.error("\n".join(f"- {md(problem)}" for problem in st.session_state[_PROBLEMS]))
        if st.session_state[_MESSAGE]:
            st.success(md(st.session_state[_MESSAGE]))
        if draft is None:
            st.caption(
                "Zet weergaven van de kaart achter elkaar en presenteer ze schermvullend, "
                "stap voor stap met het toetsenbord of een presenter."
            )
            st.text_input("Titel van de presentatie", key=K_NEW_TITLE, placeholder="Mijn presentatie", max_chars=120)
            st.button("Nieuwe presentatie", key="pres_start", on_click=_start, icon=":material/add:", width="stretch")
        else:
            scenes = len(draft.scenes)
            st.markdown(f"**{md(draft.title)}** · {scenes} {'scène' if scenes == 1 else 'scènes'}")
            st.text_input("Titel van de scène", key=K_TITLE, max_chars=120)
            st.text_area("Notities (één tot drie zinnen)", key=K_NOTES, height=90)
            st.button(
                "Huidige weergave toevoegen",
                key="pres_add",
                on_click=_add,
                args=(view,),
                icon=":material/add_photo_alternate:",
                width="stretch",
                help="Voegt de kaart zoals u hem nu ziet (filters, straal, geselecteerde hotspot) toe als scène.",
            )
            for index in range(scenes):
                st.divider()
                _scene_row(draft, index, key, names)
            if scenes:
                st.divider()
                try:
                    data = to_json(draft)
                except PresentationError as error:
                    st.error("\n".join(f"- {md(problem)}" for problem in error.problems))
                else:
                    download_button(
                        "Download (JSON)",
                        data,
                        key="pres_download",
                        file_name=f"{draft.id}.json",
                        mime="application/json",
                        icon=":material/download:",
                        width="stretch",
                    )
                    handout_ui.share_and_handout(draft, result.frame)  # "Deel als link" and the PDF
            st.button("Nieuwe presentatie beginnen", key="pres_close", on_click=_close, type="tertiary")
        st.file_uploader(
            "Open een presentatie (JSON)",
            type=["json"],
            key=K_UPLOAD,
            on_change=_uploaded,
            args=(ids,),
            help="Een eerder gedownloade presentatie; de presentatie die u maakt blijft staan als het bestand niet klopt.",
        )
