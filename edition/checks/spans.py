"""What the loader checks: every table against the source text and against the other tables.

Each check takes the tables as read (strings) and returns problems, one line each, naming the file,
the row and the problem (``problem``); the loader gathers them into one ``EditionDataError``. The
checks of the editorial review (evidence, competing readings, corrections) are in ``review_checks``.
"""
from __future__ import annotations

import re

import pandas as pd

from .review_checks import evidence_problem
from .text import has_digit, parse_passage_id, rejoin_thousands, span_text, spans_cover

NUMBER_WORDS = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
WORDS_FOR_NUMBERS = set(NUMBER_WORDS) | {"half", "pair", "dozen", "eleven", "eighteen", "single", "both", "numerous"}


def problem(file: str, row: int | None, text: str, row_id: str | None = None) -> str:
    """One problem, located: ``passages.csv, row 5 (id 2.3): gap …``; rows count data rows from 1."""
    where = f"data/{file}" + (f", row {row}" if row is not None else "") + (f" (id {row_id})" if row_id else "")
    return f"{where}: {text}"


# --- cross-checks against the source --------------------------------------------------------

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


def check_span(file, row, row_id, record, edition_tokens, by_id, first="first_token", last="last_token") -> list[str]:
    passage = by_id.get(record["passage"])
    if passage is None:
        return [problem(file, row, f"unknown passage {record['passage']!r}", row_id)]
    a, b = int(record[first]), int(record[last] if last else record[first])
    if a > b:
        return [problem(file, row, f"span {a}..{b} runs backwards", row_id)]
    if a < passage.first_token or b > passage.last_token:
        return [problem(file, row, f"span {a}..{b} lies outside passage {passage.id} "
                                   f"({passage.first_token}..{passage.last_token})", row_id)]
    return []


def numbers_written(value: str) -> list[float]:
    """The numbers a figure states, split thousands rejoined and magnitudes applied.

    ``12 000–15 000`` → [12000, 15000]; ``2 million`` → [2000000]; a magnitude word applies to
    every number before it, as in a range (``1⁄2 2 million`` → [500000, 2000000]).
    """
    tokens = value.split()
    for first, last, joined in reversed(rejoin_thousands(tokens)):
        tokens[first : last + 1] = [joined]
    numbers: list[float] = []
    pending: list[float] = []
    for token in tokens:
        token = token.replace(",", "")
        if token in NUMBER_WORDS and pending:
            numbers += [n * NUMBER_WORDS[token] for n in pending]
            pending = []
            continue
        for part in re.findall(r"[0-9]+⁄[0-9]+|[0-9]+", token):
            if "⁄" in part:
                numerator, denominator = part.split("⁄")
                pending.append(int(numerator) / int(denominator))
            else:
                pending.append(float(part))
    return numbers + pending


def check_figures(frame, edition_tokens, by_id, bib) -> list[str]:
    problems = []
    for row, record in enumerate(frame.to_dict("records"), start=1):
        fid = record["id"]
        span_problems = check_span("figures.csv", row, fid, record, edition_tokens, by_id)
        problems += span_problems
        if span_problems:
            continue
        quote = span_text(edition_tokens, int(record["first_token"]), int(record["last_token"]))
        written = record["value_as_written"]
        if f" {written} " not in f" {quote} ":
            problems.append(problem("figures.csv", row, f"value {written!r} is not in its quote {quote!r}", fid))
            continue
        values = {k: float(record[k]) for k in ("low", "best", "high") if record[k] != ""}
        if "low" in values and "high" in values and values["low"] > values["high"]:
            problems.append(problem("figures.csv", row, f"low {values['low']:g} > high {values['high']:g}", fid))
        if "best" in values and ("low" in values and values["best"] < values["low"] or "high" in values and values["best"] > values["high"]):
            problems.append(problem("figures.csv", row, "best lies outside low..high", fid))
        status = record["status"]
        if status == "stated":
            stated = numbers_written(written)
            if not stated:
                problems.append(problem("figures.csv", row, f"status 'stated' but {written!r} has no digits", fid))
            for name, number in values.items():
                if number not in stated:
                    problems.append(problem("figures.csv", row, f"{name} {number:g} is not a number written in {written!r} "
                                                                f"(it says {', '.join(f'{n:g}' for n in stated) or 'none'})", fid))
        elif status == "stated_in_words":
            if not set(written.split()) & WORDS_FOR_NUMBERS:
                problems.append(problem("figures.csv", row, f"status 'stated_in_words' but {written!r} has no number word", fid))
        elif status == "lost" and values:
            problems.append(problem("figures.csv", row, "a lost number has no value: leave low, best and high empty", fid))
        elif status == "restored":
            if not values:
                problems.append(problem("figures.csv", row, "a restored figure needs its value", fid))
            if record["source"] not in bib:
                problems.append(problem("figures.csv", row, f"a restored value needs a cited work; {record['source']!r} is not in references.bib", fid))
        if record["source"] and record["source"] not in bib:
            problems.append(problem("figures.csv", row, f"source {record['source']!r} is not in references.bib", fid))
    return problems


def check_events(frame, edition_tokens, by_id) -> list[str]:
    problems = []
    for row, record in enumerate(frame.to_dict("records"), start=1):
        problems += check_span("events.csv", row, record["id"], record, edition_tokens, by_id)
    return problems


def check_numerals(frame, edition_tokens, row_ids) -> list[str]:
    problems = []
    digit_tokens = {i for i, token in enumerate(edition_tokens) if has_digit(token)}
    listed = set()
    for row, record in enumerate(frame.to_dict("records"), start=1):
        index = int(record["token"])
        listed.add(index)
        if index >= len(edition_tokens) or edition_tokens[index] != record["as_written"]:
            actual = edition_tokens[index] if index < len(edition_tokens) else "nothing"
            problems.append(problem("numerals.csv", row, f"token {index} is {actual!r}, not {record['as_written']!r}"))
        elif index not in digit_tokens:
            problems.append(problem("numerals.csv", row, f"token {index} ({edition_tokens[index]!r}) contains no digit"))
        if record["row"] and record["row"] not in row_ids:
            problems.append(problem("numerals.csv", row, f"row {record['row']!r} is in neither figures.csv nor events.csv"))
        elif record["row"]:
            first, last = row_ids[record["row"]]
            if not first <= index <= last:
                problems.append(problem("numerals.csv", row, f"token {index} lies outside the span {first}..{last} of {record['row']}"))
    for index in sorted(digit_tokens - listed):
        problems.append(problem("numerals.csv", None, f"the digit-bearing token {index} ({edition_tokens[index]!r}) is missing"))
    return problems


def check_apparatus(frame, edition_tokens, by_id, bib) -> list[str]:
    problems = []
    replaced = {}
    for row, record in enumerate(frame.to_dict("records"), start=1):
        aid = record["id"]
        span_problems = check_span("apparatus.csv", row, aid, record, edition_tokens, by_id, first="token", last=None)
        problems += span_problems
        kind, reading = record["type"], record["reading"]
        if kind in ("supplied", "regularisation") and not reading:
            problems.append(problem("apparatus.csv", row, f"a {kind} entry needs a reading", aid))
        if kind == "gap" and reading:
            problems.append(problem("apparatus.csv", row, "a gap has no reading (it shows as […])", aid))
        if kind == "none" and reading:
            problems.append(problem("apparatus.csv", row, "type 'none' supplies nothing: leave 'reading' empty", aid))
        if (kind == "regularisation") != (record["position"] == "replace"):
            problems.append(problem("apparatus.csv", row, "regularisations, and only they, replace their token", aid))
        if record["position"] == "replace":
            token = int(record["token"])
            if token in replaced:
                problems.append(problem("apparatus.csv", row, f"token {token} is already replaced by {replaced[token]}", aid))
            replaced[token] = aid
        evidence_text = evidence_problem(record["evidence"], record["certainty"], bib)
        if evidence_text:
            problems.append(problem("apparatus.csv", row, evidence_text, aid))
    return problems


def check_renderings(frame, passage_ids) -> list[str]:
    """One non-empty rendering per passage, none of an unknown passage, its ⟨ ⟩ marks balanced."""
    problems = []
    seen, known = {}, set(passage_ids)
    for row, record in enumerate(frame.to_dict("records"), start=1):
        pid, text = record["passage"], record["rendering"]
        if pid not in known:
            problems.append(problem("renderings.csv", row, f"a rendering of unknown passage {pid!r} (not in passages.csv)"))
        elif pid in seen:
            problems.append(problem("renderings.csv", row, f"duplicate row: passage {pid} is already rendered in row {seen[pid]}"))
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


def check_entities(frame, edition_tokens) -> list[str]:
    problems = []
    text = f" {' '.join(edition_tokens)} "
    owner = {}
    for row, record in enumerate(frame.to_dict("records"), start=1):
        for variant in record["variants"].split("|"):
            variant = variant.strip()
            if f" {variant} " not in text:
                problems.append(problem("entities.csv", row, f"variant {variant!r} does not occur in the source", record["id"]))
            if variant in owner:
                problems.append(problem("entities.csv", row, f"variant {variant!r} also belongs to {owner[variant]}", record["id"]))
            owner[variant] = record["id"]
        if record["type"] == "place" and (record["lat"] == "") != (record["lon"] == ""):
            problems.append(problem("entities.csv", row, "a place needs both lat and lon, or neither", record["id"]))
    return problems


def check_retired(frame, by_id, published) -> list[str]:
    """A retired id was published and is no longer a passage; its successor is a passage."""
    problems = []
    for row, record in enumerate(frame.to_dict("records"), start=1):
        rid, successor = record["id"], record["successor"]
        if rid not in published:
            problems.append(problem("retired_ids.csv", row, f"{rid} was never published (it is not in published_ids.txt)", rid))
        if rid in by_id:
            problems.append(problem("retired_ids.csv", row, f"{rid} is retired but still in passages.csv", rid))
        if successor not in by_id:
            problems.append(problem("retired_ids.csv", row, f"its successor {successor!r} is not in passages.csv", rid))
    return problems
