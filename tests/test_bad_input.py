"""Bad input stops the edition with a message that names the file, the row and the problem."""

import subprocess
import sys
import textwrap

import pytest
from helpers import ROOT, data_copy, edit_rows, load_error

from edition import load_edition

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
    (source / "conf.py").write_text(
        textwrap.dedent(f"""
        extensions = ["myst_parser", "edition"]
        edition_data = {str(data)!r}
        suppress_warnings = []
    """)
    )
    (source / "index.md").write_text(body)
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-n", str(source), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return result.stderr


@pytest.mark.slow  # a Sphinx build of a small project, in a process of its own
def test_a_chapter_placing_an_unknown_passage(tmp_path):
    errors = sphinx_project(tmp_path, "# Test\n\n```{passage} 99.1\n```\n")
    assert "index.md" in errors and "unknown passage id '99.1': it is not in data/passages.csv" in errors


@pytest.mark.slow  # a Sphinx build of a small project, in a process of its own
def test_a_link_to_an_unknown_passage(tmp_path):
    errors = sphinx_project(tmp_path, "# Test\n\nSee {p}`42.7`.\n")
    assert "link to unknown passage id '42.7'" in errors


@pytest.mark.slow  # a Sphinx build of a small project, in a process of its own
def test_a_passage_placed_twice_and_the_rest_never(tmp_path):
    errors = sphinx_project(tmp_path, "# Test\n\n```{passage} 1.2\n```\n\n```{passage} 1.2\n```\n")
    assert "passage 1.2 is placed twice (already in index)" in errors
    assert "passage 1.1 is never placed" in errors


@pytest.mark.slow  # a Sphinx build of a small project, in a process of its own
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
    edit_rows(
        data / "renderings.csv", lambda rows: copied.append(rows[7]["passage"]) or rows[:8] + [dict(rows[7])] + rows[8:]
    )
    assert f"data/renderings.csv, row 9: duplicate row: passage {copied[0]} is already rendered in row 8" in load_error(
        data
    )


@pytest.mark.parametrize("blank", ["", "   "])
def test_an_empty_rendering(tmp_path, blank):
    data = data_copy(tmp_path)
    blanked = []
    edit_rows(
        data / "renderings.csv", lambda rows: blanked.append(rows[2]["passage"]) or rows[2].update(rendering=blank)
    )
    assert f"data/renderings.csv, row 3: empty rendering of passage {blanked[0]}" in load_error(data)


def test_a_rendering_with_an_unclosed_mark(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "renderings.csv", lambda rows: rows[2].update(rendering=rows[2]["rendering"] + " ⟨never"))
    assert "data/renderings.csv, row 3: unbalanced ⟨ ⟩ in the rendering of passage" in load_error(data)


# --- files that are not well-formed tables: every one a named error, never a traceback -------------------


def test_a_byte_that_is_not_utf8(tmp_path):
    data = data_copy(tmp_path)
    path = data / "entities.csv"
    path.write_bytes(path.read_bytes().replace(b"Ahmad Shah Massoud", b"Ahmad Shah Mas\xffsoud", 1))
    assert load_error(data).endswith(
        "data/entities.csv, line 2: is not UTF-8 text: byte 0xff at column 30 (invalid start byte)"
    )


def test_a_row_with_one_field_too_many(tmp_path):
    data = data_copy(tmp_path)
    path = data / "figures.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3] += ",surplus"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert load_error(data).endswith("data/figures.csv, line 4: 17 fields where the header has 16")


def test_a_row_with_a_field_too_few(tmp_path):
    data = data_copy(tmp_path)
    path = data / "sections.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].rsplit(",", 1)[0]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert load_error(data).endswith("data/sections.csv, line 3: 2 fields where the header has 3")


def test_an_empty_file(tmp_path):
    data = data_copy(tmp_path)
    (data / "entities.csv").write_bytes(b"")
    assert load_error(data).endswith("data/entities.csv: the file is empty: it needs at least its header line")


@pytest.mark.parametrize("table", ["entities", "passages", "sections", "apparatus", "figures", "events", "numerals"])
def test_a_table_that_must_have_rows_has_only_its_header(tmp_path, table):
    data = data_copy(tmp_path)
    path = data / f"{table}.csv"
    path.write_text(path.read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8")
    assert load_error(data).endswith(f"data/{table}.csv: the table has a header but no rows; it must have at least one")


def test_a_table_that_may_be_empty_loads_with_only_its_header(tmp_path):
    data = data_copy(tmp_path)
    path = data / "regularisation_rules.csv"
    path.write_text(path.read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8")
    assert len(load_edition(data).rules) == 0


def test_a_missing_column(tmp_path):
    data = data_copy(tmp_path)
    path = data / "sections.csv"
    path.write_text(
        "\n".join(line.rsplit(",", 1)[0] for line in path.read_text(encoding="utf-8").strip().split("\n")) + "\n",
        encoding="utf-8",
    )
    assert load_error(data).endswith("data/sections.csv, line 1: the header lacks the column 'title'")


def test_a_duplicated_column(tmp_path):
    data = data_copy(tmp_path)
    path = data / "sections.csv"
    path.write_text(
        "\n".join(line + "," + line.rsplit(",", 1)[1] for line in path.read_text(encoding="utf-8").strip().split("\n")),
        encoding="utf-8",
    )
    assert load_error(data).endswith("data/sections.csv, line 1: column 'title' appears more than once in the header")


def test_a_missing_header(tmp_path):
    data = data_copy(tmp_path)
    path = data / "sections.csv"
    path.write_text(path.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    message = load_error(data)
    assert "data/sections.csv, line 1: the header lacks the columns 'section', 'key', 'title'" in message


def test_a_missing_file(tmp_path):
    data = data_copy(tmp_path)
    (data / "events.csv").unlink()
    assert load_error(data).endswith("data/events.csv: the file is missing")


def test_a_missing_source_text(tmp_path):
    data = data_copy(tmp_path)
    (data / "source" / "afghan-civil-war-1989-1992.txt").unlink()
    assert load_error(data).endswith("data/source/afghan-civil-war-1989-1992.txt: the file is missing")


def test_a_bibliography_that_is_not_utf8(tmp_path):
    data = data_copy(tmp_path)
    path = data / "references.bib"
    path.write_bytes(b"\xfe" + path.read_bytes())
    assert load_error(data).endswith(
        "data/references.bib, line 1: is not UTF-8 text: byte 0xfe at column 1 (invalid start byte)"
    )


def test_a_datapackage_that_is_not_json(tmp_path):
    data = data_copy(tmp_path)
    path = data / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"resources": [', '"resources" [', 1), encoding="utf-8")
    message = load_error(data)
    assert "data/datapackage.json, line 12: is not valid JSON: Expecting ':' delimiter" in message


def test_a_broken_quote(tmp_path):
    data = data_copy(tmp_path)
    path = data / "sections.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].replace(",", ',"', 1).replace(",", '"x,', 2)
    path.write_text("\n".join(lines), encoding="utf-8")
    assert "data/sections.csv, line 3: is not well-formed CSV" in load_error(data)


def test_crlf_line_endings_and_a_byte_order_mark_load(tmp_path):
    data = data_copy(tmp_path)
    for path in data.glob("*.csv"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    edition = load_edition(data)
    reference = load_edition(ROOT / "data")
    assert list(edition.entities.columns) == list(reference.entities.columns)
    assert edition.entities.equals(reference.entities) and edition.figures.equals(reference.figures)
    assert len(edition.passages) == len(reference.passages)


def test_a_header_only_entities_table_stops_the_build_with_the_named_error(book_copy, jupyter_book):
    """Before the map notebook could fail on it (it did, with KeyError: 'on_map')."""
    book = book_copy
    path = book / "data" / "entities.csv"
    path.write_text(path.read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8")
    result = subprocess.run(
        [jupyter_book, "build", str(book), "--builder", "html", "-n", "-W", "--keep-going"],
        capture_output=True,
        text=True,
        cwd=book,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "ERROR: data/entities.csv: the table has a header but no rows; it must have at least one" in output
    assert "Traceback" not in output and "KeyError" not in output


def test_a_line_separator_in_a_cell(tmp_path):
    """U+2028 in a chart label makes Vega's expression parser fail as the chart is drawn."""
    data = data_copy(tmp_path)
    edit_rows(data / "sections.csv", lambda rows: rows[1].update(title=rows[1]["title"] + "\u2028more"))
    assert load_error(data).endswith(
        "data/sections.csv, line 3: column 'title' holds the control character U+2028 "
        "(line and paragraph separators and control characters break charts and scripts)"
    )


# --- retired ids ---------------------------------------------------------------------------------------


def test_a_retired_id_that_was_never_published(tmp_path):
    data = data_copy(tmp_path)
    (data / "retired_ids.csv").write_text("id,successor,note\n12.1,1.2,\n", encoding="utf-8")
    assert load_error(data).endswith(
        "data/retired_ids.csv, row 1 (id 12.1): 12.1 was never published (it is not in published_ids.txt)"
    )


def test_a_retired_id_that_is_still_a_passage(tmp_path):
    data = data_copy(tmp_path)
    (data / "retired_ids.csv").write_text("id,successor,note\n1.3,1.2,\n", encoding="utf-8")
    assert load_error(data).endswith("data/retired_ids.csv, row 1 (id 1.3): 1.3 is retired but still in passages.csv")


def test_a_retired_id_whose_successor_does_not_exist(tmp_path):
    data = data_copy(tmp_path)
    (data / "published_ids.txt").write_text((data / "published_ids.txt").read_text() + "11.99\n", encoding="utf-8")
    (data / "retired_ids.csv").write_text("id,successor,note\n11.99,11.98,\n", encoding="utf-8")
    assert load_error(data).endswith(
        "data/retired_ids.csv, row 1 (id 11.99): its successor '11.98' is not in passages.csv"
    )


def test_the_retired_ids_table_may_be_empty():
    edition = load_edition(ROOT / "data")
    assert list(edition.retired.columns) == ["id", "successor", "note"]


# --- releases (the TEI header's revisionDesc) -------------------------------------------------------


def test_a_last_release_that_is_not_the_one_citation_cff_describes(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "releases.csv", lambda rows: rows[-1].update(date="2026-12-06"))
    assert "data/releases.csv, row 3 (id 0.3.0): the last release is 0.3.0 of 2026-12-06, but CITATION.cff" in (
        load_error(data)
    )


def test_releases_out_of_order(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "releases.csv", lambda rows: [rows[1], rows[0], *rows[2:]])
    assert "data/releases.csv, row 2 (id 0.1.0): release 0.1.0 (2026-11-25) does not follow 0.2.0" in load_error(data)


def test_a_correction_of_a_release_that_is_not_listed(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "corrections.csv", lambda rows: rows[0].update(release="0.2.5"))
    assert "data/corrections.csv, row 1 (id C101): release '0.2.5' is not in releases.csv" in load_error(data)


# --- the gazetteer (Linked Places) ------------------------------------------------------------------


def test_a_located_place_missing_from_the_gazetteer(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "gazetteer.csv", lambda rows: [r for r in rows if r["entity"] != "khost"])
    assert "data/gazetteer.csv: the located place 'khost' of entities.csv has no row" in load_error(data)


def test_a_gazetteer_row_that_is_not_a_located_place(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "gazetteer.csv", lambda rows: rows[0].update(entity="massoud"))
    assert "data/gazetteer.csv, row 1 (id massoud): not a place of entities.csv with coordinates" in load_error(data)


def test_a_feature_class_that_linked_places_does_not_know(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "gazetteer.csv", lambda rows: rows[0].update(fclasses="X"))
    message = load_error(data)
    assert "gazetteer.csv" in message and "fclasses" in message


# --- the tables for readers: the narrative's marked notes and the glossary (issue 24) ------------------


def test_a_narrative_note_at_an_unknown_passage(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "narrative_notes.csv", lambda rows: rows[1].update(passage="99.9"))
    assert "data/narrative_notes.csv, row 2: passage '99.9' is an unknown passage (not in passages.csv)" in load_error(
        data
    )


def test_a_narrative_note_leading_to_an_unknown_passage(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "narrative_notes.csv", lambda rows: rows[0].update(see="4.99"))
    assert "data/narrative_notes.csv, row 1: see '4.99' is an unknown passage (not in passages.csv)" in load_error(data)


def test_two_narrative_notes_at_one_passage(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "narrative_notes.csv", lambda rows: rows + [dict(rows[0], note="Another note.")])
    assert "data/narrative_notes.csv, row 13: duplicate row: passage 2.31 already has a note in row 1" in load_error(
        data
    )


def test_a_narrative_notes_table_with_only_its_header_loads(tmp_path):
    data = data_copy(tmp_path)
    path = data / "narrative_notes.csv"
    path.write_text(path.read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8")
    assert len(load_edition(data).narrative_notes) == 0


@pytest.mark.parametrize(
    "passage, message",
    [
        (
            "8.37",
            "a paragraph at passage 8.37 would break a sentence: the rendering of 8.36 (renderings.csv) does not end one",
        ),
        ("4.8", "passage 4.8 is a subheading, not a passage of the body"),
        ("4.9", "passage 4.9 already starts a paragraph (it follows a heading or opens the text)"),
        ("4.99", "passage '4.99' is unknown (not in passages.csv)"),
    ],
)
def test_a_narrative_paragraph_that_cannot_start_there(tmp_path, passage, message):
    data = data_copy(tmp_path)
    edit_rows(data / "narrative_paragraphs.csv", lambda rows: rows[1].update(passage=passage))
    assert f"data/narrative_paragraphs.csv, row 2: {message}" in load_error(data)


def test_every_misplaced_narrative_paragraph_is_reported_and_a_sound_table_loads(tmp_path):
    """Two misplaced rows: both named (the check does not stop at the first). The table as it is
    loads from a fresh copy (not the cached edition), every start checked against the renderings."""
    sound = data_copy(tmp_path / "sound")
    assert len(load_edition(sound).narrative_paragraphs) == 23
    data = data_copy(tmp_path / "bad")

    def misplace(rows):
        rows[0]["passage"], rows[1]["passage"] = "4.8", "8.37"

    edit_rows(data / "narrative_paragraphs.csv", misplace)
    error = load_error(data)
    assert "data/narrative_paragraphs.csv, row 1: passage 4.8 is a subheading, not a passage of the body" in error
    assert "data/narrative_paragraphs.csv, row 2: a paragraph at passage 8.37 would break a sentence" in error


def test_two_narrative_paragraphs_at_one_passage_and_an_empty_topic(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "narrative_paragraphs.csv", lambda rows: rows + [dict(rows[0], topic=" ")])
    error = load_error(data)
    assert "data/narrative_paragraphs.csv, row 24: duplicate row: passage 1.3 is already listed in row 1" in error
    assert "data/narrative_paragraphs.csv, row 24: empty topic at passage 1.3" in error


def test_a_glossary_variant_that_is_not_in_the_source(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "glossary.csv", lambda rows: rows[0].update(variants=rows[0]["variants"] + "|mujahedinz"))
    assert "data/glossary.csv, row 1 (id mujahideen): variant 'mujahedinz' does not occur in the source" in load_error(
        data
    )


def test_a_glossary_variant_owned_by_two_terms(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "glossary.csv", lambda rows: rows[1].update(variants="jihad|isi"))
    assert "(id isi): variant 'isi' also belongs to jihad" in load_error(data)


def test_a_glossary_source_that_is_not_in_the_bibliography(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "glossary.csv", lambda rows: rows[0].update(source="nobody1999"))
    assert "data/glossary.csv, row 1 (id mujahideen): source 'nobody1999' is not a key of references.bib" in load_error(
        data
    )


def test_a_glossary_definition_too_long_or_empty(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(
        data / "glossary.csv",
        lambda rows: [rows[0].update(definition="word " * 61), rows[1].update(definition=" ")] and None,
    )
    error = load_error(data)
    assert "data/glossary.csv, row 1 (id mujahideen): the definition has 61 words; at most 60" in error
    assert "data/glossary.csv, row 2 (id jihad): empty definition" in error


def test_a_duplicate_glossary_term(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "glossary.csv", lambda rows: rows[1].update(term="Mujahideen"))
    assert "data/glossary.csv, row 2 (id jihad): duplicate term 'Mujahideen': already defined in row 1" in load_error(
        data
    )
