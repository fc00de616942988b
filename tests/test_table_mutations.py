"""Property: whatever happens to the bytes or the rows of a file of data/, the loader either loads
or raises EditionDataError whose every line names a file of data/ (the damaged one, or a table
that depends on it): never another exception, never a traceback from pandas, csv or Frictionless."""

import csv
import io
import shutil
from pathlib import Path

import pytest
from helpers import ROOT, examples
from hypothesis import given, settings
from hypothesis import strategies as st

from edition import EditionDataError, load_edition
from edition.model.edition import _load

TABLES = [
    "sections",
    "passages",
    "regularisation_rules",
    "apparatus",
    "entities",
    "figures",
    "events",
    "numerals",
    "retired_ids",
    "alternatives",
    "corrections",
    "renderings",
    "releases",
    "gazetteer",
    "narrative_notes",
    "narrative_paragraphs",
    "glossary",
]
# Who can be blamed for a damaged file: the file itself, or a table whose checks lean on it.
DEPENDENTS = {
    "sections.csv": {"passages.csv"},
    "passages.csv": {
        "apparatus.csv",
        "figures.csv",
        "events.csv",
        "numerals.csv",
        "retired_ids.csv",
        "corrections.csv",
        "renderings.csv",
        "narrative_notes.csv",
        "narrative_paragraphs.csv",  # a paragraph starts at a passage of the body, after a sentence's end
    },
    "renderings.csv": {"narrative_paragraphs.csv"},  # ... after a rendering that ends a sentence
    "published_ids.txt": {"retired_ids.csv"},
    # the layers that restate the apparatus: a figure's status, a rendering's marks (checks/layers.py)
    "apparatus.csv": {"alternatives.csv", "corrections.csv", "figures.csv", "renderings.csv"},
    "alternatives.csv": {"apparatus.csv", "corrections.csv", "figures.csv", "renderings.csv"},
    "entities.csv": {"corrections.csv", "gazetteer.csv"},  # the gazetteer has a row per located place
    "releases.csv": {"corrections.csv"},  # a correction names its release
    "figures.csv": {"numerals.csv", "corrections.csv"},
    "events.csv": {"numerals.csv", "corrections.csv"},
    "references.bib": {"figures.csv", "apparatus.csv", "alternatives.csv", "glossary.csv"},
    "source/afghan-civil-war-1989-1992.txt": {f"{table}.csv" for table in TABLES},  # every table points into it
}
AWKWARD_BYTES = [b'"', b",", b"\n", b"\r\n", b"\r", b"\xff", b"\x00", b"\xef\xbb\xbf", b"\xc3", "é".encode(), b"\t"]


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


@st.composite
def byte_mutation(draw, data: bytes) -> bytes:
    kind = draw(st.sampled_from(["truncate", "insert", "delete"]))
    at = draw(st.integers(0, len(data)))
    if kind == "truncate":
        return data[:at]
    if kind == "insert":
        inserted = draw(st.one_of(st.sampled_from(AWKWARD_BYTES), st.binary(min_size=1, max_size=4)))
        return data[:at] + inserted + data[at:]
    return data[:at] + data[at + draw(st.integers(1, 40)) :]


@st.composite
def row_mutation(draw, data: bytes) -> bytes:
    header, *rows = rows_of(data)
    kind = draw(
        st.sampled_from(
            ["drop column", "duplicate column", "shuffle rows", "drop row", "duplicate row", "empty cell", "swap cells"]
        )
    )
    if kind in ("drop column", "duplicate column"):
        column = draw(st.integers(0, len(header) - 1))
        if kind == "drop column":
            table = [[cell for k, cell in enumerate(row) if k != column] for row in [header, *rows]]
        else:
            table = [row[: column + 1] + row[column:] for row in [header, *rows]]
        return csv_bytes(table)
    if kind == "shuffle rows":
        return csv_bytes([header, *draw(st.permutations(rows))])
    if not rows:
        return csv_bytes([header])
    k = draw(st.integers(0, len(rows) - 1))
    if kind == "drop row":
        rows = rows[:k] + rows[k + 1 :]
    elif kind == "duplicate row":
        rows = rows[: k + 1] + rows[k:]
    else:
        column = draw(st.integers(0, len(header) - 1))
        row = list(rows[k])
        if kind == "empty cell":
            row[column] = ""
        else:
            other = draw(st.integers(0, len(header) - 1))
            row[column], row[other] = row[other], row[column]
        rows = rows[:k] + [row] + rows[k + 1 :]
    return csv_bytes([header, *rows])


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mutations")
    shutil.copytree(ROOT / "data", folder / "data")
    return folder / "data"


def outcome(data_folder: Path, file: str, damaged: bytes):
    """Load the folder with ``file`` replaced by ``damaged``; the original is put back afterwards."""
    path = data_folder / file
    original = (ROOT / "data" / file).read_bytes()
    path.write_bytes(damaged)
    _load.cache_clear()  # the loader caches per folder
    try:
        load_edition(data_folder)
        return None
    except EditionDataError as error:
        return error
    finally:
        path.write_bytes(original)
        _load.cache_clear()


def check(error, file: str, data_folder: Path):
    if error is None:
        return
    allowed = {file} | DEPENDENTS.get(file, set())
    for line in error.problems:
        assert line.startswith("data/"), line
        named = line[len("data/") :].split(",")[0].split(":")[0]
        assert (data_folder / named).is_file(), f"{line!r} names no file of data/"
        if file != "datapackage.json":  # a damaged descriptor can make Frictionless blame any table
            assert named in allowed, f"damage to {file} reported as {line!r}"


# 25 damaged files a test under the whole suite's profile (a load takes 0.1-0.3 s), 2 under "fast";
# the deadline and health checks come from the profile (tests/conftest.py).
SETTINGS = settings(max_examples=examples(25))


@pytest.mark.parametrize("mutation", [byte_mutation, row_mutation], ids=["bytes", "rows"])
@pytest.mark.parametrize("table", TABLES)
def test_a_damaged_table_gives_a_named_error_or_loads(scratch, table, mutation):
    file = f"{table}.csv"
    original = (ROOT / "data" / file).read_bytes()

    @SETTINGS
    @given(st.data())
    def run(data):
        check(outcome(scratch, file, data.draw(mutation(original))), file, scratch)

    run()


@pytest.mark.parametrize(
    "file", ["datapackage.json", "references.bib", "published_ids.txt", "source/afghan-civil-war-1989-1992.txt"]
)
def test_damaged_descriptor_bibliography_ids_and_source_give_a_named_error_or_load(scratch, file):
    original = (ROOT / "data" / file).read_bytes()

    @SETTINGS
    @given(st.data())
    def run(data):
        check(outcome(scratch, file, data.draw(byte_mutation(original))), file, scratch)

    run()
