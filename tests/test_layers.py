"""Layers that restate one another cannot disagree (edition/checks/layers.py): each rule, with the
problem it reports on bad input, on small hand-made tables."""

import pandas as pd

from edition.checks.layers import check_event_dates, check_figure_status, check_rendering_marks, figure_status

APPARATUS = pd.DataFrame(
    [
        dict(id="A1", passage="1.1", token="3", type="supplied", subtype="number", reading="seven", certainty="medium"),
        dict(id="A2", passage="1.1", token="9", type="supplied", subtype="number", reading="three", certainty="high"),
        dict(id="A3", passage="1.1", token="12", type="gap", subtype="number", reading="", certainty="high"),
        dict(id="A4", passage="1.2", token="20", type="supplied", subtype="negation", reading="not", certainty="low"),
        dict(id="A5", passage="1.2", token="22", type="supplied", subtype="word", reading="Seven-", certainty="high"),
    ]
)
NO_ALTERNATIVES = pd.DataFrame(columns=["id", "entry"])


def figure(first, last, written, status="stated"):
    return dict(id="F1", first_token=str(first), last_token=str(last), value_as_written=written, status=status)


def test_a_figure_supplied_below_high_certainty_is_lost():
    assert figure_status(figure(2, 4, "group"), APPARATUS, set()) == (
        "lost",
        "A1 supplies the number at medium certainty",
    )


def test_a_figure_supplied_at_high_certainty_is_restored_unless_a_reading_competes():
    assert figure_status(figure(8, 10, "group"), APPARATUS, set())[0] == "restored"
    assert figure_status(figure(8, 10, "group"), APPARATUS, {"A2"}) == (
        "lost",
        "A2 supplies the number at high certainty with a competing reading",
    )


def test_a_figure_without_a_supply_is_stated_in_digits_or_words_or_lost():
    assert figure_status(figure(11, 13, "4 000"), APPARATUS, set())[0] == "stated"  # a gap in the span changes nothing
    assert figure_status(figure(30, 31, "hundred"), APPARATUS, set())[0] == "stated_in_words"
    assert figure_status(figure(30, 31, "group"), APPARATUS, set())[0] == "lost"


def test_a_typed_status_that_the_rule_does_not_give_is_named():
    figures = pd.DataFrame([figure(2, 4, "group", status="restored")])
    assert check_figure_status(figures, APPARATUS, NO_ALTERNATIVES) == [
        "data/figures.csv, row 1 (id F1): status 'restored', but the rule of the introduction gives 'lost' "
        "(A1 supplies the number at medium certainty)"
    ]


def renderings(**by_passage):
    return pd.DataFrame([dict(passage=pid[1:].replace("_", "."), rendering=text) for pid, text in by_passage.items()])


def test_rendering_marks_that_agree_with_the_apparatus_pass():
    assert (
        check_rendering_marks(
            renderings(p1_1="⟨seven?⟩ groups, three of them, and […]", p1_2="it was ⟨not?⟩ so; ⟨Seven?⟩-Party"),
            APPARATUS,
            pd.DataFrame([dict(id="V1", entry="A5")]),
        )
        == []
    )


def test_a_loss_the_apparatus_does_not_record_is_named():
    assert check_rendering_marks(renderings(p1_2="it was ⟨not?⟩ […]"), APPARATUS, NO_ALTERNATIVES) == [
        "data/renderings.csv, row 1: the rendering of 1.2 marks 1 losses […] but the apparatus records 0 gap(s) "
        "in the passage"
    ]


def test_an_uncertain_mark_without_an_uncertain_supply_is_named():
    assert check_rendering_marks(renderings(p1_2="it was ⟨not?⟩, ⟨Seven?⟩-Party"), APPARATUS, NO_ALTERNATIVES) == [
        "data/renderings.csv, row 1: ⟨Seven?⟩ in the rendering of 1.2 is no supply of the passage below high "
        "certainty or with a competing reading"
    ]


def test_an_uncertain_supply_left_unmarked_is_named():
    assert check_rendering_marks(renderings(p1_2="it was not so"), APPARATUS, NO_ALTERNATIVES) == [
        "data/renderings.csv, row 1: the uncertain supply A4 ('not', low certainty) is not marked ⟨not?⟩ in the "
        "rendering of 1.2"
    ]
    assert check_rendering_marks(
        renderings(p1_1="seven groups, three of them, and […]"), APPARATUS, NO_ALTERNATIVES
    ) == [
        "data/renderings.csv, row 1: the uncertain supply A1 ('seven', medium certainty) is not marked ⟨seven?⟩ in "
        "the rendering of 1.1"
    ]


def test_an_event_whose_text_names_a_day_outside_its_date_is_named():
    events = pd.DataFrame(
        [
            dict(id="E1", date="1989-02", event="The last troops left on 15 February 1989."),
            dict(id="E2", date="1992-04", event="Kabul fell on 28 March 1992."),
            dict(id="E3", date="1992-13", event="A month that does not exist."),
        ]
    )
    assert check_event_dates(events) == [
        "data/events.csv, row 2 (id E2): the event's text names 28 March 1992, outside its date 1992-04 "
        "(1992-04-01 to 1992-04-30)",
        "data/events.csv, row 3 (id E3): date: month 13 does not exist",
    ]


def test_an_earlier_revision_of_the_article_may_carry_medium_certainty_but_not_high():
    from edition.checks.evidence import evidence_problem

    url = "revision:https://en.academic.ru/dic.nsf/enwiki/3349428"
    assert evidence_problem(url, "medium", set()) is None
    assert evidence_problem(url, "high", set()) == (
        "an earlier revision of the article alone cannot carry 'high' certainty (the revision the source copies "
        "may have changed the words): lower it, or cite a witness or a work"
    )
    assert "is not a references.bib key" in evidence_problem("revision:not-a-url", "low", set())
