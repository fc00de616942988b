"""The data package: schema, cross-checks against the source, and what the tables must account for."""

import re

from helpers import ROOT

from edition.model.edition import frictionless_problems
from edition.model.text import has_digit


def test_the_data_package_validates_against_its_schema():
    assert frictionless_problems(ROOT / "data") == []


def test_every_digit_bearing_token_is_in_numerals_once(edition):
    digit_tokens = [i for i, token in enumerate(edition.tokens) if has_digit(token)]
    assert len(digit_tokens) == 160
    assert sorted(edition.numerals["token"]) == digit_tokens


def test_every_quantity_numeral_is_used_by_a_figure_that_contains_it(edition):
    figures = edition.figures.set_index("id")
    quantities = edition.numerals[edition.numerals["role"] == "quantity"].to_dict("records")
    assert len(quantities) > 30
    for record in quantities:
        assert record["row"].startswith("F"), record
        figure = figures.loc[record["row"]]
        assert figure["first_token"] <= record["token"] <= figure["last_token"]


def test_every_date_numeral_of_the_narrative_is_used_by_an_event_but_a_heading_s(edition):
    """A date in the narrative dates an event of the chronology; a date in a heading of the source
    names the period of a section, and no event (the 0.3.0 correction C700–C707)."""
    events = edition.events.set_index("id")
    narrative_end = next(p for p in edition.passages if p.text == "reference bibliography").first_token
    dates = edition.numerals[edition.numerals["role"] == "date"].to_dict("records")
    assert sum(record["token"] < narrative_end for record in dates) > 10
    in_headings = [r for r in dates if edition.by_id[edition.passage_of_token(r["token"])].is_heading]
    assert len(in_headings) >= 5 and all(r["row"] == "" for r in in_headings), in_headings
    for record in dates:
        if record["token"] >= narrative_end or record in in_headings:
            continue  # publication years of the reference list; the years of a heading
        assert record["row"].startswith("E"), record
        event = events.loc[record["row"]]
        assert event["first_token"] <= record["token"] <= event["last_token"]


def test_split_thousands_are_read_as_one_number(edition):
    """75 000 in the source is one figure, 75,000, not 75 and 0."""
    soviet = edition.figures[edition.figures["value_as_written"] == "75 000"].iloc[0]
    assert soviet["best"] == 75_000
    jalalabad = edition.figures[edition.figures["value_as_written"] == "12 000–15 000"].iloc[0]
    assert (jalalabad["low"], jalalabad["high"]) == (12_000, 15_000) and jalalabad["status"] == "stated"


def test_lost_numbers_are_recorded_as_lost_and_never_filled(edition):
    lost = edition.figures[edition.figures["status"] == "lost"]
    assert len(lost) >= 5  # tanks, artillery pieces, the aid in billions, months, weeks …
    assert lost[["low", "best", "high"]].isna().all().all()
    assert {"tanks", "artillery pieces"} <= set(lost["measure"])
    restored = edition.figures[edition.figures["status"] == "restored"]
    assert restored["source"].isin(edition.bibliography_keys).all()


def test_events_have_edtf_dates_inside_the_narrative(edition):
    assert len(edition.events) >= 50
    for record in edition.events.to_dict("records"):
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?[?~]?", record["date"]), record["id"]
        passage = edition.by_id[record["passage"]]
        assert passage.first_token <= record["first_token"] <= record["last_token"] <= passage.last_token
