"""The app's pages, as one table: path, title, icon, script and the URL parameters each reads.

``app.py`` builds the navigation from :data:`PAGES`; :mod:`hotspots.viewstate`
knows every page's own parameters from it, and code that links to a page
takes its path from here (:data:`PRESENTATIE`). A new page is one row (and
its script in ``app_pages/``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AppPage:
    """A page of the app: its script in app_pages/, and the URL parameters only it reads.

    ``url_path`` is ``""`` for the default page (the map). ``sidebar``:
    whether the shared filters are drawn (the presentation page is full screen).
    """

    script: str
    title: str
    icon: str
    url_path: str = ""
    params: tuple[str, ...] = ()
    sidebar: bool = True


KAART = AppPage("kaart.py", "Kaart", ":material/map:")
TABEL = AppPage("tabel.py", "Tabel & export", ":material/table_view:", "tabel")
SAMENWERKING = AppPage("samenwerking.py", "Samenwerking", ":material/hub:", "samenwerking", params=("koppel",))
OVER = AppPage("over.py", "Over de gegevens", ":material/info:", "over")
TOEGANKELIJKHEID = AppPage(
    "toegankelijkheid.py", "Toegankelijkheid", ":material/accessibility:", "toegankelijkheid", sidebar=False
)
BEHEER = AppPage("beheer.py", "Beheer", ":material/edit_note:", "beheer", sidebar=False)
PRESENTATIE = AppPage(
    "presentatie.py",
    "Presentatie",
    ":material/slideshow:",
    "presentatie",
    params=("presentatie", "stap", "deck"),
    sidebar=False,
)

#: Every page, in the order of the navigation.
PAGES: tuple[AppPage, ...] = (KAART, TABEL, SAMENWERKING, OVER, BEHEER, PRESENTATIE, TOEGANKELIJKHEID)

#: Parameters that one page reads itself (not part of the shared view).
PAGE_PARAMS: tuple[str, ...] = tuple(dict.fromkeys(p for page in PAGES for p in page.params))


def by_path(url_path: str) -> AppPage:
    """The page at ``url_path`` (``""``: the map)."""
    return next(page for page in PAGES if page.url_path == url_path)
