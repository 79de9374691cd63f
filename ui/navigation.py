"""The app's pages and the URL parameters each reads (used by app.py).

Defined in a module, not in app.py: app.py runs again on every rerun of
every session, and making a dataclass there each time costs a compile.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AppPage:
    """A page of the app: its script in app_pages/, and the URL parameters only it reads."""

    script: str
    title: str
    icon: str
    url_path: str = ""
    params: tuple[str, ...] = ()
    sidebar: bool = True  # False: no filters (the presentation page is full screen)


PAGES = (
    AppPage("kaart.py", "Kaart", ":material/map:"),
    AppPage("tabel.py", "Tabel & export", ":material/table_view:", "tabel"),
    AppPage("samenwerking.py", "Samenwerking", ":material/hub:", "samenwerking", params=("koppel",)),
    AppPage("over.py", "Over de gegevens", ":material/info:", "over"),
    AppPage(
        "presentatie.py", "Presentatie", ":material/slideshow:", "presentatie", ("presentatie", "stap", "deck"), False
    ),
)
