"""Bad input stops the edition with a message that names the file, the row and the problem."""
import csv
import shutil
import subprocess
import sys
import textwrap

import pytest

from edition import EditionDataError, load_edition

from conftest import ROOT


def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def edit_rows(path, change):
    """Rewrite a CSV with ``change(rows)`` applied to its list of dict rows."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    rows = change(rows) or rows
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def load_error(data) -> str:
    with pytest.raises(EditionDataError) as caught:
        load_edition(data)
    return str(caught.value)


# --- the passage registry ---------------------------------------------------------------------------

def test_a_gap_between_passages(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "passages.csv", lambda rows: rows[4].update(first_token=str(int(rows[4]["first_token"]) + 1)))
    message = load_error(data)
    assert "data/passages.csv, row 5 (id 1.5): gap:" in message


def test_an_overlap_between_passages(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "passages.csv", lambda rows: rows[9].update(first_token=str(int(rows[9]["first_token"]) - 2)))
    message = load_error(data)
    assert "data/passages.csv, row 10 (id 2.3): overlap:" in message


def test_a_duplicate_passage_id(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "passages.csv", lambda rows: rows[3].update(id="1.3"))
    assert "data/passages.csv, row 4 (id 1.3): duplicate passage id 1.3" in load_error(data)


def test_a_token_index_that_is_not_a_number(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "passages.csv", lambda rows: rows[6].update(last_token="12x"))
    assert "data/passages.csv, row 7 (id 1.7): last_token '12x' is not a whole number" in load_error(data)


def test_a_malformed_passage_id(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "passages.csv", lambda rows: rows[0].update(id="1-1"))
    assert "data/passages.csv, row 1: passage id '1-1' is not of the form S.N" in load_error(data)


# --- figures, numerals, apparatus ----------------------------------------------------------------------

def first_stated_figure(rows):
    return next(row for row in rows if row["status"] == "stated" and row["best"])


def test_a_figure_quote_outside_its_passage(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "figures.csv", lambda rows: first_stated_figure(rows).update(passage="1.1"))
    assert "lies outside passage 1.1" in load_error(data)


def test_a_figure_value_not_in_its_quote(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "figures.csv", lambda rows: first_stated_figure(rows).update(value_as_written="76 000"))
    message = load_error(data)
    assert "data/figures.csv, row" in message and "value '76 000' is not in its quote" in message


def test_a_figure_number_that_the_words_do_not_say(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "figures.csv", lambda rows: first_stated_figure(rows).update(best="75001"))
    assert "best 75001 is not a number written in" in load_error(data)


def test_a_figure_in_an_unknown_passage(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "figures.csv", lambda rows: first_stated_figure(rows).update(passage="99.1"))
    message = load_error(data)
    assert "data/figures.csv" in message and "99.1" in message


def test_a_malformed_number(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "figures.csv", lambda rows: first_stated_figure(rows).update(best="75,000"))
    message = load_error(data)
    assert "data/figures.csv, row" in message and "column 'best'" in message


def test_low_above_high(tmp_path):
    data = data_copy(tmp_path)
    ranged = lambda rows: next(r for r in rows if r["low"] and r["high"])  # noqa: E731
    edit_rows(data / "figures.csv", lambda rows: ranged(rows).update(low="16000"))
    assert "low 16000 > high 15000" in load_error(data)


def test_a_digit_token_missing_from_numerals(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "numerals.csv", lambda rows: [r for r in rows if r["token"] != "176"])
    assert "data/numerals.csv: the digit-bearing token 176 ('40th') is missing" in load_error(data)


def test_an_apparatus_entry_outside_its_passage(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "apparatus.csv", lambda rows: rows[0].update(token="2700"))
    assert "data/apparatus.csv, row 1 (id A001): span 2700..2700 lies outside passage" in load_error(data)


def test_an_apparatus_entry_with_an_unknown_certainty(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "apparatus.csv", lambda rows: rows[0].update(certainty="certain"))
    message = load_error(data)
    assert "data/apparatus.csv, row 1" in message and "column 'certainty'" in message


def test_a_supplied_entry_without_a_reading(tmp_path):
    data = data_copy(tmp_path)
    supplied = lambda rows: next(r for r in rows if r["type"] == "supplied")  # noqa: E731
    edit_rows(data / "apparatus.csv", lambda rows: supplied(rows).update(reading=""))
    assert "a supplied entry needs a reading" in load_error(data)


def test_an_entity_variant_that_is_not_in_the_source(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "entities.csv", lambda rows: rows[0].update(variants=rows[0]["variants"] + "|zzyzx"))
    assert "variant 'zzyzx' does not occur in the source" in load_error(data)


# --- a chapter that names a passage the registry does not have -------------------------------------------

def sphinx_project(tmp_path, body: str):
    """A minimal Sphinx project with the edition's extension, reading a copy of the data."""
    data = data_copy(tmp_path)
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(textwrap.dedent(f"""
        extensions = ["myst_parser", "edition"]
        edition_data = {str(data)!r}
        suppress_warnings = []
    """))
    (source / "index.md").write_text(body)
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-n", str(source), str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=ROOT)
    return result.stderr


def test_a_chapter_placing_an_unknown_passage(tmp_path):
    errors = sphinx_project(tmp_path, "# Test\n\n```{passage} 99.1\n```\n")
    assert "index.md" in errors and "unknown passage id '99.1': it is not in data/passages.csv" in errors


def test_a_link_to_an_unknown_passage(tmp_path):
    errors = sphinx_project(tmp_path, "# Test\n\nSee {p}`42.7`.\n")
    assert "link to unknown passage id '42.7'" in errors


def test_a_passage_placed_twice_and_the_rest_never(tmp_path):
    errors = sphinx_project(tmp_path, "# Test\n\n```{passage} 1.2\n```\n\n```{passage} 1.2\n```\n")
    assert "passage 1.2 is placed twice (already in index)" in errors
    assert "passage 1.1 is never placed" in errors


def test_passages_out_of_order(tmp_path):
    errors = sphinx_project(tmp_path, "# Test\n\n```{passage} 1.2\n```\n\n```{passage} 1.1\n```\n")
    assert "passage 1.2 is placed out of order" in errors


# --- the editors' renderings ---------------------------------------------------------------------------------

def test_a_rendering_of_an_unknown_passage(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "renderings.csv", lambda rows: rows[4].update(passage="99.1"))
    assert "data/renderings.csv, row 5: a rendering of unknown passage '99.1' (not in passages.csv)" in load_error(data)


def test_a_missing_rendering(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "renderings.csv", lambda rows: [r for r in rows if r["passage"] != "4.22"])
    assert "data/renderings.csv: missing rendering: passage 4.22 has no row" in load_error(data)


def test_a_duplicate_rendering_row(tmp_path):
    data = data_copy(tmp_path)
    copied = []
    edit_rows(data / "renderings.csv", lambda rows: copied.append(rows[7]["passage"]) or rows[:8] + [dict(rows[7])] + rows[8:])
    assert f"data/renderings.csv, row 9: duplicate row: passage {copied[0]} is already rendered in row 8" in load_error(data)


@pytest.mark.parametrize("blank", ["", "   "])
def test_an_empty_rendering(tmp_path, blank):
    data = data_copy(tmp_path)
    blanked = []
    edit_rows(data / "renderings.csv", lambda rows: blanked.append(rows[2]["passage"]) or rows[2].update(rendering=blank))
    assert f"data/renderings.csv, row 3: empty rendering of passage {blanked[0]}" in load_error(data)


def test_a_rendering_with_an_unclosed_mark(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "renderings.csv", lambda rows: rows[2].update(rendering=rows[2]["rendering"] + " ⟨never"))
    assert "data/renderings.csv, row 3: unbalanced ⟨ ⟩ in the rendering of passage" in load_error(data)
