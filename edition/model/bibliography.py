"""The bibliography, ``data/references.bib``, read by pybtex: its keys, a short label for each work
("Maley 2002", "Yousaf and Adkin 1992", "Saikal et al. 2004", "Human Rights Watch 2005") and each
work as plain text. A file pybtex cannot read is an :class:`EditionDataError` naming the file.
"""

from __future__ import annotations

import functools
from pathlib import Path

from edition.model.files import EditionDataError, read_text

FILE = "references.bib"


@functools.lru_cache(maxsize=8)
def _database(path: Path, text: str):
    from pybtex.database import parse_string
    from pybtex.exceptions import PybtexError

    try:
        return parse_string(text, "bibtex")
    except PybtexError as error:
        raise EditionDataError([f"data/{FILE}: pybtex cannot read it: {error}"]) from None


def database(root: Path):
    return _database(Path(root), read_text(root, FILE))


def keys(root: Path) -> set[str]:
    return set(database(root).entries)


def label(root: Path, key: str) -> str:
    """The work's short label, author and year, as a reader writes it in a note."""
    entry = database(root).entries[key]
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [
        " ".join(str(part) for part in person.prelast_names + person.last_names).replace("{", "").replace("}", "")
        for person in people
    ]
    if not names:
        who = entry.fields.get("publisher", key)
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who} {entry.fields.get('year', 'n.d.')}"


def texts(root: Path, wanted: list[str]) -> dict[str, str]:
    """Each work of ``wanted`` as plain text, formatted by pybtex's ``plain`` style."""
    from pybtex.plugin import find_plugin

    data = database(root)
    style = find_plugin("pybtex.style.formatting", "plain")()
    backend = find_plugin("pybtex.backends", "text")()
    return {entry.key: entry.text.render(backend) for entry in style.format_entries([data.entries[k] for k in wanted])}
