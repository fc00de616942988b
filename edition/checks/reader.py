"""Checks of the tables made for readers: the marked notes of the narrative and the glossary.

Tables in (strings, as read), problems out (``edition.checks.problems.problem``).
"""

from __future__ import annotations

import re

from edition.checks.problems import problem
from edition.model.text import ends_sentence, story_text

DEFINITION_WORDS = 60  # a glossary definition is short


def check_narrative_notes(frame, passage_ids) -> list[str]:
    """Each note at a known passage, leading to a known passage, one note a passage, none empty."""
    problems, seen, known = [], {}, set(passage_ids)
    for row, record in enumerate(frame.to_dict("records"), start=1):
        pid = record["passage"]
        for column in ("passage", "see"):
            if record[column] not in known:
                problems.append(
                    problem(
                        "narrative_notes.csv",
                        row,
                        f"{column} {record[column]!r} is an unknown passage (not in passages.csv)",
                    )
                )
        if pid in seen:
            problems.append(
                problem(
                    "narrative_notes.csv", row, f"duplicate row: passage {pid} already has a note in row {seen[pid]}"
                )
            )
        seen.setdefault(pid, row)
        if not record["note"].strip():
            problems.append(problem("narrative_notes.csv", row, f"empty note at passage {pid}"))
    return problems


def check_narrative_paragraphs(frame, passage_ids) -> list[str]:
    """Each new paragraph at a known passage, once, with its topic named."""
    problems, seen, known = [], {}, set(passage_ids)
    for row, record in enumerate(frame.to_dict("records"), start=1):
        pid = record["passage"]
        if pid not in known:
            problems.append(
                problem("narrative_paragraphs.csv", row, f"passage {pid!r} is unknown (not in passages.csv)")
            )
        if pid in seen:
            problems.append(
                problem(
                    "narrative_paragraphs.csv",
                    row,
                    f"duplicate row: passage {pid} is already listed in row {seen[pid]}",
                )
            )
        seen.setdefault(pid, row)
        if not record["topic"].strip():
            problems.append(problem("narrative_paragraphs.csv", row, f"empty topic at passage {pid}"))
    return problems


def check_paragraph_starts(frame, passages, renderings) -> list[str]:
    """Each new paragraph starts at a passage of the text's body, never in the middle of a sentence:
    the passage before it (in the text's order) must end one, and must not be a heading (a heading
    starts a paragraph by itself). Run on sound passages and renderings."""
    problems = []
    order = list(passages["id"])
    kinds = dict(zip(passages["id"], passages["kind"]))
    rendered = dict(zip(renderings["passage"], renderings["rendering"]))
    for row, record in enumerate(frame.to_dict("records"), start=1):
        pid = record["passage"]
        if pid not in kinds:
            continue  # check_narrative_paragraphs names it
        if kinds[pid] != "body":
            problems.append(
                problem("narrative_paragraphs.csv", row, f"passage {pid} is a {kinds[pid]}, not a passage of the body")
            )
            continue
        before = order[order.index(pid) - 1] if order.index(pid) else None
        if before is None or kinds[before] != "body":
            problems.append(
                problem(
                    "narrative_paragraphs.csv",
                    row,
                    f"passage {pid} already starts a paragraph (it follows a heading or opens the text)",
                )
            )
        elif not ends_sentence(story_text(rendered.get(before, ""))):
            problems.append(
                problem(
                    "narrative_paragraphs.csv",
                    row,
                    f"a paragraph at passage {pid} would break a sentence: the rendering of {before} "
                    "(renderings.csv) does not end one",
                )
            )
    return problems


def glossary_variants(record: dict) -> list[str]:
    return [v.strip() for v in record["variants"].split("|") if v.strip()]


def check_glossary(frame, tokens: list[str], bibliography_keys: set[str]) -> list[str]:
    """Unique ids and terms; every variant in the source and owned by one term; a short definition;
    a source that is a key of the bibliography."""
    problems, ids, terms, owner = [], {}, {}, {}
    text = f" {' '.join(tokens)} "
    for row, record in enumerate(frame.to_dict("records"), start=1):
        gid = record["id"]

        def add(message, row=row, gid=gid):
            problems.append(problem("glossary.csv", row, message, gid))

        if gid in ids:
            add(f"duplicate id: already used in row {ids[gid]}")
        ids.setdefault(gid, row)
        term = record["term"].strip().lower()
        if term in terms:
            add(f"duplicate term {record['term']!r}: already defined in row {terms[term]}")
        terms.setdefault(term, row)
        for variant in glossary_variants(record):
            if f" {variant} " not in text:
                add(f"variant {variant!r} does not occur in the source")
            if variant in owner:
                add(f"variant {variant!r} also belongs to {owner[variant]}")
            owner.setdefault(variant, gid)
        words = len(re.findall(r"\S+", record["definition"]))
        if words == 0:
            add("empty definition")
        elif words > DEFINITION_WORDS:
            add(f"the definition has {words} words; at most {DEFINITION_WORDS}")
        if record["source"] and record["source"] not in bibliography_keys:
            add(f"source {record['source']!r} is not a key of references.bib")
    return problems
