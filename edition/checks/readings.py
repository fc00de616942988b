"""Checks the editorial review added: the evidence vocabulary, competing readings, corrections.

``load_edition`` calls these with the tables as read (strings); each returns a list of problems,
located like every other problem of the loader (file, row, id).

Evidence (``apparatus.csv`` and ``alternatives.csv``) is one of: a references.bib key; ``rule``;
``context`` (the reasoning is in the note); ``witness:URL``, a copy of *this* article; or
``parallel:URL``, a copy of a different article, which alone cannot carry ``high`` certainty.

A *span* of the hand-made apparatus is a passage, a token and a position: the place just before
or just after one token (or the token itself, for a replacement). Two rows on the same span are
two readings of one place, and only one of them may stand in apparatus.csv (the preferred one);
the others go to alternatives.csv. "After token t" and "before token t+1" are different spans even
though they touch the same gap between words: they are read in sequence, not as rivals (¶ 8.14:
⟨Dostum⟩ after ``rashid``, then the lost first word of a party name before ``islami``).
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pandas as pd

THIS_ARTICLE = "Afghan_Civil_War_(1989–1992)"
EVIDENCE_FORMS = "a references.bib key, 'rule', 'context', 'witness:URL' or 'parallel:URL'"
PACKAGE_BOOK = Path(__file__).resolve().parent.parent


def _problem(file, row, text, row_id=None):
    from .checks import problem

    return problem(file, row, text, row_id)


def article_title(url: str) -> str:
    """The article a copy's address names: its last path segment, decoded (``Battle of Jalalabad (1989)``)."""
    return unquote(url.rstrip("/").rsplit("/", 1)[-1]).replace("_", " ")


def evidence_problem(evidence: str, certainty: str, bib: set[str]) -> str | None:
    """What is wrong with one evidence value at this certainty, or None."""
    if evidence in bib or evidence in ("rule", "context"):
        return None
    kind, _, url = evidence.partition(":")
    if kind not in ("witness", "parallel") or not re.fullmatch(r"https?://[^/\s]+/\S*", url):
        return f"evidence {evidence!r} is not {EVIDENCE_FORMS}"
    names_this = THIS_ARTICLE in unquote(url)
    if kind == "witness" and not names_this:
        return (f"evidence {evidence!r} is a copy of another article ({article_title(url)}), not a witness of this one "
                f"(a witness's address names {THIS_ARTICLE}): cite it as 'parallel:'")
    if kind == "parallel" and names_this:
        return f"evidence {evidence!r} is a copy of this article: cite it as 'witness:', not 'parallel:'"
    if kind == "parallel" and certainty == "high":
        return "a parallel text (a copy of another article) alone cannot carry 'high' certainty: lower it, or cite a witness or a work"
    return None


def evidence_problems(file: str, frame: pd.DataFrame, bib: set[str]) -> list[str]:
    problems = []
    for row, record in enumerate(frame.to_dict("records"), start=1):
        text = evidence_problem(record["evidence"], record["certainty"], bib)
        if text:
            problems.append(_problem(file, row, text, record["id"]))
    return problems


# --- competing readings ------------------------------------------------------------------------------

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
            problems.append(_problem("apparatus.csv", row, f"{record['id']} and {first[key]} compete for the same span "
                                     f"({span_label(record)}): only one reading is preferred; keep it here and record "
                                     f"the other in data/alternatives.csv with entry {first[key]}", record["id"]))
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
            problems.append(_problem("alternatives.csv", row, "a supplied reading needs its words", vid))
        if kind in ("gap", "none") and record["reading"]:
            problems.append(_problem("alternatives.csv", row, f"a {kind} reading has no words (leave 'reading' empty)", vid))
        entry = entries.get(entry_id)
        if entry is None:
            problems.append(_problem("alternatives.csv", row, entry_problem(entry_id), vid))
            continue
        if same_reading(record, entry):
            problems.append(_problem("alternatives.csv", row, f"the alternative is the same reading ({describe(record)}) as its "
                                                             f"preferred reading {entry_id}", vid))
        for other in seen.get(entry_id, []):
            if same_reading(record, other):
                problems.append(_problem("alternatives.csv", row, f"the alternative repeats {other['id']} "
                                                                 f"({describe(record)}) for {entry_id}", vid))
        seen.setdefault(entry_id, []).append(record)
    problems += evidence_problems("alternatives.csv", frame, bib)
    for row, record in enumerate(apparatus.to_dict("records"), start=1):
        if record["type"] == "none" and record["id"] not in seen:
            problems.append(_problem("apparatus.csv", row, "type 'none' (nothing supplied) is only the preferred reading of a "
                                                          "span that has alternatives, and data/alternatives.csv has none "
                                                          f"for {record['id']}", record["id"]))
    return problems


def entry_problem(entry_id: str) -> str:
    what = ("a rule-made regularisation, not a hand-made apparatus row" if re.fullmatch(r"R[0-9]+", entry_id)
            else "not an id of data/apparatus.csv")
    return f"entry {entry_id!r} is {what}: an alternative is another reading of the span of a hand-made apparatus row"


def check_alternative_entries(frame: pd.DataFrame, apparatus: pd.DataFrame) -> list[str]:
    """The entry check alone, run alongside the schema (whose foreign-key error gives the row, not the id)."""
    known = set(apparatus["id"])
    return [_problem("alternatives.csv", row, entry_problem(record["entry"]), record["id"])
            for row, record in enumerate(frame.to_dict("records"), start=1) if record["entry"] not in known]


# --- corrections -----------------------------------------------------------------------------------

def book_root(data_root: Path) -> Path:
    """Where the pages are: the book around the data folder, or (for a copy of the data alone) the
    book this package belongs to."""
    return data_root.parent if (data_root.parent / "_toc.yml").exists() else PACKAGE_BOOK


def page_exists(book: Path, docname: str) -> bool:
    return (re.fullmatch(r"chapters/[A-Za-z0-9_/-]+", docname) is not None
            and any((book / f"{docname}{suffix}").is_file() for suffix in (".md", ".ipynb")))


def check_corrections(frame: pd.DataFrame, targets: set[str], data_root: Path) -> list[str]:
    """Each correction names what it corrects: a passage, a row of a table, or a page of the book."""
    problems = []
    book = book_root(data_root)
    for row, record in enumerate(frame.to_dict("records"), start=1):
        target = record["target"]
        if target not in targets and not page_exists(book, target):
            problems.append(_problem("corrections.csv", row, f"target {target!r} is neither a passage id, an id of "
                                     "apparatus, alternatives, events, figures or entities, nor a page under chapters/ "
                                     "(e.g. chapters/introduction)", record["id"]))
    return problems


def correction_targets(tables: dict[str, pd.DataFrame]) -> set[str]:
    ids = set(tables["passages"]["id"])
    for name in ("apparatus", "alternatives", "events", "figures", "entities"):
        ids |= set(tables[name]["id"])
    return ids
