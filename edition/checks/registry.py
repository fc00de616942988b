"""The registry: passages (ids, sections, the cover of the source), retired ids, and one
rendering per passage."""

from __future__ import annotations

import re

import pandas as pd

from edition.checks.problems import problem
from edition.model.text import parse_passage_id, spans_cover


def check_passages(frame: pd.DataFrame, tokens: list[str], sections: set[int]) -> list[str]:
    problems = []
    seen = set()
    for row, record in enumerate(frame.to_dict("records"), start=1):
        pid = record["id"]
        try:
            section, _, _ = parse_passage_id(pid)
        except ValueError as error:
            problems.append(problem("passages.csv", row, str(error)))
            continue
        if pid in seen:
            problems.append(problem("passages.csv", row, f"duplicate passage id {pid}", pid))
        seen.add(pid)
        for column in ("section", "first_token", "last_token"):
            if not re.fullmatch(r"[0-9]+", record[column]):
                problems.append(problem("passages.csv", row, f"{column} {record[column]!r} is not a whole number", pid))
        if problems and problems[-1].startswith(f"data/passages.csv, row {row} "):
            continue
        if int(record["section"]) != section:
            problems.append(problem("passages.csv", row, f"section {record['section']} does not match the id", pid))
        if int(record["section"]) not in sections:
            problems.append(problem("passages.csv", row, f"section {record['section']} is not in sections.csv", pid))
    if problems:
        return problems
    spans = list(zip(frame["first_token"].astype(int), frame["last_token"].astype(int)))
    for index, text in enumerate_cover_problems(spans, len(tokens)):
        row_id = frame["id"].iloc[index] if index is not None else None
        problems.append(problem("passages.csv", index + 1 if index is not None else None, text, row_id))
    return problems


def enumerate_cover_problems(spans, n_tokens):
    """``spans_cover`` problems, each with the row index it concerns."""
    for text in spans_cover(spans, n_tokens):
        match = re.search(r"span (\d+)", text)
        yield (int(match.group(1)) if match else len(spans) - 1), text


def check_retired(frame, by_id, published) -> list[str]:
    """A retired id was published and is no longer a passage; its successor is a passage."""
    problems = []
    for row, record in enumerate(frame.to_dict("records"), start=1):
        rid, successor = record["id"], record["successor"]
        if rid not in published:
            problems.append(
                problem("retired_ids.csv", row, f"{rid} was never published (it is not in published_ids.txt)", rid)
            )
        if rid in by_id:
            problems.append(problem("retired_ids.csv", row, f"{rid} is retired but still in passages.csv", rid))
        if successor not in by_id:
            problems.append(problem("retired_ids.csv", row, f"its successor {successor!r} is not in passages.csv", rid))
    return problems


def check_renderings(frame, passage_ids) -> list[str]:
    """One non-empty rendering per passage, none of an unknown passage, its ⟨ ⟩ marks balanced."""
    problems = []
    seen, known = {}, set(passage_ids)
    for row, record in enumerate(frame.to_dict("records"), start=1):
        pid, text = record["passage"], record["rendering"]
        if pid not in known:
            problems.append(
                problem("renderings.csv", row, f"a rendering of unknown passage {pid!r} (not in passages.csv)")
            )
        elif pid in seen:
            problems.append(
                problem("renderings.csv", row, f"duplicate row: passage {pid} is already rendered in row {seen[pid]}")
            )
        else:
            seen[pid] = row
        if not text.strip():
            problems.append(problem("renderings.csv", row, f"empty rendering of passage {pid}"))
        elif re.sub(r"[^⟨⟩]", "", text).replace("⟨⟩", ""):  # what is left is unpaired or nested
            problems.append(problem("renderings.csv", row, f"unbalanced ⟨ ⟩ in the rendering of passage {pid}"))
    for pid in passage_ids:
        if pid not in seen:
            problems.append(problem("renderings.csv", None, f"missing rendering: passage {pid} has no row"))
    return problems
