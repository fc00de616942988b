"""One fact, one statement: every event's EDTF date agrees with the date words of its own span.

The date words of a span are its month names and the digit tokens that numerals.csv marks as
dates: four-digit years (and year ranges such as ``1989–1992`` or ``1987–89``, decades such as
``1980s``) and day numbers. An end of the event's date agrees with the words when, for each kind
of word the span has (years, months, days), the part of that end is one of them, or the end does
not state that part. A single date must agree; an interval must have at least one end that agrees
(the other may rest on a cited work: ¶ 9.8's "october 2001" begins the overthrow of the Taliban
that ended in December). A date less precise than its words is not a disagreement; a date that
says another year, month or day than its own words is.
"""

from __future__ import annotations

import re

import pytest

MONTHS = {
    name: number
    for number, name in enumerate(
        "january february march april may june july august september october november december".split(), start=1
    )
}


def date_words(edition, first: int, last: int) -> tuple[set[int], set[int], set[int]]:
    """(years, months, days) named by the tokens first..last."""
    date_tokens = set(edition.numerals.loc[edition.numerals["role"] == "date", "token"])
    years, months, days = set(), set(), set()
    for i in range(first, last + 1):
        token = edition.tokens[i]
        if i in date_tokens:
            parts = token.split("–")
            for k, part in enumerate(parts):
                if re.fullmatch(r"[0-9]{4}", part):
                    years.add(int(part))
                elif re.fullmatch(r"[0-9]{4}s", part):
                    years |= set(range(int(part[:4]), int(part[:4]) + 10))
                elif k and re.fullmatch(r"[0-9]{2}", part) and re.fullmatch(r"[0-9]{4}", parts[0]):
                    years.add(int(parts[0][:2] + part))  # 1987–89
                elif re.fullmatch(r"[0-9]{1,2}", part) and 1 <= int(part) <= 31:
                    days.add(int(part))
            continue
        for part in token.split("–"):  # may–june
            if part not in MONTHS:
                continue
            # "march" is also a verb (¶ 8.8: he would march on Kabul): a month only beside a date number.
            if part == "march" and not ({i - 1, i + 1} & date_tokens):
                continue
            months.add(MONTHS[part])
    return years, months, days


def endpoints(date: str) -> list[tuple[int, int | None, int | None]]:
    """The stated ends of an EDTF date or interval, qualifiers dropped; open ends left out."""
    out = []
    for end in date.rstrip("?~").split("/"):
        end = end.rstrip("?~")
        if end in ("", ".."):
            continue
        parts = [int(p) for p in end.split("-")]
        out.append((parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None))
    return out


def disagreements(edition) -> list[str]:
    found = []
    for record in edition.events.to_dict("records"):
        years, months, days = date_words(edition, record["first_token"], record["last_token"])
        words = " ".join(edition.tokens[record["first_token"] : record["last_token"] + 1])
        ends = []
        for year, month, day in endpoints(record["date"]):
            wrong = []
            if years and year not in years:
                wrong.append(f"year {year} (the words give {sorted(years)})")
            if months and month is not None and month not in months:
                wrong.append(f"month {month} (the words give {sorted(months)})")
            if days and day is not None and day not in days:
                wrong.append(f"day {day} (the words give {sorted(days)})")
            ends.append(wrong)
        if ends and all(ends):
            wrong = "; ".join(", ".join(end) for end in ends)
            found.append(f"{record['id']} ¶ {record['passage']} date {record['date']}: {wrong} — '{words}'")
    return found


# Rows whose date is meant to differ from the date words of their span, each with the reason its note
# gives. The list must match exactly: a new disagreement fails, and so does one that has gone away.
DATED_AGAINST_THEIR_WORDS = {
    "E014": "the span's 1979 dates the invasion it condemns; the General Assembly resolution is of January 1980",
}


def test_every_event_date_agrees_with_the_date_words_of_its_span(edition):
    found = {line.split()[0]: line for line in disagreements(edition)}
    unexplained = [line for row_id, line in found.items() if row_id not in DATED_AGAINST_THEIR_WORDS]
    assert not unexplained, "events dated against their own words:\n  " + "\n  ".join(unexplained)
    assert set(found) == set(DATED_AGAINST_THEIR_WORDS), "an exception no longer needed: " + str(
        set(DATED_AGAINST_THEIR_WORDS) - set(found)
    )
    notes = edition.events.set_index("id")["note"]
    for row_id in DATED_AGAINST_THEIR_WORDS:
        assert notes[row_id], f"{row_id} differs from its words, and its note must say why"


# --- the check itself catches what it should -----------------------------------------------------------


@pytest.fixture
def first_dated_event(edition):
    """E001, the Soviet withdrawal: '15 february 1989'."""
    record = edition.events.set_index("id").loc["E001"]
    assert date_words(edition, record["first_token"], record["last_token"]) == ({1989}, {2}, {15})
    return record


@pytest.mark.parametrize(
    "date, flagged",
    [
        ("1989-02-15", False),
        ("1989", False),
        ("1989-02", False),
        ("1989-02-15?", False),
        ("1989-02-16", True),
        ("1989-03", True),
        ("1990", True),
        ("1988/1989-03-15", True),
        ("../1989-02-15", False),
        ("1989-02-15/1989-04", False),
        ("1989-03/1989-04", True),
    ],
)
def test_a_wrong_year_month_or_day_is_flagged(edition, first_dated_event, date, flagged):
    edited = edition.events.copy()
    edited.loc[edited["id"] == "E001", "date"] = date

    class Edited:
        events, numerals, tokens = edited, edition.numerals, edition.tokens

    assert any(line.startswith("E001 ") for line in disagreements(Edited)) == flagged


def test_month_names_and_ranges_are_read_as_date_words(edition):
    where = {token: i for i, token in enumerate(edition.tokens)}
    assert date_words(edition, where["may–june"], where["may–june"])[1] == {5, 6}
    verb = next(i for i, t in enumerate(edition.tokens) if t == "march" and edition.tokens[i + 1] == "kabul")
    assert date_words(edition, verb, verb) == (set(), set(), set())
    assert date_words(edition, where["1987–89"], where["1987–89"])[0] == {1987, 1989}
