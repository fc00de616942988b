"""Corrections: each row of ``corrections.csv`` names what it corrects (a passage, a row of a
table, or a page of the book) and a release that ``releases.csv`` lists; the releases run oldest
first and end with the one ``CITATION.cff`` describes."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import yaml

from edition.checks.problems import problem
from edition.model.files import CHECKOUT


def book_root(data_root: Path) -> Path:
    """Where the pages are: the book around the data folder, or (for a copy of the data alone) the
    book this package belongs to."""
    return data_root.parent if (data_root.parent / "_toc.yml").exists() else CHECKOUT


def page_exists(book: Path, docname: str) -> bool:
    return re.fullmatch(r"chapters/[A-Za-z0-9_/-]+", docname) is not None and any(
        (book / f"{docname}{suffix}").is_file() for suffix in (".md", ".ipynb")
    )


def check_corrections(frame: pd.DataFrame, targets: set[str], data_root: Path) -> list[str]:
    """Each correction names what it corrects: a passage, a row of a table, or a page of the book."""
    problems = []
    book = book_root(data_root)
    for row, record in enumerate(frame.to_dict("records"), start=1):
        target = record["target"]
        if target not in targets and not page_exists(book, target):
            problems.append(
                problem(
                    "corrections.csv",
                    row,
                    f"target {target!r} is neither a passage id, an id of "
                    "apparatus, alternatives, events, figures or entities, nor a page under chapters/ "
                    "(e.g. chapters/introduction)",
                    record["id"],
                )
            )
    return problems


def correction_targets(tables: dict[str, pd.DataFrame]) -> set[str]:
    """What a correction may name: a passage (or a retired passage id: it was one when corrected), or a
    row of apparatus, alternatives, events, figures or entities."""
    ids = set(tables["passages"]["id"]) | set(tables["retired_ids"]["id"])
    for name in ("apparatus", "alternatives", "events", "figures", "entities"):
        ids |= set(tables[name]["id"])
    return ids


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def check_releases(frame: pd.DataFrame, corrections: pd.DataFrame, data_root: Path) -> list[str]:
    """The releases run oldest first, each later and newer than the one before; the last is the
    version and date of ``CITATION.cff``; every correction's release is one of them."""
    problems = []
    records = frame.to_dict("records")
    valid = [r for r in records if re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", r["version"])]
    for row, (before, record) in enumerate(zip(valid, valid[1:]), start=2):
        if version_key(record["version"]) <= version_key(before["version"]) or record["date"] < before["date"]:
            problems.append(
                problem(
                    "releases.csv",
                    row,
                    f"release {record['version']} ({record['date']}) does not follow "
                    f"{before['version']} ({before['date']}): list the releases oldest first",
                    record["version"],
                )
            )
    cff_path = book_root(data_root) / "CITATION.cff"
    if records and cff_path.is_file():
        cff = yaml.safe_load(cff_path.read_text(encoding="utf-8"))
        last = records[-1]
        wanted = (str(cff.get("version", "")), str(cff.get("date-released", "")))
        if (last["version"], last["date"]) != wanted:
            problems.append(
                problem(
                    "releases.csv",
                    len(records),
                    f"the last release is {last['version']} of {last['date']}, but CITATION.cff describes "
                    f"{wanted[0]} of {wanted[1]}: add the release being made, or correct one of them",
                    last["version"],
                )
            )
    known = {r["version"] for r in records}
    for row, record in enumerate(corrections.to_dict("records"), start=1):
        if record["release"] not in known:
            problems.append(
                problem("corrections.csv", row, f"release {record['release']!r} is not in releases.csv", record["id"])
            )
    return problems
