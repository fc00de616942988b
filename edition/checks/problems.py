"""The one problem formatter of the checks: a problem names the file, the row and the id.

Every check of this package takes the tables as read (strings) and returns a list of problems,
one line each, made by :func:`problem`; the loader gathers them into one ``EditionDataError``.
"""

from __future__ import annotations


def problem(file: str, row: int | None, text: str, row_id: str | None = None) -> str:
    """One problem, located: ``passages.csv, row 5 (id 2.3): gap …``; rows count data rows from 1."""
    where = f"data/{file}" + (f", row {row}" if row is not None else "") + (f" (id {row_id})" if row_id else "")
    return f"{where}: {text}"
