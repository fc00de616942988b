"""Tests written for issue 26 (mutation testing): each pins a behaviour of the checks that a mutant of
mutmut changed without any fast test noticing. Expected values are literals written from the
docstrings and the messages the editors read, never computed by the code under test."""

import pytest

from edition.checks.evidence import article_title, evidence_problem
from edition.checks.problems import problem
from edition.checks.readings import describe, span_label


@pytest.mark.parametrize(
    "position, label",
    [
        ("before", "passage 4.24, before token 1291"),
        ("after", "passage 4.24, after token 1291"),
        ("replace", "passage 4.24, replacing token 1291"),
    ],
)
def test_a_span_is_named_by_its_passage_position_and_token(position, label):
    assert span_label({"passage": "4.24", "token": 1291, "position": position}) == label


@pytest.mark.parametrize(
    "record, words",
    [
        ({"type": "none", "reading": ""}, "nothing supplied"),
        ({"type": "gap", "reading": ""}, "a gap"),
        ({"type": "supplied", "reading": "never"}, "'never'"),
        ({"type": "regularisation", "reading": "Kabul"}, "'Kabul'"),
    ],
)
def test_a_reading_is_described_in_words_in_a_problem(record, words):
    assert describe(record) == words


@pytest.mark.parametrize(
    "row, row_id, where",
    [
        (5, "2.3", "data/passages.csv, row 5 (id 2.3)"),
        (5, None, "data/passages.csv, row 5"),
        (None, "2.3", "data/passages.csv (id 2.3)"),
        (None, None, "data/passages.csv"),
    ],
)
def test_a_problem_names_the_file_the_row_and_the_id(row, row_id, where):
    assert problem("passages.csv", row, "a gap", row_id) == f"{where}: a gap"


@pytest.mark.parametrize(
    "url, title",
    [
        ("https://en.wikipedia.org/wiki/Battle_of_Jalalabad_(1989)", "Battle of Jalalabad (1989)"),
        ("https://en.wikipedia.org/wiki/Battle_of_Jalalabad_(1989)/", "Battle of Jalalabad (1989)"),
        ("https://en.wikipedia.org/wiki/Afghan_Civil_War_(1989%E2%80%931992)", "Afghan Civil War (1989–1992)"),
    ],
)
def test_a_copy_is_named_by_the_article_its_address_names(url, title):
    assert article_title(url) == title


def test_rule_and_context_are_evidence_at_any_certainty_and_a_copy_needs_an_address():
    assert evidence_problem("rule", "high", set()) is None
    assert evidence_problem("context", "high", set()) is None
    assert evidence_problem("witness:not-a-url", "low", set()) == (
        "evidence 'witness:not-a-url' is not a references.bib key, 'rule', 'context', 'witness:URL', "
        "'revision:URL' or 'parallel:URL'"
    )
