"""The editors' plain-English rendering of each passage, and the narrative that joins them.

- ``rendering_paragraph``: the third view of a passage, labelled as the editors' rendering;
- ``{narrative}``: every chapter's renderings joined into prose read straight through, with the ¶
  numbers in the margin, each chapter linked from its page.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from edition.model.edited import RENDERING_LABEL
from edition.model.edition import Edition
from edition.model.narrative import (
    WORDS_A_MINUTE,
    blocks,
    minutes,
    section_words,
    story_passages,
    story_sections,
    story_text,
)
from edition.model.pages import NARRATIVE_PAGE, chapter_docname
from edition.sphinxext.nodes import spoken_mark
from edition.sphinxext.pages import passage_link
from edition.sphinxext.state import edition_of

RENDERING_MARK = re.compile(r"⟨[^⟩]*⟩|\[…\]")


def rendering_inlines(text: str) -> list[nodes.Node]:
    """A rendering as inline nodes; its editorial marks (⟨word?⟩, […]) set apart for styling."""
    out: list[nodes.Node] = []
    at = 0
    for match in RENDERING_MARK.finditer(text):
        if match.start() > at:
            out.append(nodes.Text(text[at : match.start()]))
        kind = "gap" if match.group() == "[…]" else "supplied"
        words = (
            "words lost in the source"
            if kind == "gap"
            else f"{match.group()[1:-1].rstrip('?')}, an uncertain restoration"
        )
        out.append(spoken_mark(match.group(), match.group(), classes=[kind], spoken=words))
        at = match.end()
    if at < len(text):
        out.append(nodes.Text(text[at:]))
    return out


def rendering_paragraph(edition: Edition, pid: str) -> nodes.paragraph:
    """The third view of a passage: the editors' plain English, labelled as such in words."""
    paragraph = nodes.paragraph(classes=["rendering"], support_smartquotes=False)
    paragraph += nodes.inline(text=RENDERING_LABEL, classes=["rendering-label"])
    paragraph += nodes.Text(" ")
    body = nodes.inline(classes=["rendering-text"])
    body += rendering_inlines(edition.rendering_of(pid))
    paragraph += body
    return paragraph


def narrative_link(section: int, docname: str, text: str) -> nodes.Node:
    link = addnodes.pending_xref(
        "",
        refdomain="edition",
        reftype="narrative",
        reftarget=str(section),
        refdoc=docname,
        refexplicit=True,
        classes=["narrative-ref"],
    )
    link += nodes.inline(text=text)
    return link


def numbered_rendering(edition: Edition, pid: str, docname: str) -> list[nodes.Node]:
    """One passage of the narrative: its ¶ number (in the margin, linking to the passage) and its
    rendering, as the story shows it (``edition.model.narrative.story_text``: no hatnotes)."""
    number = nodes.inline(classes=["narrative-number"])
    number += passage_link(pid, docname)
    rendering = story_text(edition.rendering_of(pid))
    first = re.match(r"\s*(⟨[^⟩]*⟩\S*|\S+)", rendering)
    first = first.group() if first else ""
    # The number floats into the margin; held to the passage's first word (no line break between
    # them) it stands on the line where the passage starts.
    start = nodes.inline(classes=["narrative-start"])
    start += number
    start += rendering_inlines(first)
    text = nodes.inline(ids=[f"n-{pid}"], classes=["narrative-passage"], support_smartquotes=False)
    text += start
    text += rendering_inlines(rendering[len(first) :])
    return [text]


def marked_note(record: dict, docname: str) -> nodes.Node:
    """The editors' marked note at a passage of the narrative (``data/narrative_notes.csv``), leading
    to the notes on the passage it names."""
    note = nodes.inline(classes=["narrative-note"])
    note += nodes.inline(text="Editors' note: ", classes=["narrative-note-label"])
    note += nodes.Text(record["note"] + " ")
    see = nodes.inline(classes=["narrative-note-see"])
    see += nodes.Text("See the notes on ")
    see += passage_link(record["see"], docname)
    see += nodes.Text(".")
    note += see
    return note


def reading_time(word_count: int) -> str:
    minutes_ = minutes(word_count)
    return f"about {minutes_} minute{'s' if minutes_ != 1 else ''} ({word_count:,} words at {WORDS_A_MINUTE} a minute)"


class NarrativeDirective(SphinxDirective):
    """``{narrative}``: the story (sections 1–9) in the editors' plain English, under the source's
    section and sub-section headings, in paragraphs (``edition.model.narrative.blocks``), with each
    ¶ number in the margin linking to its passage (and so to its notes), the editors' marked notes
    at their passages, and the reading time of the whole and of each section."""

    def run(self):
        edition = edition_of(self.env.app)
        docname = self.env.docname
        notes = {r["passage"]: r for r in edition.narrative_notes.to_dict("records")}
        sections = story_sections(edition)
        total = sum(section_words(edition, s) for s in sections)
        whole = nodes.paragraph(classes=["narrative-time", "narrative-total-time"])
        whole += nodes.Text(f"Reading time of the whole narrative: {reading_time(total)}.")
        out = [whole]
        for section in sections:
            passages = story_passages(edition, section)
            if not passages:
                continue
            chapter = chapter_docname(edition, passages[0].id)
            box = nodes.section(ids=[f"narrative-{section}"], classes=["narrative-section"])
            title = nodes.title()
            if passages[0].kind == "heading":
                title += numbered_rendering(edition, passages[0].id, docname)
            else:
                title += nodes.Text(edition.section_title(section))
            box += title
            back = nodes.paragraph(classes=["narrative-chapter"])
            back += nodes.inline(
                text=f"Reading time: {reading_time(section_words(edition, section))}. ", classes=["narrative-time"]
            )
            back += nodes.Text("The edited text, with notes: ")
            link = addnodes.pending_xref(
                "", refdomain="std", reftype="doc", reftarget=f"/{chapter}", refdoc=docname, refexplicit=True
            )
            link += nodes.inline(text=edition.section_title(section))
            back += link
            box += back
            where = box
            for block in blocks(edition, section):
                if block.kind == "heading":
                    passage = block.passages[0]
                    where = nodes.section(ids=[f"narrative-{passage.id}"], classes=["narrative-subsection"])
                    sub_title = nodes.title()
                    sub_title += numbered_rendering(edition, passage.id, docname)
                    where += sub_title
                    box += where
                    continue
                paragraph = nodes.paragraph(classes=["narrative-paragraph"])
                for k, passage in enumerate(block.passages):
                    if k:
                        paragraph += nodes.Text(" ")
                    paragraph += numbered_rendering(edition, passage.id, docname)
                    if passage.id in notes:
                        paragraph += marked_note(notes[passage.id], docname)
                where += paragraph
            out.append(box)
        return out


def link_chapter_to_narrative(app, doctree):
    """Each text chapter opens with a link to its narrative in plain English."""
    docname = app.env.docname
    placed = [pid for pid, (doc, _) in app.env.get_domain("edition").data["placed"].items() if doc == docname]
    top = next(iter(doctree.findall(nodes.section)), None)
    if not placed or top is None or NARRATIVE_PAGE not in app.env.found_docs:
        return
    edition = edition_of(app)
    section = edition.by_id[placed[0]].section
    if section not in story_sections(edition):  # the reference lists are not part of the story
        return
    line = nodes.paragraph(classes=["narrative-invitation"])
    line += narrative_link(section, docname, "Read this chapter straight through in plain English")
    line += nodes.Text(" (the editors' rendering, with the ¶ numbers in the margin).")
    index = next((i + 1 for i, child in enumerate(top.children) if isinstance(child, nodes.title)), 0)
    top.insert(index, line)


def narrative_toc_without_numbers(app, doctree):
    """The page's table of contents lists the narrative's headings without their marginal ¶ numbers
    (and without the ids of the headings it copies, which must stay unique on the page)."""
    toc = app.env.tocs.get(app.env.docname)
    if app.env.docname != NARRATIVE_PAGE or toc is None:
        return
    for number in list(toc.findall(lambda n: isinstance(n, nodes.inline) and "narrative-number" in n["classes"])):
        number.parent.remove(number)
    for inline in toc.findall(nodes.inline):
        inline["ids"] = []


def setup_narrative(app) -> None:
    app.add_directive("narrative", NarrativeDirective)
    app.connect("doctree-read", link_chapter_to_narrative)
    app.connect("doctree-read", narrative_toc_without_numbers, priority=900)  # after Sphinx's table of contents
