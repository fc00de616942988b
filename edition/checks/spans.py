"""Spans: every row that quotes the source (apparatus, figures, events, numerals, entity variants)
lies in its passage and says what its tokens say."""

from __future__ import annotations

import re

from edition.checks.evidence import evidence_problem
from edition.checks.problems import problem
from edition.model.text import has_digit, rejoin_thousands, span_text

NUMBER_WORDS = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}


WORDS_FOR_NUMBERS = set(NUMBER_WORDS) | {"half", "pair", "dozen", "eleven", "eighteen", "single", "both", "numerous"}


def check_span(file, row, row_id, record, edition_tokens, by_id, first="first_token", last="last_token") -> list[str]:
    passage = by_id.get(record["passage"])
    if passage is None:
        return [problem(file, row, f"unknown passage {record['passage']!r}", row_id)]
    a, b = int(record[first]), int(record[last] if last else record[first])
    if a > b:
        return [problem(file, row, f"span {a}..{b} runs backwards", row_id)]
    if a < passage.first_token or b > passage.last_token:
        return [
            problem(
                file,
                row,
                f"span {a}..{b} lies outside passage {passage.id} ({passage.first_token}..{passage.last_token})",
                row_id,
            )
        ]
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
        if "best" in values and (
            "low" in values and values["best"] < values["low"] or "high" in values and values["best"] > values["high"]
        ):
            problems.append(problem("figures.csv", row, "best lies outside low..high", fid))
        status = record["status"]
        if status == "stated":
            stated = numbers_written(written)
            if not stated:
                problems.append(problem("figures.csv", row, f"status 'stated' but {written!r} has no digits", fid))
            for name, number in values.items():
                if number not in stated:
                    problems.append(
                        problem(
                            "figures.csv",
                            row,
                            f"{name} {number:g} is not a number written in {written!r} "
                            f"(it says {', '.join(f'{n:g}' for n in stated) or 'none'})",
                            fid,
                        )
                    )
        elif status == "stated_in_words":
            if not set(written.split()) & WORDS_FOR_NUMBERS:
                problems.append(
                    problem("figures.csv", row, f"status 'stated_in_words' but {written!r} has no number word", fid)
                )
        elif status == "lost" and values:
            problems.append(
                problem("figures.csv", row, "a lost number has no value: leave low, best and high empty", fid)
            )
        elif status == "restored":
            if not values:
                problems.append(problem("figures.csv", row, "a restored figure needs its value", fid))
            if record["source"] not in bib:
                problems.append(
                    problem(
                        "figures.csv",
                        row,
                        f"a restored value needs a cited work; {record['source']!r} is not in references.bib",
                        fid,
                    )
                )
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
            problems.append(
                problem("numerals.csv", row, f"token {index} ({edition_tokens[index]!r}) contains no digit")
            )
        if record["row"] and record["row"] not in row_ids:
            problems.append(
                problem("numerals.csv", row, f"row {record['row']!r} is in neither figures.csv nor events.csv")
            )
        elif record["row"]:
            first, last = row_ids[record["row"]]
            if not first <= index <= last:
                problems.append(
                    problem(
                        "numerals.csv", row, f"token {index} lies outside the span {first}..{last} of {record['row']}"
                    )
                )
    for index in sorted(digit_tokens - listed):
        problems.append(
            problem("numerals.csv", None, f"the digit-bearing token {index} ({edition_tokens[index]!r}) is missing")
        )
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
                problems.append(
                    problem("apparatus.csv", row, f"token {token} is already replaced by {replaced[token]}", aid)
                )
            replaced[token] = aid
        evidence_text = evidence_problem(record["evidence"], record["certainty"], bib)
        if evidence_text:
            problems.append(problem("apparatus.csv", row, evidence_text, aid))
    return problems


def check_entities(frame, edition_tokens) -> list[str]:
    problems = []
    text = f" {' '.join(edition_tokens)} "
    owner = {}
    for row, record in enumerate(frame.to_dict("records"), start=1):
        for variant in record["variants"].split("|"):
            variant = variant.strip()
            if f" {variant} " not in text:
                problems.append(
                    problem("entities.csv", row, f"variant {variant!r} does not occur in the source", record["id"])
                )
            if variant in owner:
                problems.append(
                    problem("entities.csv", row, f"variant {variant!r} also belongs to {owner[variant]}", record["id"])
                )
            owner[variant] = record["id"]
        if record["type"] == "place" and (record["lat"] == "") != (record["lon"] == ""):
            problems.append(problem("entities.csv", row, "a place needs both lat and lon, or neither", record["id"]))
        problems += [problem("entities.csv", row, text, record["id"]) for text in index_problems(record)]
    return problems


def check_gazetteer(frame, entities) -> list[str]:
    """Every located place of the index has one row of ``gazetteer.csv`` (its feature class and
    countries, for the Linked Places export), and every row is such a place."""
    problems = []
    located = {
        r["id"] for r in entities.to_dict("records") if r["type"] == "place" and r["lat"] != "" and r["lon"] != ""
    }
    for row, record in enumerate(frame.to_dict("records"), start=1):
        if record["entity"] not in located:
            problems.append(
                problem("gazetteer.csv", row, "not a place of entities.csv with coordinates", record["entity"])
            )
    for missing in sorted(located - set(frame["entity"])):
        problems.append(
            problem(
                "gazetteer.csv",
                None,
                f"the located place {missing!r} of entities.csv has no row (its feature class and countries)",
            )
        )
    return problems


ROLES = {"person": ("actor", "author"), "organisation": ("actor", "publisher"), "place": ("",), "event": ("",)}


def index_problems(record: dict) -> list[str]:
    """What the indexes need of an entity: a person's or organisation's role, a person's sort name,
    an event's date."""
    from edition.model.dates import edtf_bounds

    kind, role = record["type"], record.get("role", "")
    out = []
    allowed = ROLES.get(kind, ("",))
    if role not in allowed:
        wanted = " or ".join(r for r in allowed if r) or "empty"
        out.append(f"role {role!r} is not a role of a {kind} (it must be {wanted})")
    if kind == "person" and not record.get("sort_as", ""):
        out.append("a person needs sort_as, the name as the index sorts it (surname first)")
    if kind != "person" and record.get("sort_as", ""):
        out.append(f"sort_as is for persons only, not for a {kind}")
    date = record.get("date", "")
    if kind == "event":
        if not date:
            out.append("an event needs a date (EDTF), for the index of events in date order")
        else:
            try:
                edtf_bounds(date)
            except ValueError as error:
                out.append(f"date: {error}")
    elif date:
        out.append(f"date is for events only, not for a {kind}")
    return out
