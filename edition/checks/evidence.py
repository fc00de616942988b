"""Evidence: the vocabulary of the ``evidence`` column and what each kind may carry.

Evidence (``apparatus.csv`` and ``alternatives.csv``) is one of: a references.bib key; ``rule``;
``context`` (the reasoning is in the note); ``witness:URL``, a copy of *this* article; or
``revision:URL``, a copy of an earlier revision of this article (under an older title, say), which
alone cannot carry ``high`` certainty either; ``parallel:URL``, a copy of a different article, which
alone cannot carry ``high`` certainty.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import pandas as pd

from edition.checks.problems import problem

THIS_ARTICLE = "Afghan_Civil_War_(1989–1992)"


EVIDENCE_FORMS = "a references.bib key, 'rule', 'context', 'witness:URL', 'revision:URL' or 'parallel:URL'"


def article_title(url: str) -> str:
    """The article a copy's address names: its last path segment, decoded (``Battle of Jalalabad (1989)``)."""
    return unquote(url.rstrip("/").rsplit("/", 1)[-1]).replace("_", " ")


def evidence_problem(evidence: str, certainty: str, bib: set[str]) -> str | None:
    """What is wrong with one evidence value at this certainty, or None."""
    if evidence in bib or evidence in ("rule", "context"):
        return None
    kind, _, url = evidence.partition(":")
    if kind == "revision" and re.fullmatch(r"https?://[^/\s]+/\S*", url):
        # a copy of an earlier revision of this article: the later revision may have changed the words
        if certainty == "high":
            return (
                "an earlier revision of the article alone cannot carry 'high' certainty (the revision the "
                "source copies may have changed the words): lower it, or cite a witness or a work"
            )
        return None
    if kind not in ("witness", "parallel") or not re.fullmatch(r"https?://[^/\s]+/\S*", url):
        return f"evidence {evidence!r} is not {EVIDENCE_FORMS}"
    names_this = THIS_ARTICLE in unquote(url)
    if kind == "witness" and not names_this:
        return (
            f"evidence {evidence!r} is a copy of another article ({article_title(url)}), not a witness of this one "
            f"(a witness's address names {THIS_ARTICLE}): cite it as 'parallel:'"
        )
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
            problems.append(problem(file, row, text, record["id"]))
    return problems
