"""The one loader of the edition's data: every table in ``data/``, validated once.

``load_edition()`` reads the source text and the tables described by ``data/datapackage.json``,
validates them against that descriptor (Frictionless: types, constraints, keys) and then
cross-checks them against the source (spans, contiguity, quotes, numerals). Any problem stops
the load with an :class:`EditionDataError` that names the file, the row and the problem.
The Sphinx extension, the notebooks and the tests all use this loader.
"""
from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .review_checks import (check_alternative_entries, check_alternatives, check_corrections, competing_spans,
                            correction_targets, evidence_problem)
from .tables import EditionDataError, read_bytes, read_table, read_text, decode
from .text import has_digit, parse_passage_id, rejoin_thousands, span_text, spans_cover, tokenize

SOURCE_FILE = "source/afghan-civil-war-1989-1992.txt"
SOURCE_SHA256 = "3cca21903cf4d1c9058723d0e08b68aeb5e89f568bcb8fe406a3ffcf023f2b21"
DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "data"
NUMBER_WORDS = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
WORDS_FOR_NUMBERS = set(NUMBER_WORDS) | {"half", "pair", "dozen", "eleven", "eighteen", "single", "both", "numerous"}


def problem(file: str, row: int | None, text: str, row_id: str | None = None) -> str:
    """One problem, located: ``passages.csv, row 5 (id 2.3): gap …``; rows count data rows from 1."""
    where = f"data/{file}" + (f", row {row}" if row is not None else "") + (f" (id {row_id})" if row_id else "")
    return f"{where}: {text}"


@dataclass(frozen=True)
class Passage:
    id: str
    section: int
    kind: str
    first_token: int
    last_token: int
    order: int
    text: str

    @property
    def anchor(self) -> str:
        return f"p-{self.id}"

    @property
    def is_heading(self) -> bool:
        return self.kind != "body"


@dataclass
class Edition:
    root: Path
    tokens: list[str]
    sections: pd.DataFrame
    passages: list[Passage]
    apparatus: pd.DataFrame
    rules: pd.DataFrame
    entities: pd.DataFrame
    figures: pd.DataFrame
    events: pd.DataFrame
    numerals: pd.DataFrame
    bibliography_keys: set[str] = field(default_factory=set)
    # Competing readings (alternatives.csv: each row another reading of the span of the hand-made
    # apparatus row `entry`, which holds the preferred one) and the corrections since 0.1.0.
    alternatives: pd.DataFrame = field(default_factory=pd.DataFrame)
    corrections: pd.DataFrame = field(default_factory=pd.DataFrame)
    renderings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["passage", "rendering", "note"]))
    retired: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["id", "successor", "note"]))
    published_ids: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.by_id = {passage.id: passage for passage in self.passages}
        self._passage_of_token = [None] * len(self.tokens)
        for passage in self.passages:
            for i in range(passage.first_token, passage.last_token + 1):
                self._passage_of_token[i] = passage.id

    def passage_of_token(self, token: int) -> str:
        return self._passage_of_token[token]

    def section_title(self, section: int) -> str:
        return self.sections.set_index("section").loc[section, "title"]

    def passages_in_section(self, section: int) -> list[Passage]:
        return [p for p in self.passages if p.section == section]

    def apparatus_for(self, passage_id: str) -> pd.DataFrame:
        return self.apparatus[self.apparatus["passage"] == passage_id]

    def alternatives_for(self, entry_id: str) -> list[dict]:
        """The other readings of the span whose preferred reading is apparatus row ``entry_id``."""
        if self.alternatives.empty:
            return []
        return self.alternatives[self.alternatives["entry"] == entry_id].to_dict("records")
    def rendering_of(self, passage_id: str) -> str:
        """The editors' plain-English rendering of a passage (not the original text)."""
        return dict(zip(self.renderings["passage"], self.renderings["rendering"])).get(passage_id, "")


# --- reading the tables -------------------------------------------------------------------

def frictionless_problems(root: Path) -> list[str]:
    """Schema problems (types, constraints, primary and foreign keys) reported by Frictionless."""
    from frictionless import FrictionlessException, Package

    try:
        report = Package(str(root / "datapackage.json")).validate()
    except FrictionlessException as error:
        return [f"data/datapackage.json: {error.error.message}"]
    problems = []
    for task in report.tasks:
        file = Path(task.place).name
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field_name = getattr(error, "field_name", None)
            text = error.note or error.message
            if field_name:
                cell = getattr(error, "cell", None)
                text = f"column {field_name!r}" + (f" is {cell!r}" if cell else "") + f": {text}"
            # Name the row's id too, where the table's first column is its id.
            cells = getattr(error, "cells", None) or []
            row_id = cells[0] if row and cells and list(task.labels or [])[:1] == ["id"] else None
            problems.append(problem(file, row - 1 if row else None, text, row_id))
    for error in report.errors:
        problems.append(f"data/datapackage.json: {error.message}")
    return problems


def bibliography_keys(root: Path) -> set[str]:
    text = read_text(root, "references.bib")
    return set(re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", text))


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


def published_ids(root: Path) -> list[str]:
    """The ids of data/published_ids.txt, one a line (``#`` starts a comment)."""
    lines = (line.split("#", 1)[0].strip() for line in read_text(root, "published_ids.txt").splitlines())
    return [line for line in lines if line]


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


# --- rule-made apparatus ----------------------------------------------------------------------

def generated_apparatus(tokens: list[str], rules: pd.DataFrame, passage_of_token) -> pd.DataFrame:
    """Regularisations made by rule, one row per occurrence, never typed by hand."""
    rows = []
    for record in rules.to_dict("records"):
        for i, token in enumerate(tokens):
            if token == record["token"] and (not record["previous"] or (i > 0 and tokens[i - 1] == record["previous"])):
                rows.append(dict(id=f"R{i:04d}", passage=passage_of_token(i), token=i, last_token=i, position="replace",
                                 type="regularisation", subtype="lemma", reading=record["reading"], certainty="high",
                                 evidence="rule", note=record["note"]))
    for first, last, joined in rejoin_thousands(tokens):
        rows.append(dict(id=f"R{first:04d}", passage=passage_of_token(first), token=first, last_token=last,
                         position="replace", type="regularisation", subtype="number", reading=joined, certainty="high",
                         evidence="rule", note="A number split at its thousands separator, rejoined."))
    return pd.DataFrame(rows)


# --- the loader ---------------------------------------------------------------------------------

def load_edition(root: str | Path | None = None, *, validate: bool = True) -> Edition:
    """Load (and, by default, validate) the edition's data; cached per folder."""
    return _load(Path(root or DEFAULT_ROOT).resolve(), validate)


@functools.lru_cache(maxsize=8)
def _load(root: Path, validate: bool) -> Edition:
    source = read_bytes(root, SOURCE_FILE)
    problems = []
    if validate and hashlib.sha256(source).hexdigest() != SOURCE_SHA256:
        problems.append(f"data/{SOURCE_FILE}: the source text has changed (sha256 differs from the edition's witness)")
    tokens = tokenize(decode(SOURCE_FILE, source))
    tables = {name: read_table(root, f"{name}.csv") for name in
              ("sections", "passages", "regularisation_rules", "apparatus", "entities", "figures", "events", "numerals",
               "alternatives", "corrections", "renderings", "retired_ids")}
    published = published_ids(root)
    bib = bibliography_keys(root)

    # The registry first: without sound passages nothing else can be located.
    problems += check_passages(tables["passages"], tokens, set(int(s) for s in tables["sections"]["section"] if re.fullmatch("[0-9]+", s)))
    if validate and not problems:  # before Frictionless, whose messages for these rows are vaguer
        problems += check_renderings(tables["renderings"], list(tables["passages"]["id"]))
    if problems:
        raise EditionDataError(problems)
    if validate:
        problems += frictionless_problems(root)
        problems += check_alternative_entries(tables["alternatives"], tables["apparatus"])
        if problems:
            raise EditionDataError(problems)

    passages = [
        Passage(id=r["id"], section=int(r["section"]), kind=r["kind"], first_token=int(r["first_token"]),
                last_token=int(r["last_token"]), order=order,
                text=span_text(tokens, int(r["first_token"]), int(r["last_token"])))
        for order, r in enumerate(tables["passages"].to_dict("records"))
    ]
    by_id = {p.id: p for p in passages}
    if validate:
        problems += check_apparatus(tables["apparatus"], tokens, by_id, bib)
        problems += check_figures(tables["figures"], tokens, by_id, bib)
        problems += check_events(tables["events"], tokens, by_id)
        row_spans = {r["id"]: (int(r["first_token"]), int(r["last_token"]))
                     for name in ("figures", "events") for r in tables[name].to_dict("records")}
        problems += check_numerals(tables["numerals"], tokens, row_spans)
        problems += check_entities(tables["entities"], tokens)
        problems += competing_spans(tables["apparatus"])
        problems += check_alternatives(tables["alternatives"], tables["apparatus"], bib)
        problems += check_corrections(tables["corrections"], correction_targets(tables), root)
        problems += check_retired(tables["retired_ids"], by_id, set(published))
        if problems:
            raise EditionDataError(problems)

    sections = tables["sections"].astype({"section": int})
    edition = Edition(root=root, tokens=tokens, sections=sections, passages=passages, apparatus=pd.DataFrame(),
                      rules=tables["regularisation_rules"], entities=tables["entities"], figures=typed_figures(tables["figures"]),
                      events=typed_spans(tables["events"]), numerals=tables["numerals"].astype({"token": int}),
                      bibliography_keys=bib, alternatives=tables["alternatives"], corrections=tables["corrections"],
                      renderings=tables["renderings"], retired=tables["retired_ids"], published_ids=published)
    hand = tables["apparatus"].astype({"token": int}).assign(last_token=lambda f: f["token"])
    rules = generated_apparatus(tokens, tables["regularisation_rules"], edition.passage_of_token)
    edition.apparatus = pd.concat([hand, rules], ignore_index=True).sort_values(["token", "id"], kind="stable").reset_index(drop=True)
    return edition


def typed_spans(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype({"first_token": int, "last_token": int})


def typed_figures(frame: pd.DataFrame) -> pd.DataFrame:
    frame = typed_spans(frame)
    for column in ("low", "best", "high"):
        frame[column] = pd.to_numeric(frame[column].replace("", None))
    return frame


__all__ = ["Edition", "EditionDataError", "Passage", "load_edition", "numbers_written"]
