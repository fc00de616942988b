"""Page and anchor names: where each thing of the edition is shown in the book, in one place.

The chapters are ``chapters/NN-key`` (NN the section, ``key`` from ``sections.csv``); a passage's
anchor is ``p-<id>`` (``Passage.anchor``); an index entry's ``e-<entity>``; a figure's or event's
row under its chart has the row's id. Nothing here imports Sphinx or Altair.
"""

from __future__ import annotations

# The chart page that draws each category of figures (see chapters/figures/).
CHART_PAGES = {
    "casualties": "chapters/figures/casualties",
    "displacement": "chapters/figures/casualties",
    "strength": "chapters/figures/strength",
    "munitions": "chapters/figures/munitions",
    "equipment": "chapters/figures/equipment",
    "aid": "chapters/figures/aid",
    "economy": "chapters/figures/aid",
    "other": "chapters/figures/aid",
}
TIMELINE_PAGE = "chapters/figures/timeline"
NARRATIVE_PAGE = "chapters/narrative"
APPARATUS_PAGE = "chapters/apparatus"
PLACES_INDEX_PAGE = "chapters/index-places"


def section_key(edition, section: int) -> str:
    return edition.indexed("sections", "keys", lambda frame: dict(zip(frame["section"], frame["key"])))[section]


def chapter_docname(edition, passage_id: str) -> str:
    """The chapter that places a passage: ``chapters/04-jalalabad`` for 4.22."""
    passage = edition.by_id[passage_id]
    return f"chapters/{passage.section:02d}-{section_key(edition, passage.section)}"


def chart_page(edition, row_id: str) -> str | None:
    """The page whose chart draws a figure (F…) or event (E…) row, or None for an unknown id."""
    if row_id in edition.indexed("events", "ids", lambda frame: set(frame["id"])):
        return TIMELINE_PAGE
    category = edition.indexed("figures", "categories", lambda frame: dict(zip(frame["id"], frame["category"]))).get(
        row_id
    )
    return CHART_PAGES.get(category)


def entity_anchor(entity: str) -> str:
    return f"e-{entity}"
