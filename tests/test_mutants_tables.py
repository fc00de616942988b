"""Tests written for issue 26 after the mutation run over the registry's and the reader's checks: each
pins a behaviour that a surviving mutant changed. The checks take small tables written here (strings,
as the loader reads them); the expected problems are literals, the words an editor reads."""

import pandas as pd

from edition.checks.reader import check_glossary, check_narrative_notes, check_paragraph_starts
from edition.checks.registry import check_passages


def passages(*rows):
    return pd.DataFrame(rows, columns=["id", "section", "first_token", "last_token"])


TEN_TOKENS = [f"t{n}" for n in range(10)]


# --- passages.csv ---------------------------------------------------------------------------------


def test_a_passage_whose_section_is_not_its_ids_is_named_with_its_row_and_id():
    frame = passages(("1.1", "1", "0", "4"), ("2.1", "1", "5", "9"))
    assert check_passages(frame, TEN_TOKENS, {1, 2}) == [
        "data/passages.csv, row 2 (id 2.1): section 1 does not match the id",
    ]


def test_a_passage_in_a_section_that_sections_csv_lacks_is_named_with_its_row_and_id():
    frame = passages(("1.1", "1", "0", "4"), ("3.1", "3", "5", "9"))
    assert check_passages(frame, TEN_TOKENS, {1, 2}) == [
        "data/passages.csv, row 2 (id 3.1): section 3 is not in sections.csv",
    ]


def test_every_bad_passage_row_is_reported_not_only_the_first():
    """A malformed id, then a number that is not a number, then a wrong section: three rows, three
    problems (the check goes on after each)."""
    frame = passages(("one", "1", "0", "1"), ("1.2", "x", "2", "3"), ("2.3", "1", "4", "9"))
    assert check_passages(frame, TEN_TOKENS, {1, 2}) == [
        "data/passages.csv, row 1: passage id 'one' is not of the form S.N (e.g. 4.7, or 4.7a after a split)",
        "data/passages.csv, row 2 (id 1.2): section 'x' is not a whole number",
        "data/passages.csv, row 3 (id 2.3): section 1 does not match the id",
    ]


def test_a_gap_between_passages_names_token_numbers_as_whole_numbers():
    frame = passages(("1.1", "1", "0", "3"), ("1.2", "1", "6", "9"))
    assert check_passages(frame, TEN_TOKENS, {1}) == [
        "data/passages.csv, row 2 (id 1.2): gap: tokens 4..5 belong to no span (before span 1)",
    ]


def test_tokens_left_over_at_the_end_are_laid_at_the_last_passage():
    frame = passages(("1.1", "1", "0", "3"), ("1.2", "1", "4", "6"), ("1.3", "1", "7", "7"))
    assert check_passages(frame, TEN_TOKENS, {1}) == [
        "data/passages.csv, row 3 (id 1.3): gap: tokens 8..9 at the end belong to no span",
    ]


# --- narrative_notes.csv --------------------------------------------------------------------------


def test_an_empty_narrative_note_is_named_with_its_row_and_passage():
    frame = pd.DataFrame([("1.1", "1.2", "A note."), ("1.2", "1.1", "   ")], columns=["passage", "see", "note"])
    assert check_narrative_notes(frame, ["1.1", "1.2"]) == [
        "data/narrative_notes.csv, row 2: empty note at passage 1.2",
    ]


# --- glossary.csv ---------------------------------------------------------------------------------


def glossary(*rows):
    return pd.DataFrame(rows, columns=["id", "term", "variants", "definition", "source"])


def test_a_glossary_id_used_three_times_names_the_row_that_first_used_it():
    frame = glossary(
        ("G1", "mujahideen", "", "Fighters.", ""),
        ("G1", "Jamiat", "", "A party.", ""),
        ("G1", "Hezb", "", "A party.", ""),
    )
    assert check_glossary(frame, TEN_TOKENS, set()) == [
        "data/glossary.csv, row 2 (id G1): duplicate id: already used in row 1",
        "data/glossary.csv, row 3 (id G1): duplicate id: already used in row 1",
    ]


def test_a_definition_of_exactly_sixty_words_is_short_enough_and_sixty_one_is_not():
    frame = glossary(("G1", "one", "", " ".join(["w"] * 60), ""), ("G2", "two", "", " ".join(["w"] * 61), ""))
    assert check_glossary(frame, TEN_TOKENS, set()) == [
        "data/glossary.csv, row 2 (id G2): the definition has 61 words; at most 60",
    ]


# --- narrative_paragraphs.csv: where a new paragraph may start ---------------------------------------


def text_of(*rows):
    """Passages (id, kind) in the text's order, and the renderings of those that have one."""
    order = pd.DataFrame([(pid, kind) for pid, kind, _ in rows], columns=["id", "kind"])
    renderings = pd.DataFrame([(pid, r) for pid, _, r in rows if r is not None], columns=["passage", "rendering"])
    return order, renderings


def starts(*pids):
    return pd.DataFrame([(pid, "a topic") for pid in pids], columns=["passage", "topic"])


def test_a_paragraph_at_the_first_passage_of_all_is_already_one():
    order, renderings = text_of(("1.1", "body", "It began."), ("1.2", "body", "It ended."))
    assert check_paragraph_starts(starts("1.1"), order, renderings) == [
        "data/narrative_paragraphs.csv, row 1: passage 1.1 already starts a paragraph "
        "(it follows a heading or opens the text)",
    ]


def test_a_paragraph_after_a_passage_that_ends_a_sentence_is_allowed():
    order, renderings = text_of(("1.1", "heading", "Start"), ("1.2", "body", "It began."), ("1.3", "body", "Then."))
    assert check_paragraph_starts(starts("1.3"), order, renderings) == []


def test_a_paragraph_after_a_passage_with_no_rendering_would_break_a_sentence():
    order, renderings = text_of(("1.1", "heading", "Start"), ("1.2", "body", None), ("1.3", "body", "Then."))
    assert check_paragraph_starts(starts("1.3"), order, renderings) == [
        "data/narrative_paragraphs.csv, row 1: a paragraph at passage 1.3 would break a sentence: "
        "the rendering of 1.2 (renderings.csv) does not end one",
    ]
