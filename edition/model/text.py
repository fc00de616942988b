"""Tokens and spans: the smallest pieces of the edition's data model.

A token is one whitespace-separated word of the source (``text.split()``); token *i* is
counted from 0. A span is an inclusive pair of token indexes, as in every table of the edition.
"""

from __future__ import annotations

import re

PASSAGE_ID = re.compile(r"^(?P<section>[1-9][0-9]*)\.(?P<ordinal>[1-9][0-9]*)(?P<split>[a-z]?)$")
SPLIT_THOUSAND = re.compile(r"^000(?:[–-][0-9]{1,3})?$")


def tokenize(text: str) -> list[str]:
    """The source's tokens, exactly as the preprocessing left them."""
    return text.split()


def span_text(tokens: list[str], first: int, last: int) -> str:
    """The tokens of an inclusive span joined by single spaces."""
    if not 0 <= first <= last < len(tokens):
        raise IndexError(f"span {first}..{last} is outside 0..{len(tokens) - 1}")
    return " ".join(tokens[first : last + 1])


def spans_cover(spans: list[tuple[int, int]], n_tokens: int) -> list[str]:
    """Problems that stop ``spans`` (in order) covering tokens 0..n_tokens-1 exactly once."""
    problems = []
    expected = 0
    for index, (first, last) in enumerate(spans):
        if first > last:
            problems.append(f"span {index} runs backwards ({first}..{last})")
        if first > expected:
            problems.append(f"gap: tokens {expected}..{first - 1} belong to no span (before span {index})")
        elif first < expected:
            problems.append(f"overlap: span {index} starts at token {first}, but token {first} is already covered")
        expected = max(expected, last + 1)
    if expected < n_tokens:
        problems.append(f"gap: tokens {expected}..{n_tokens - 1} at the end belong to no span")
    elif expected > n_tokens:
        problems.append(f"span ends at token {expected - 1}, past the last token {n_tokens - 1}")
    return problems


def parse_passage_id(passage_id: str) -> tuple[int, int, str]:
    """``"4.7a"`` → ``(4, 7, "a")``; a ValueError names what is wrong."""
    match = PASSAGE_ID.match(passage_id)
    if not match:
        raise ValueError(f"passage id {passage_id!r} is not of the form S.N (e.g. 4.7, or 4.7a after a split)")
    return int(match["section"]), int(match["ordinal"]), match["split"]


def has_digit(token: str) -> bool:
    return any(character.isdigit() for character in token)


def rejoin_thousands(tokens: list[str]) -> list[tuple[int, int, str]]:
    """Numbers the preprocessing split at the thousands separator, rejoined.

    ``75 000`` → ``(i, i+1, "75,000")``; ``12 000–15 000`` → ``(i, i+2, "12,000–15,000")``.
    A group is a 1–3 digit token followed by one or more ``000`` tokens (a range's dash may
    ride on one of them: ``000–15``). Only round thousands are rejoined: ``1 024`` in an ISBN
    is left alone, and the source has no other kind of split number.
    """
    joined = []
    i = 0
    while i < len(tokens):
        if re.fullmatch(r"[0-9]{1,3}", tokens[i]) and i + 1 < len(tokens) and SPLIT_THOUSAND.match(tokens[i + 1]):
            j = i + 1
            while (
                j + 1 < len(tokens) and (tokens[j] == "000" or "–" in tokens[j]) and SPLIT_THOUSAND.match(tokens[j + 1])
            ):
                j += 1
            joined.append((i, j, ",".join(tokens[i : j + 1])))
            i = j + 1
        else:
            i += 1
    return joined


# A hatnote of the wiki kept in a rendering: "(see also: Soviet–Afghan War; …)", "Main article: …".
HATNOTE = re.compile(
    r"\s*\((?:see also|main articles?|further information)\s*:[^)]*\)|^\s*(?:see also|main articles?)\s*:.*$", re.I
)
SENTENCE_END = re.compile(r"[.!?…][’'\"”)]*\s*$")


def story_text(rendering: str) -> str:
    """A rendering as the narrative shows it: without the wiki's hatnotes."""
    return HATNOTE.sub("", rendering).strip()


def words(text: str) -> int:
    return len(re.findall(r"\S+", text))


def ends_sentence(text: str) -> bool:
    return bool(SENTENCE_END.search(text))
