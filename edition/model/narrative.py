"""The narrative in plain English, as a reader reads it through: which passages tell the story, how
their renderings fall into paragraphs, and how long each part takes to read.

- the story is sections 1–9: the source's reference list and external links (``NOT_STORY``) stay in
  their chapters, and so do hatnotes ("see also: …");
- a paragraph never crosses a heading of the source (a passage of kind ``heading`` or
  ``subheading``), starts where the editors mark a turn of topic (``narrative_paragraphs.csv``),
  never breaks a sentence that runs on from one passage into the next, and holds at most
  ``MAX_PARAGRAPH_WORDS`` words: a part longer than that is cut into paragraphs of about equal
  length, at passage ends that end a sentence;
- reading times are counted at ``WORDS_A_MINUTE``.

Nothing here imports docutils or Sphinx; ``edition.sphinxext.narrative`` draws what this decides.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from edition.model.edition import Edition, Passage
from edition.model.pages import section_key
from edition.model.text import ends_sentence, story_text, words

NOT_STORY = {"references", "links"}  # sections.csv keys: lists, not the story
MAX_PARAGRAPH_WORDS = 200
TARGET_PARAGRAPH_WORDS = 150
WORDS_A_MINUTE = 240


def story_sections(edition: Edition) -> list[int]:
    return [int(s) for s in edition.sections["section"] if section_key(edition, int(s)) not in NOT_STORY]


def story_passages(edition: Edition, section: int) -> list[Passage]:
    """The passages of a section that the narrative shows (a passage that is only a hatnote is left out)."""
    return [p for p in edition.passages_in_section(section) if story_text(edition.rendering_of(p.id))]


@dataclass(frozen=True)
class Block:
    """One piece of a section of the narrative: a sub-section heading, or a paragraph of passages."""

    kind: str  # "heading" | "paragraph"
    passages: tuple[Passage, ...]


def paragraphs(edition: Edition, run: list[Passage]) -> list[list[Passage]]:
    """A run of body passages (between two headings) cut into paragraphs: first where the editors
    mark a turn of topic (``narrative_paragraphs.csv``), then any part still over
    MAX_PARAGRAPH_WORDS words by length (``by_length``)."""
    turns = set(edition.narrative_paragraphs["passage"])
    parts: list[list[Passage]] = []
    for passage in run:
        if not parts or passage.id in turns:
            parts.append([])
        parts[-1].append(passage)
    return [paragraph for part in parts for paragraph in by_length(edition, part)]


def by_length(edition: Edition, run: list[Passage]) -> list[list[Passage]]:
    """A run of passages cut into paragraphs: as few as keep each at most MAX_PARAGRAPH_WORDS words
    (or as many as TARGET_PARAGRAPH_WORDS suggests), as equal as the sentence ends allow."""
    if not run:
        return []
    sizes = [words(story_text(edition.rendering_of(p.id))) for p in run]
    if sum(sizes) <= MAX_PARAGRAPH_WORDS:
        return [run]  # a topic the editors marked, short enough: one paragraph
    # a cut after passage i is allowed where its rendering ends a sentence
    allowed = [ends_sentence(story_text(edition.rendering_of(p.id))) for p in run]
    total = sum(sizes)
    n = len(run)
    best = None
    for count in range(max(1, math.ceil(total / TARGET_PARAGRAPH_WORDS)), n + 1):
        target = total / count
        # cost[j][k]: the least cost of cutting run[:j] into k paragraphs
        inf = float("inf")
        cost = [[inf] * (count + 1) for _ in range(n + 1)]
        back = [[0] * (count + 1) for _ in range(n + 1)]
        cost[0][0] = 0.0
        for j in range(1, n + 1):
            if j < n and not allowed[j - 1]:
                continue  # no paragraph may end here
            for i in range(j):
                if i and not allowed[i - 1]:
                    continue
                size = sum(sizes[i:j])
                if size > MAX_PARAGRAPH_WORDS and j - i > 1:
                    continue
                for k in range(1, count + 1):
                    if cost[i][k - 1] == inf:
                        continue
                    c = cost[i][k - 1] + (size - target) ** 2
                    if c < cost[j][k]:
                        cost[j][k], back[j][k] = c, i
        if cost[n][count] < inf:
            cuts, j = [], n
            for k in range(count, 0, -1):
                i = back[j][k]
                cuts.append(run[i:j])
                j = i
            best = list(reversed(cuts))
            break
    return best or [run]


def blocks(edition: Edition, section: int) -> list[Block]:
    """A section of the narrative, after its title (the section's first passage when it is a heading):
    sub-section headings and paragraphs, in source order."""
    passages = story_passages(edition, section)
    if passages and passages[0].kind == "heading":
        passages = passages[1:]
    out: list[Block] = []
    run: list[Passage] = []
    for passage in passages + [None]:
        if passage is None or passage.is_heading:
            out += [Block("paragraph", tuple(p)) for p in paragraphs(edition, run)]
            run = []
            if passage is not None:
                out.append(Block("heading", (passage,)))
        else:
            run.append(passage)
    return out


def section_words(edition: Edition, section: int) -> int:
    return sum(words(story_text(edition.rendering_of(p.id))) for p in story_passages(edition, section))


def minutes(word_count: int) -> int:
    """Reading time in whole minutes (at least one) at WORDS_A_MINUTE."""
    return max(1, round(word_count / WORDS_A_MINUTE))
