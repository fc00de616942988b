"""Competing readings: one preferred reading per span in ``apparatus.csv``, the others in
``alternatives.csv``, each naming its entry.

A *span* of the hand-made apparatus is a passage, a token and a position: the place just before
or just after one token (or the token itself, for a replacement). Two rows on the same span are
two readings of one place, and only one of them may stand in apparatus.csv (the preferred one);
the others go to alternatives.csv. "After token t" and "before token t+1" are different spans even
though they touch the same gap between words: they are read in sequence, not as rivals (¶ 8.14:
⟨Dostum⟩ after ``rashid``, then the lost first word of a party name before ``islami``).
"""

from __future__ import annotations

import re

import pandas as pd

from edition.checks.evidence import evidence_problems
from edition.checks.problems import problem


def span_label(record: dict) -> str:
    where = "replacing" if record["position"] == "replace" else record["position"]
    return f"passage {record['passage']}, {where} token {record['token']}"


def competing_spans(apparatus: pd.DataFrame) -> list[str]:
    """Exactly one preferred reading per span: two hand-made rows supplying or gapping at the same
    place compete (replacements are checked by check_apparatus: one per token)."""
    problems, first = [], {}
    for row, record in enumerate(apparatus.to_dict("records"), start=1):
        if record["position"] not in ("before", "after"):
            continue
        key = (record["passage"], record["token"], record["position"])
        if key in first:
            problems.append(
                problem(
                    "apparatus.csv",
                    row,
                    f"{record['id']} and {first[key]} compete for the same span "
                    f"({span_label(record)}): only one reading is preferred; keep it here and record "
                    f"the other in data/alternatives.csv with entry {first[key]}",
                    record["id"],
                )
            )
        else:
            first[key] = record["id"]
    return problems


def same_reading(a: dict, b: dict) -> bool:
    return a["type"] == b["type"] and a["reading"].strip().casefold() == b["reading"].strip().casefold()


def describe(record: dict) -> str:
    if record["type"] == "none":
        return "nothing supplied"
    if record["type"] == "gap":
        return "a gap"
    return repr(record["reading"])


def check_alternatives(frame: pd.DataFrame, apparatus: pd.DataFrame, bib: set[str]) -> list[str]:
    """Each alternative names a hand-made apparatus row (its preferred reading), differs from it and
    from the other alternatives of that span, is well formed for its type and cites valid evidence."""
    problems = []
    entries = {r["id"]: r for r in apparatus.to_dict("records")}
    seen: dict[str, list[dict]] = {}
    for row, record in enumerate(frame.to_dict("records"), start=1):
        vid, entry_id, kind = record["id"], record["entry"], record["type"]
        if kind == "supplied" and not record["reading"]:
            problems.append(problem("alternatives.csv", row, "a supplied reading needs its words", vid))
        if kind in ("gap", "none") and record["reading"]:
            problems.append(
                problem("alternatives.csv", row, f"a {kind} reading has no words (leave 'reading' empty)", vid)
            )
        entry = entries.get(entry_id)
        if entry is None:
            problems.append(problem("alternatives.csv", row, entry_problem(entry_id), vid))
            continue
        if same_reading(record, entry):
            problems.append(
                problem(
                    "alternatives.csv",
                    row,
                    f"the alternative is the same reading ({describe(record)}) as its preferred reading {entry_id}",
                    vid,
                )
            )
        for other in seen.get(entry_id, []):
            if same_reading(record, other):
                problems.append(
                    problem(
                        "alternatives.csv",
                        row,
                        f"the alternative repeats {other['id']} ({describe(record)}) for {entry_id}",
                        vid,
                    )
                )
        seen.setdefault(entry_id, []).append(record)
    problems += evidence_problems("alternatives.csv", frame, bib)
    for row, record in enumerate(apparatus.to_dict("records"), start=1):
        if record["type"] == "none" and record["id"] not in seen:
            problems.append(
                problem(
                    "apparatus.csv",
                    row,
                    "type 'none' (nothing supplied) is only the preferred reading of a "
                    "span that has alternatives, and data/alternatives.csv has none "
                    f"for {record['id']}",
                    record["id"],
                )
            )
    return problems


def entry_problem(entry_id: str) -> str:
    what = (
        "a rule-made regularisation, not a hand-made apparatus row"
        if re.fullmatch(r"R[0-9]+", entry_id)
        else "not an id of data/apparatus.csv"
    )
    return f"entry {entry_id!r} is {what}: an alternative is another reading of the span of a hand-made apparatus row"


def check_alternative_entries(frame: pd.DataFrame, apparatus: pd.DataFrame) -> list[str]:
    """The entry check alone, run alongside the schema (whose foreign-key error gives the row, not the id)."""
    known = set(apparatus["id"])
    return [
        problem("alternatives.csv", row, entry_problem(record["entry"]), record["id"])
        for row, record in enumerate(frame.to_dict("records"), start=1)
        if record["entry"] not in known
    ]
