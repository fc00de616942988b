"""Where each person, organisation, place and event of the index occurs, computed from the tokens.

Every variant in ``entities.csv`` is a run of source tokens. Occurrences are found longest variant
first, left to right, without overlaps, so that ``hezb islami gulbuddin`` is the party and not the
man, and ``haqqani network`` is not Jalaluddin Haqqani.
"""

from __future__ import annotations

import pandas as pd

from edition.model.edition import Edition


def variants_by_length(entities: pd.DataFrame) -> list[tuple[tuple[str, ...], str]]:
    variants = [
        (tuple(v.split()), record["id"])
        for record in entities.to_dict("records")
        for v in record["variants"].split("|")
        if v.strip()
    ]
    return sorted(variants, key=lambda item: -len(item[0]))


def find_occurrences(tokens: list[str], entities: pd.DataFrame) -> pd.DataFrame:
    """One row per occurrence: entity, first_token, last_token (inclusive)."""
    taken = [False] * len(tokens)
    rows = []
    for variant, entity in variants_by_length(entities):
        width = len(variant)
        for i in range(len(tokens) - width + 1):
            if tuple(tokens[i : i + width]) == variant and not any(taken[i : i + width]):
                taken[i : i + width] = [True] * width
                rows.append(dict(entity=entity, first_token=i, last_token=i + width - 1))
    return pd.DataFrame(rows, columns=["entity", "first_token", "last_token"]).sort_values(
        "first_token", ignore_index=True
    )


def occurrences(edition: Edition) -> pd.DataFrame:
    """Occurrences with the passage each lies in (computed once per loaded edition)."""
    if getattr(edition, "_occurrences", None) is None:
        frame = find_occurrences(edition.tokens, edition.entities)
        frame["passage"] = [edition.passage_of_token(i) for i in frame["first_token"]]
        edition._occurrences = frame
    return edition._occurrences


def passages_of(edition: Edition, entity: str) -> list[str]:
    """The passages in which ``entity`` occurs, in text order, each once."""
    frame = occurrences(edition)
    return list(dict.fromkeys(frame.loc[frame["entity"] == entity, "passage"]))
