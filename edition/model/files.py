"""How a file of ``data/`` is read: the one way in, with one error type.

Every file the edition reads (the CSV tables, the source text, ``references.bib``,
``datapackage.json``) goes through this module. Whatever is wrong with a file (missing, empty,
not UTF-8, not JSON, a header that lacks, repeats or adds a column, a row with too many or too
few fields) becomes an :class:`EditionDataError` that names the file, the line and the problem.
Valid variants load: CRLF line endings and a UTF-8 byte-order mark.

What the values mean is checked later (``edition.model.edition``: Frictionless and the checks of ``edition.checks``); here a
table only has to be a well-formed table with the columns ``datapackage.json`` gives it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd

PACKAGE = Path(__file__).resolve().parents[1]  # edition/
CHECKOUT = PACKAGE.parent  # the book's folder: _config.yml, CITATION.cff, data/
DATA = CHECKOUT / "data"


class EditionDataError(ValueError):
    """Bad data: the message names the file, the row and the problem, one line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:25] + ([f"… and {len(problems) - 25} more"] if len(problems) > 25 else [])
        super().__init__("the edition's data is not valid:\n  " + "\n  ".join(shown))


DESCRIPTOR = "datapackage.json"
# Characters no cell may hold: C0 controls other than tab and line ends, DEL, and U+2028/U+2029
# (Vega's expression parser, used by the charts, rejects a line separator in a value).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")

# Whether a table may hold its header and no row, decided per table. A table not listed here
# must have rows.
MAY_BE_EMPTY = {
    "sections": False,
    "passages": False,
    "apparatus": False,
    "entities": False,
    "figures": False,
    "events": False,
    "numerals": False,
    "regularisation_rules": True,  # the edition could do without rule-made regularisations
    "retired_ids": True,  # no published id has been retired yet
    # tables agreed for 0.2.0 (other branches add them)
    "renderings": False,  # one rendering per passage
    "alternatives": True,  # a span may have no competing reading
    "corrections": True,  # nothing corrected since the last release
    "releases": False,  # at least the release being built
    "gazetteer": True,  # an edition may locate no place
    # tables for readers (issue 24)
    "narrative_notes": True,  # the narrative may need no marked note
    "narrative_paragraphs": True,  # without rows, paragraphs are cut by length at sentence ends
    "glossary": False,  # the glossary page lists its terms
}


def fail(file: str, text: str, line: int | None = None) -> EditionDataError:
    where = f"data/{file}" + (f", line {line}" if line is not None else "")
    return EditionDataError([f"{where}: {text}"])


def read_bytes(root: Path, file: str) -> bytes:
    path = Path(root) / file
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise fail(file, "the file is missing") from None
    except IsADirectoryError:
        raise fail(file, "is a folder, not a file") from None
    except OSError as error:
        raise fail(file, f"cannot be read ({error.strerror or error})") from None


def decode(file: str, data: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped); an undecodable byte is located by line and column."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise fail(
            file, f"is not UTF-8 text: byte 0x{data[error.start]:02x} at column {column} ({error.reason})", line
        ) from None


def read_text(root: Path, file: str) -> str:
    """A text file (the source text, the bibliography) as UTF-8."""
    return decode(file, read_bytes(root, file))


def read_json(root: Path, file: str = DESCRIPTOR):
    text = read_text(root, file)
    if not text.strip():
        raise fail(file, "the file is empty")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise fail(file, f"is not valid JSON: {error.msg} (column {error.colno})", error.lineno) from None


def described_columns(root: Path, file: str) -> list[str]:
    """The columns ``datapackage.json`` gives the table ``file``, in order."""
    package = read_json(root, DESCRIPTOR)
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list):
        raise fail(DESCRIPTOR, "has no list of resources")
    for resource in resources:
        if isinstance(resource, dict) and resource.get("path") == file:
            fields = (resource.get("schema") or {}).get("fields") if isinstance(resource.get("schema"), dict) else None
            if not isinstance(fields, list) or not all(
                isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields
            ):
                raise fail(DESCRIPTOR, f"the resource {file} has no schema with named fields")
            return [f["name"] for f in fields]
    raise fail(DESCRIPTOR, f"no resource describes {file}")


def header_problems(file: str, header: list[str], columns: list[str]) -> list[str]:
    problems = []
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        problems.append(f"column {', '.join(map(repr, repeated))} appears more than once in the header")
    missing = [name for name in columns if name not in header]
    if missing:
        problems.append(f"the header lacks the column{'s' * (len(missing) > 1)} {', '.join(map(repr, missing))}")
    extra = [name for name in dict.fromkeys(header) if name not in columns]
    if extra:
        problems.append(
            f"the header has the column{'s' * (len(extra) > 1)} {', '.join(map(repr, extra))}, "
            f"which datapackage.json does not describe"
        )
    if not problems and header != columns:
        problems.append(f"the columns are out of order: expected {', '.join(columns)}")
    return [f"data/{file}, line 1: {text}" for text in problems]


def read_table(
    root: Path, file: str, columns: list[str] | None = None, *, may_be_empty: bool | None = None
) -> pd.DataFrame:
    """A CSV table as strings (empty cells as ''), its header checked against ``columns``
    (by default the fields ``datapackage.json`` describes), every row of the header's length."""
    root = Path(root)
    columns = described_columns(root, file) if columns is None else columns
    if may_be_empty is None:
        may_be_empty = MAY_BE_EMPTY.get(Path(file).stem, False)
    text = decode(file, read_bytes(root, file))
    if not text.strip():
        raise fail(file, "the file is empty: it needs at least its header line")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    try:
        header = next(reader)
        problems = header_problems(file, header, columns)
        if problems:
            raise EditionDataError(problems)
        for record in reader:
            if not record or record == [""] and len(header) > 1:
                continue  # a blank line
            if len(record) != len(header):
                raise fail(file, f"{len(record)} fields where the header has {len(header)}", reader.line_num)
            for name, cell in zip(header, record):
                bad = CONTROL.search(cell)
                if bad:
                    raise fail(
                        file,
                        f"column {name!r} holds the control character U+{ord(bad.group()):04X} "
                        f"(line and paragraph separators and control characters break charts and scripts)",
                        reader.line_num,
                    )
            rows.append(record)
    except csv.Error as error:
        raise fail(file, f"is not well-formed CSV: {error}", reader.line_num) from None
    if not rows and not may_be_empty:
        raise fail(file, "the table has a header but no rows; it must have at least one")
    return (
        pd.DataFrame(rows, columns=header, dtype=str)
        if rows
        else pd.DataFrame({c: pd.Series(dtype=str) for c in header})
    )


__all__ = [
    "EditionDataError",
    "MAY_BE_EMPTY",
    "described_columns",
    "read_bytes",
    "read_json",
    "read_table",
    "read_text",
]
