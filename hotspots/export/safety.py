"""Text a spreadsheet would run as a formula, made inert (OWASP "CSV injection").

Excel and LibreOffice evaluate a cell that starts with ``=``, ``+``, ``-``
or ``@`` (or a tab or line break before one). The CSV and Excel exports
put a single quote before such text, which both programs show as text;
GeoJSON and GeoPackage are data formats and keep the text as it is.
"""

from __future__ import annotations

import pandas as pd

from hotspots.export._frames import is_text_column, require_frame

# Full-width forms too, which some spreadsheets fold to the ASCII ones.
_FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_CONTROL_STARTS = ("\t", "\r", "\n")

#: What the Excel "Toelichting" sheet says about the quote.
NOTE = (
    "Tekst die begint met =, +, -, @, een tab of een regeleinde staat er met een ' voor, "
    "zodat Excel en LibreOffice er nooit een formule van maken."
)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could take ``text`` as a formula.

    Examples
    --------
    >>> is_formula_like("=1+1"), is_formula_like("  +31 70"), is_formula_like("Zuid-Holland")
    (True, True, False)
    """
    return text.startswith(_CONTROL_STARTS) or text.lstrip().startswith(_FORMULA_STARTS)


def neutralise_text(text: str) -> str:
    """``text`` with a leading ``'`` if a spreadsheet could take it as a formula.

    Examples
    --------
    >>> neutralise_text("-2+3"), neutralise_text("Delft")
    ("'-2+3", 'Delft')
    """
    return "'" + text if is_formula_like(text) else text


def neutralise(table_frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the table whose text cells cannot run as formulas.

    Parameters
    ----------
    table_frame : DataFrame
        A table, usually from :func:`hotspots.export.table`.

    Returns
    -------
    DataFrame
        The same shape; text cells through :func:`neutralise_text`,
        numbers and the input itself unchanged.
    """
    require_frame(table_frame, "table")
    result = table_frame.copy()
    for column in result.columns:
        series = result[column]
        if not is_text_column(series):
            continue
        # Plain lists: pandas' element-wise map on Arrow-backed text costs
        # milliseconds per column, and most columns have nothing to change.
        values = series.tolist()
        safe = [neutralise_text(v) if isinstance(v, str) else v for v in values]
        if safe != values:
            result[column] = pd.Series(safe, index=series.index, dtype=series.dtype)
    return result
