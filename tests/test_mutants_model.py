"""Tests written for issue 26 (mutation testing): each pins a behaviour of the model that a mutant of
mutmut changed without any fast test noticing. Expected values are literals written from the
docstrings and the data, never computed by the code under test."""

import pandas as pd
import pytest

from edition.model.dates import date_words
from edition.model.edited import competing_explanation, evidence_words, explanation
from edition.model.entities import find_occurrences, occurrences, passages_of


@pytest.mark.parametrize(
    "date, words",
    [
        ("1989", "1989"),
        ("1989-03", "March 1989"),
        ("1989-03-05", "5 March 1989"),
        ("1988-05/1989-02", "May 1988 – February 1989"),
        ("1991-03/1991-04-11", "March 1991 – 11 April 1991"),
        ("1990~", "about 1990"),
        ("1992-04-10?", "10 April 1992 (uncertain)"),
        ("1988-05/1989-02~", "about May 1988 – February 1989"),
    ],
)
def test_a_date_is_written_as_a_reader_writes_it(date, words):
    assert date_words(date) == words


def test_a_date_outside_the_allowed_forms_is_written_as_it_stands():
    assert date_words("spring 1989") == "spring 1989"


# --- the tooltip of a place with competing readings (edition/model/edited.py) ---------------------------

TOKENS = ["the", "war", "ended"]
CITE = {"smith1990": "Smith 1990"}.__getitem__  # a bibliography key in author-and-year words
PREFERRED = dict(
    token=1,
    last_token=1,
    position="before",
    type="supplied",
    subtype="negation",
    reading="never",
    certainty="medium",
    evidence="smith1990",
    note="see A001",
    preferred=True,
)
A_GAP = dict(PREFERRED, type="gap", subtype="word", reading="", certainty="low", evidence="context", note="")
A_WORD = dict(PREFERRED, subtype="word", reading="always", certainty="low", evidence="rule", note="", preferred=False)
A_GAP["preferred"] = False


def test_every_competing_reading_is_one_line_the_preferred_first_the_alternatives_numbered():
    words = {"see A001": "see the note on Kabul", "": ""}.__getitem__
    assert competing_explanation([PREFERRED, A_GAP, A_WORD], TOKENS, CITE, words) == (
        "3 readings of this place (‡).\n"
        "Preferred: “never” (a negation) supplied by the editor: the preprocessing removed it. Certainty: medium. "
        "Evidence: Smith 1990. see the note on Kabul\n"
        "Alternative 1: Something (word) was lost in the preprocessing and not restored. Certainty: low. "
        "Evidence: the text itself.\n"
        "Alternative 2: “always” (word) supplied by the editor: the preprocessing removed it. Certainty: low. "
        "Evidence: a rule applied to every occurrence."
    )


def test_a_single_alternative_is_not_numbered_and_without_cite_or_words_the_ids_stand():
    assert competing_explanation([PREFERRED, A_GAP], TOKENS) == (
        "2 readings of this place (‡).\n"
        "Preferred: “never” (a negation) supplied by the editor: the preprocessing removed it. Certainty: medium. "
        "Evidence: smith1990. see A001\n"
        "Alternative: Something (word) was lost in the preprocessing and not restored. Certainty: low. "
        "Evidence: the text itself."
    )


def test_a_regularisation_names_the_received_words_and_their_regular_form():
    entry = dict(PREFERRED, token=0, last_token=1, type="regularisation", reading="The War", note="")
    assert explanation(entry, TOKENS) == (
        "“the war” regularised by the editor as “The War”. Certainty: medium. Evidence: smith1990."
    )


def test_a_preferred_reading_that_supplies_nothing_says_so():
    entry = dict(PREFERRED, type="none", subtype="", reading="", evidence="context", note="")
    assert explanation(entry, TOKENS) == (
        "Nothing supplied here: the words stand as received. Certainty: medium. Evidence: the text itself."
    )


THIS = "https://en.wikipedia.org/wiki/Afghan_Civil_War_(1989%E2%80%931992)"
JALALABAD = "https://web.archive.org/web/2019/https://en.wikipedia.org/wiki/Battle_of_Jalalabad_(1989)"


@pytest.mark.parametrize(
    "evidence, words",
    [
        (f"witness:{THIS}", "a copy of this article (en.wikipedia.org)"),
        (f"revision:{THIS}", "a copy of an earlier revision of this article (en.wikipedia.org)"),
        (
            f"parallel:{JALALABAD}",
            "a parallel text, a copy of another article (Battle of Jalalabad (1989), web.archive.org)",
        ),
        ("rule", "a rule applied to every occurrence"),
        ("context", "the text itself"),
        ("smith1990", "Smith 1990"),
        # a kind without an address is not a copy: it is read as a bibliography key
        ("witness:none", "witness:none"),
        ("revision:none", "revision:none"),
        ("parallel:none", "parallel:none"),
        ("http://example.org/x", "http://example.org/x"),
    ],
)
def test_evidence_is_written_in_words(evidence, words):
    assert evidence_words(evidence, lambda key: {"smith1990": "Smith 1990"}.get(key, key)) == words


def test_without_cite_a_bibliography_key_stands_as_it_is():
    assert evidence_words("smith1990") == "smith1990"


# --- the index: longest variant first (edition/model/entities.py) ---------------------------------------


def test_the_longest_variant_wins_so_the_party_is_not_the_man():
    entities = pd.DataFrame(
        [
            {"id": "gulbuddin", "variants": "gulbuddin|hekmatyar"},
            {"id": "hezb-i-islami", "variants": "hezb islami gulbuddin| hezb islami"},
            {"id": "haqqani", "variants": "haqqani"},
            {"id": "haqqani-network", "variants": "haqqani network|"},
        ]
    )
    tokens = "gulbuddin of hezb islami gulbuddin and haqqani network met haqqani".split()
    found = find_occurrences(tokens, entities)
    assert found.to_dict("records") == [
        {"entity": "gulbuddin", "first_token": 0, "last_token": 0},
        {"entity": "hezb-i-islami", "first_token": 2, "last_token": 4},
        {"entity": "haqqani-network", "first_token": 6, "last_token": 7},
        {"entity": "haqqani", "first_token": 9, "last_token": 9},
    ]
    assert list(found.index) == [0, 1, 2, 3]  # numbered in text order, not in the order they were found
    nothing = find_occurrences(["kabul"], entities)
    assert nothing.empty and list(nothing.columns) == ["entity", "first_token", "last_token"]


class TwoPassages:
    """A stand-in edition: passage 1.1 holds tokens 0–4, passage 1.2 the rest."""

    tokens = "gulbuddin met haqqani in kabul ; haqqani and gulbuddin left".split()
    entities = pd.DataFrame([{"id": "gulbuddin", "variants": "gulbuddin"}, {"id": "haqqani", "variants": "haqqani"}])

    def passage_of_token(self, i):
        return "1.1" if i <= 4 else "1.2"


def test_the_passages_of_an_entity_are_listed_once_each_in_text_order():
    edition = TwoPassages()
    assert passages_of(edition, "haqqani") == ["1.1", "1.2"]
    assert passages_of(edition, "gulbuddin") == ["1.1", "1.2"]
    assert passages_of(edition, "dostum") == []
    assert occurrences(edition)["passage"].tolist() == ["1.1", "1.1", "1.2", "1.2"]
    assert occurrences(edition) is occurrences(edition)  # computed once per loaded edition


def test_a_work_is_cited_by_its_authors_surname_and_year(edition):
    # data/references.bib: @book{maley2002, author = {Maley, William}, … year 2002}
    assert edition.cite_label("maley2002") == "Maley 2002"
