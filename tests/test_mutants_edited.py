"""Tests written for issue 26 after the sampled mutation run over the model: the edited text's sigla,
its reading line and its competing readings, and the names of a citation file. Expected values are
literals read off the apparatus (data/apparatus.csv, data/alternatives.csv) by hand, or counted here
from those tables, never computed by the code under test."""

import csv

import pytest
from helpers import ROOT

from edition.model.citation import Name, cff_names
from edition.model.edited import competing_readings, reading_text, siglum


def rows(name):
    with (ROOT / "data" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def records(edition):
    """Apparatus rows as the model gives them (with their last token), by id."""
    return {r["id"]: r for p in edition.passages for r in edition.apparatus_records(p.id)}


@pytest.fixture(scope="module")
def passage(edition):
    return {p.id: p for p in edition.passages}.__getitem__


@pytest.mark.parametrize(
    "entry, competing, mark",
    [
        ("A001", False, "⟨after⟩"),  # supplied, high: no question mark
        ("A011", False, "⟨seven?⟩"),  # supplied, medium
        ("A500", False, "[…]"),  # a gap
        ("A432", False, ""),  # the preferred reading at 4.31 supplies nothing: no mark of its own
        ("A001", True, "⟨after?⟩"),  # any supply with a competing reading is marked uncertain
    ],
)
def test_a_reading_on_its_own_is_marked_with_its_siglum(records, entry, competing, mark):
    assert siglum(records[entry], competing=competing) == mark


def test_the_reading_line_shows_nothing_where_nothing_is_supplied(edition, passage):
    """¶ 4.31: the preferred reading supplies no "not" before "unsympathetic" (A432), so the line has
    no mark and no empty place there; "wa" and "ax" are read as "was" and "axes"."""
    assert reading_text(edition, passage("4.31")) == (
        "1990 was definite loose pair competing axes – promoted pakistan including hekmatyar mujahidin "
        "leader khalis jalaluddin haqqani mujahideen leader unsympathetic hekmatyar"
    )


def test_a_span_with_one_alternative_is_listed_with_both_readings_the_preferred_first(edition, passage):
    (span,) = competing_readings(edition, passage("2.13"))
    assert (span["entry"], span["token"], span["position"]) == ("A011", 304, "before")
    assert [(r["id"], r["preferred"], r["type"], r["reading"]) for r in span["readings"]] == [
        ("A011", True, "supplied", "seven"),
        ("V101", False, "none", ""),
    ]


def test_every_span_of_a_passage_with_alternatives_is_listed_with_all_its_readings(edition, passage):
    """¶ 8.14 has three spans with alternatives, one of them with two; counted here from the tables."""
    others = {}
    for alternative in rows("alternatives.csv"):
        others[alternative["entry"]] = others.get(alternative["entry"], 0) + 1
    expected = [
        (r["id"], 1 + others[r["id"]]) for r in rows("apparatus.csv") if r["passage"] == "8.14" and r["id"] in others
    ]
    assert len(expected) == 3 and sorted(n for _, n in expected) == [2, 2, 3]
    assert [(s["entry"], len(s["readings"])) for s in competing_readings(edition, passage("8.14"))] == expected


def test_a_person_in_a_citation_file_keeps_family_and_given_names_and_a_body_its_name():
    assert cff_names([{"family-names": "Maley", "given-names": "William"}, {"name": "The editors"}]) == (
        Name(family="Maley", given="William"),
        Name(literal="The editors"),
    )
    assert cff_names([{"family-names": "Maley"}]) == (Name(family="Maley", given=""),)
    assert cff_names(None) == ()


# --- the marks in words, for screen readers ------------------------------------------------------------


@pytest.fixture(scope="module")
def unit_of(edition, passage):
    """The unit of the edited text that apparatus row ``entry`` makes, in its passage."""
    from edition.model.edited import units

    def find(pid, entry):
        (unit,) = [u for u in units(edition, passage(pid)) if u.entry and u.entry["id"] == entry]
        return unit

    return find


@pytest.mark.parametrize(
    "pid, entry, words",
    [
        ("1.1", "A001", "after, supplied by the editors, high certainty"),
        ("2.13", "A011", "seven, supplied by the editors, medium certainty, another reading recorded"),
        ("4.16", "A054", "no, a negation supplied by the editors, medium certainty, another reading recorded"),
        ("2.9", "A008", "lost in the source: a number, not restored"),
        ("8.14", "A500", "lost in the source: a word or words, not restored"),
        ("4.31", "A432", "another reading recorded here"),
    ],
)
def test_a_mark_is_spoken_in_words(unit_of, pid, entry, words):
    from edition.model.edited import spoken

    assert spoken(unit_of(pid, entry)) == words


def test_the_explanation_of_competing_readings_cites_works_and_puts_ids_in_words(unit_of, edition):
    """¶ 2.13: "seven" (A011) or nothing (V101); ``cite`` and ``words`` reach every line."""
    from edition.model.edited import explain

    unit = unit_of("2.13", "A011")
    assert len(unit.readings) == 2
    text = explain(unit, edition.tokens, cite=lambda key: f"<{key}>", words=lambda note: note and "NOTE")
    lines = text.split("\n")
    assert lines[0] == "2 readings of this place (‡)."
    assert lines[1].startswith("Preferred: “seven” (number)") and lines[1].endswith(" NOTE")
    assert lines[2].startswith("Alternative: Nothing supplied here") and lines[2].endswith(" NOTE")


# --- a table's problems, as the editor reads them ------------------------------------------------------


def test_the_problems_of_bad_data_are_shown_one_a_line_and_after_25_counted():
    from edition.model.files import EditionDataError

    assert str(EditionDataError(["data/a.csv, row 1: x", "data/b.csv: y"])) == (
        "the edition's data is not valid:\n  data/a.csv, row 1: x\n  data/b.csv: y"
    )
    many = str(EditionDataError([f"p{n}" for n in range(27)])).split("\n  ")
    assert many[1:] == [f"p{n}" for n in range(25)] + ["… and 2 more"]


def test_a_citation_holding_a_private_use_character_is_refused_in_words():
    from edition.model.citation import render_csl

    with pytest.raises(ValueError) as refused:
        render_csl({"id": "x", "type": "book", "title": "A \ue000 title"}, "apa", "bibliography")
    assert str(refused.value) == "a citation's data holds a character of Unicode's private use area"


def test_the_spacing_rule_looks_at_the_first_unit_of_a_name_that_follows():
    """A name whose last unit is a mark that sticks to the word before it (a preferred reading of type
    none, after its token) is still spaced from the word before the name: only the name's first unit
    counts on that side (made-up units; the rule is ``separators``)."""
    from edition.model.edited import Name, Unit, separators

    word = Unit("token", "troop", 1, 1)
    name = Name("x", "person", 2, 3, (Unit("token", "sayyid", 2, 2), Unit("none", "", 3, 3, "after", {}, ())))
    assert separators([word, name]) == ["", " "]
