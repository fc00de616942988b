"""The one loader of the edition's data: every table in ``data/``, validated once.

``load_edition()`` reads the source text and the tables described by ``data/datapackage.json``,
validates them against that descriptor (Frictionless: types, constraints, keys) and then
cross-checks them against the source (spans, contiguity, quotes, numerals). Any problem stops
the load with an :class:`EditionDataError` that names the file, the row and the problem.
The Sphinx extension, the notebooks and the tests all use this loader. Three concerns, three
files: how a file is read (``tables``), what a passage and the edition are and how they are loaded
(here), and what is checked (``edition.checks``).
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from edition.checks.corrections import check_corrections, check_releases, correction_targets
from edition.checks.layers import check_event_dates, check_figure_status, check_rendering_marks
from edition.checks.problems import problem
from edition.checks.reader import (
    check_glossary,
    check_narrative_notes,
    check_narrative_paragraphs,
    check_paragraph_starts,
)
from edition.checks.readings import check_alternative_entries, check_alternatives, competing_spans
from edition.checks.registry import check_passages, check_renderings, check_retired
from edition.checks.spans import (  # noqa: F401 (re-exported)
    WORDS_FOR_NUMBERS,
    check_apparatus,
    check_entities,
    check_events,
    check_figures,
    check_gazetteer,
    check_numerals,
    numbers_written,
)
from edition.model import bibliography
from edition.model.files import DATA, EditionDataError, decode, read_bytes, read_table, read_text
from edition.model.text import rejoin_thousands, span_text, tokenize

SOURCE_FILE = "source/afghan-civil-war-1989-1992.txt"
SOURCE_SHA256 = "3cca21903cf4d1c9058723d0e08b68aeb5e89f568bcb8fe406a3ffcf023f2b21"
DEFAULT_ROOT = DATA


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
    releases: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["version", "date", "summary"]))
    gazetteer: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["entity", "fclasses", "ccodes"]))
    # For readers: the editors' marked notes in the narrative, and the glossary.
    narrative_notes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["passage", "note", "see"]))
    # ... and the passages where the narrative turns to a new topic (a new paragraph).
    narrative_paragraphs: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["passage", "topic"]))
    glossary: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["id", "term", "variants", "definition", "source"])
    )

    def __post_init__(self):
        self.by_id = {passage.id: passage for passage in self.passages}
        self._passage_of_token = [None] * len(self.tokens)
        for passage in self.passages:
            for i in range(passage.first_token, passage.last_token + 1):
                self._passage_of_token[i] = passage.id

    def passage_of_token(self, token: int) -> str:
        return self._passage_of_token[token]

    def indexed(self, table: str, what: str, build):
        """``build(frame)`` of the table ``table``, made once per ``what`` (and again if the table
        is replaced): the pages, the exports and passages.json ask for each passage's rows hundreds
        of times."""
        frame = getattr(self, table)
        cache = self.__dict__.setdefault("_indexes", {})
        made = cache.get((table, what))
        if made is None or made[0] is not frame:
            made = cache[(table, what)] = (frame, build(frame))
        return made[1]

    def section_title(self, section: int) -> str:
        return self.indexed("sections", "titles", lambda frame: dict(zip(frame["section"], frame["title"])))[section]

    def passages_in_section(self, section: int) -> list[Passage]:
        return [p for p in self.passages if p.section == section]

    def apparatus_records(self, passage_id: str) -> list[dict]:
        """The passage's apparatus rows as records (copies), in the table's order."""
        by_passage = self.indexed("apparatus", "records by passage", lambda frame: _records_by(frame, "passage"))
        return [dict(record) for record in by_passage.get(passage_id, [])]

    def alternatives_for(self, entry_id: str) -> list[dict]:
        """The other readings of the span whose preferred reading is apparatus row ``entry_id``."""
        if self.alternatives.empty:
            return []
        by_entry = self.indexed("alternatives", "by entry", lambda frame: _records_by(frame, "entry"))
        return [dict(record) for record in by_entry.get(entry_id, [])]

    def cite_label(self, key: str) -> str:
        """A work of the bibliography as a reader cites it: ``maley2002`` → "Maley 2002"."""
        return bibliography.label(self.root, key)

    def rendering_of(self, passage_id: str) -> str:
        """The editors' plain-English rendering of a passage (not the original text)."""
        return self.indexed(
            "renderings", "by passage", lambda frame: dict(zip(frame["passage"], frame["rendering"]))
        ).get(passage_id, "")


def _records_by(frame: pd.DataFrame, column: str) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for record in frame.to_dict("records"):
        grouped.setdefault(record[column], []).append(record)
    return grouped


# --- reading the tables -------------------------------------------------------------------


def frictionless_problems(root: Path) -> list[str]:
    """Schema problems (types, constraints, primary and foreign keys) reported by Frictionless."""
    from frictionless import FrictionlessException, Package

    try:
        report = Package(str(root / "datapackage.json")).validate()
    except FrictionlessException as error:
        return [f"data/datapackage.json: {error.error.message}"]
    except re.error as error:  # Frictionless compiles each pattern only when it validates a table
        return [f"data/datapackage.json: a constraint's pattern is not a valid regular expression ({error})"]
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


# --- reading the list of published ids -----------------------------------------------------


def published_ids(root: Path) -> list[str]:
    """The ids of data/published_ids.txt, one a line (``#`` starts a comment)."""
    lines = (line.split("#", 1)[0].strip() for line in read_text(root, "published_ids.txt").splitlines())
    return [line for line in lines if line]


# --- rule-made apparatus ----------------------------------------------------------------------


def generated_apparatus(tokens: list[str], rules: pd.DataFrame, passage_of_token) -> pd.DataFrame:
    """Regularisations made by rule, one row per occurrence, never typed by hand."""
    rows = []
    for record in rules.to_dict("records"):
        for i, token in enumerate(tokens):
            if token == record["token"] and (not record["previous"] or (i > 0 and tokens[i - 1] == record["previous"])):
                rows.append(
                    dict(
                        id=f"R{i:04d}",
                        passage=passage_of_token(i),
                        token=i,
                        last_token=i,
                        position="replace",
                        type="regularisation",
                        subtype="lemma",
                        reading=record["reading"],
                        certainty="high",
                        evidence="rule",
                        note=record["note"],
                    )
                )
    for first, last, joined in rejoin_thousands(tokens):
        rows.append(
            dict(
                id=f"R{first:04d}",
                passage=passage_of_token(first),
                token=first,
                last_token=last,
                position="replace",
                type="regularisation",
                subtype="number",
                reading=joined,
                certainty="high",
                evidence="rule",
                note="A number split at its thousands separator, rejoined.",
            )
        )
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
    tables = {
        name: read_table(root, f"{name}.csv")
        for name in (
            "sections",
            "passages",
            "regularisation_rules",
            "apparatus",
            "entities",
            "figures",
            "events",
            "numerals",
            "alternatives",
            "corrections",
            "renderings",
            "retired_ids",
            "releases",
            "gazetteer",
            "narrative_notes",
            "narrative_paragraphs",
            "glossary",
        )
    }
    published = published_ids(root)
    bib = bibliography.keys(root)

    # The registry first: without sound passages nothing else can be located.
    problems += check_passages(
        tables["passages"], tokens, set(int(s) for s in tables["sections"]["section"] if re.fullmatch("[0-9]+", s))
    )
    if validate and not problems:  # before Frictionless, whose messages for these rows are vaguer
        problems += check_renderings(tables["renderings"], list(tables["passages"]["id"]))
        problems += check_narrative_notes(tables["narrative_notes"], list(tables["passages"]["id"]))
        problems += check_narrative_paragraphs(tables["narrative_paragraphs"], list(tables["passages"]["id"]))
    if problems:
        raise EditionDataError(problems)
    if validate:
        problems += frictionless_problems(root)
        problems += check_alternative_entries(tables["alternatives"], tables["apparatus"])
        if not problems:  # on sound passages and renderings (a damaged kind is passages.csv's to report)
            problems += check_paragraph_starts(tables["narrative_paragraphs"], tables["passages"], tables["renderings"])
        if problems:
            raise EditionDataError(problems)

    passages = [
        Passage(
            id=r["id"],
            section=int(r["section"]),
            kind=r["kind"],
            first_token=int(r["first_token"]),
            last_token=int(r["last_token"]),
            order=order,
            text=span_text(tokens, int(r["first_token"]), int(r["last_token"])),
        )
        for order, r in enumerate(tables["passages"].to_dict("records"))
    ]
    by_id = {p.id: p for p in passages}
    if validate:
        problems += check_apparatus(tables["apparatus"], tokens, by_id, bib)
        problems += check_figures(tables["figures"], tokens, by_id, bib)
        problems += check_events(tables["events"], tokens, by_id)
        row_spans = {
            r["id"]: (int(r["first_token"]), int(r["last_token"]))
            for name in ("figures", "events")
            for r in tables[name].to_dict("records")
        }
        problems += check_numerals(tables["numerals"], tokens, row_spans)
        problems += check_entities(tables["entities"], tokens)
        problems += check_gazetteer(tables["gazetteer"], tables["entities"])
        problems += competing_spans(tables["apparatus"])
        problems += check_alternatives(tables["alternatives"], tables["apparatus"], bib)
        problems += check_corrections(tables["corrections"], correction_targets(tables), root)
        problems += check_releases(tables["releases"], tables["corrections"], root)
        problems += check_retired(tables["retired_ids"], by_id, set(published))
        problems += check_figure_status(tables["figures"], tables["apparatus"], tables["alternatives"])
        problems += check_rendering_marks(tables["renderings"], tables["apparatus"], tables["alternatives"])
        problems += check_event_dates(tables["events"])
        problems += check_glossary(tables["glossary"], tokens, bib)
        if problems:
            raise EditionDataError(problems)

    sections = tables["sections"].astype({"section": int})
    edition = Edition(
        root=root,
        tokens=tokens,
        sections=sections,
        passages=passages,
        apparatus=pd.DataFrame(),
        rules=tables["regularisation_rules"],
        entities=tables["entities"],
        figures=typed_figures(tables["figures"]),
        events=typed_spans(tables["events"]),
        numerals=tables["numerals"].astype({"token": int}),
        bibliography_keys=bib,
        alternatives=tables["alternatives"],
        corrections=tables["corrections"],
        renderings=tables["renderings"],
        retired=tables["retired_ids"],
        published_ids=published,
        releases=tables["releases"],
        gazetteer=tables["gazetteer"],
        narrative_notes=tables["narrative_notes"],
        narrative_paragraphs=tables["narrative_paragraphs"],
        glossary=tables["glossary"],
    )
    hand = tables["apparatus"].astype({"token": int}).assign(last_token=lambda f: f["token"])
    rules = generated_apparatus(tokens, tables["regularisation_rules"], edition.passage_of_token)
    edition.apparatus = (
        pd.concat([hand, rules], ignore_index=True).sort_values(["token", "id"], kind="stable").reset_index(drop=True)
    )
    return edition


def typed_spans(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype({"first_token": int, "last_token": int})


def typed_figures(frame: pd.DataFrame) -> pd.DataFrame:
    frame = typed_spans(frame)
    for column in ("low", "best", "high"):
        frame[column] = pd.to_numeric(frame[column].replace("", None))
    return frame


__all__ = ["Edition", "EditionDataError", "Passage", "load_edition", "numbers_written"]
