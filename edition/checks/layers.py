"""Layers that restate one another must agree: where a table says again what another decides, the
loader checks it, by the rules written once in the introduction (*Figures*, *The plain-English
rendering*).

- **Figure status** (``figures.csv``): a number word the editors supply (``apparatus.csv``, type
  ``supplied``, subtype ``number``, at a token of the figure's span) makes the figure ``restored``
  when that supply is of high certainty with no competing reading, and ``lost`` otherwise; without
  such a supply, a value written in digits is ``stated``, one written in words ``stated_in_words``,
  and anything else ``lost``. :func:`figure_status` is that rule; the typed status must equal it.
- **Rendering marks** (``renderings.csv``): no more ``[…]`` than the passage has gaps in the
  apparatus; every ``⟨X?⟩`` is a supply of that passage whose certainty is below high or which has
  a competing reading (X its reading, case and a trailing hyphen aside), and every such supply is
  marked so: one meaning of "?" in the reading view and the rendering alike.
- **Dates** (``events.csv``): every full date written in an event's own text ("15 February 1989")
  lies within the event's EDTF date. (The pairs compared are these; the agreement of the notes
  with the tables is for the review, which the loader cannot read.)
"""

from __future__ import annotations

import re

import pandas as pd

from edition.checks.problems import problem
from edition.checks.spans import WORDS_FOR_NUMBERS, numbers_written
from edition.model.dates import edtf_bounds

MARK = re.compile(r"⟨([^⟩]*)\?⟩")
GAP = "[…]"
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
FULL_DATE = re.compile(rf"\b([0-9]{{1,2}}) ({'|'.join(MONTHS)}) ([0-9]{{4}})\b")


def _competing(alternatives: pd.DataFrame) -> set[str]:
    return set(alternatives["entry"]) if len(alternatives) else set()


def _words(text: str) -> str:
    return " ".join(text.lower().rstrip("-").replace("-", " ").split())


def figure_status(record: dict, apparatus: pd.DataFrame, competing: set[str]) -> tuple[str, str]:
    """The status the rule gives a figure row, and why (the apparatus row it rests on, if any)."""
    first, last = int(record["first_token"]), int(record["last_token"])
    supplies = [
        r
        for r in apparatus.to_dict("records")
        if r["type"] == "supplied" and r["subtype"] == "number" and first <= int(r["token"]) <= last
    ]
    if supplies:
        weak = [r for r in supplies if r["certainty"] != "high" or r["id"] in competing]
        if weak:
            r = weak[0]
            why = f"{r['id']} supplies the number at {r['certainty']} certainty" + (
                " with a competing reading" if r["id"] in competing else ""
            )
            return "lost", why
        return "restored", f"{supplies[0]['id']} supplies the number at high certainty"
    written = str(record["value_as_written"])
    if any(character.isdigit() for character in written):
        return "stated", "the value is written in digits"
    if numbers_written(written) or set(written.lower().split()) & WORDS_FOR_NUMBERS:
        return "stated_in_words", "the value is written in words"
    return "lost", "no number is written or supplied"


def check_figure_status(figures: pd.DataFrame, apparatus: pd.DataFrame, alternatives: pd.DataFrame) -> list[str]:
    problems = []
    competing = _competing(alternatives)
    for row, record in enumerate(figures.to_dict("records"), start=1):
        status, why = figure_status(record, apparatus, competing)
        if record["status"] != status:
            problems.append(
                problem(
                    "figures.csv",
                    row,
                    f"status {record['status']!r}, but the rule of the introduction gives {status!r} ({why})",
                    record["id"],
                )
            )
    return problems


def check_rendering_marks(renderings: pd.DataFrame, apparatus: pd.DataFrame, alternatives: pd.DataFrame) -> list[str]:
    problems = []
    competing = _competing(alternatives)
    by_passage: dict[str, list[dict]] = {}
    for r in apparatus.to_dict("records"):
        by_passage.setdefault(r["passage"], []).append(r)
    for row, record in enumerate(renderings.to_dict("records"), start=1):
        pid, text = record["passage"], record["rendering"]
        rows = by_passage.get(pid, [])
        gaps = sum(r["type"] == "gap" for r in rows)
        if text.count(GAP) > gaps:
            problems.append(
                problem(
                    "renderings.csv",
                    row,
                    f"the rendering of {pid} marks {text.count(GAP)} losses […] "
                    f"but the apparatus records {gaps} gap(s) in the passage",
                )
            )
        uncertain = {
            _words(r["reading"]): r
            for r in rows
            if r["type"] == "supplied" and (r["certainty"] != "high" or r["id"] in competing)
        }
        for mark in MARK.findall(text):
            if _words(mark) not in uncertain:
                problems.append(
                    problem(
                        "renderings.csv",
                        row,
                        f"⟨{mark}?⟩ in the rendering of {pid} is no supply of "
                        f"the passage below high certainty or with a competing reading",
                    )
                )
        marked = {_words(mark) for mark in MARK.findall(text)}
        for r in uncertain.values():
            if _words(r["reading"]) not in marked:
                why = f"{r['certainty']} certainty" + (", with a competing reading" if r["id"] in competing else "")
                problems.append(
                    problem(
                        "renderings.csv",
                        row,
                        f"the uncertain supply {r['id']} ({r['reading']!r}, {why}) is not marked "
                        f"⟨{r['reading'].rstrip('-')}?⟩ in the rendering of {pid}",
                    )
                )
    return problems


def check_event_dates(events: pd.DataFrame) -> list[str]:
    problems = []
    for row, record in enumerate(events.to_dict("records"), start=1):
        try:
            start, end = edtf_bounds(record["date"])
        except ValueError as error:
            problems.append(problem("events.csv", row, f"date: {error}", record["id"]))
            continue
        for day, month, year in FULL_DATE.findall(record["event"]):
            iso = f"{year}-{MONTHS.index(month) + 1:02d}-{int(day):02d}"
            if not start <= iso <= end:
                problems.append(
                    problem(
                        "events.csv",
                        row,
                        f"the event's text names {day} {month} {year}, outside its "
                        f"date {record['date']} ({start} to {end})",
                        record["id"],
                    )
                )
    return problems
