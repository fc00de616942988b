"""Corrections: each row of ``corrections.csv`` names what it corrects (a passage, a row of a
table, or a page of the book)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

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
    ids = set(tables["passages"]["id"])
    for name in ("apparatus", "alternatives", "events", "figures", "entities"):
        ids |= set(tables[name]["id"])
    return ids
