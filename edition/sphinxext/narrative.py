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
from edition.model.pages import NARRATIVE_PAGE, chapter_docname
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
        out.append(nodes.inline(text=match.group(), classes=["rendering-mark", kind]))
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
    """One passage of the narrative: its ¶ number (in the margin, linking to the passage) and its rendering."""
    number = nodes.inline(classes=["narrative-number"])
    number += passage_link(pid, docname)
    rendering = edition.rendering_of(pid)
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


class NarrativeDirective(SphinxDirective):
    """``{narrative}``: every chapter's renderings joined into prose, a paragraph between two headings,
    with each ¶ number in the margin linking to its passage (and so to its notes)."""

    def run(self):
        edition = edition_of(self.env.app)
        docname = self.env.docname
        out = []
        for section in edition.sections["section"]:
            passages = edition.passages_in_section(int(section))
            if not passages:
                continue
            chapter = chapter_docname(edition, passages[0].id)
            box = nodes.section(ids=[f"narrative-{section}"], classes=["narrative-section"])
            title = nodes.title()
            if passages[0].is_heading:
                title += numbered_rendering(edition, passages[0].id, docname)
                passages = passages[1:]
            else:
                title += nodes.Text(edition.section_title(int(section)))
            box += title
            back = nodes.paragraph(classes=["narrative-chapter"])
            back += nodes.Text("The edited text, with notes: ")
            link = addnodes.pending_xref(
                "", refdomain="std", reftype="doc", reftarget=f"/{chapter}", refdoc=docname, refexplicit=True
            )
            link += nodes.inline(text=edition.section_title(int(section)))
            back += link
            box += back
            where, paragraph = box, None
            for passage in passages:
                if passage.is_heading:
                    where = nodes.section(ids=[f"narrative-{passage.id}"], classes=["narrative-subsection"])
                    sub_title = nodes.title()
                    sub_title += numbered_rendering(edition, passage.id, docname)
                    where += sub_title
                    box += where
                    paragraph = None
                    continue
                if paragraph is None:
                    paragraph = nodes.paragraph(classes=["narrative-paragraph"])
                    where += paragraph
                else:
                    paragraph += nodes.Text(" ")
                paragraph += numbered_rendering(edition, passage.id, docname)
            out.append(box)
        return out


def link_chapter_to_narrative(app, doctree):
    """Each text chapter opens with a link to its narrative in plain English."""
    docname = app.env.docname
    placed = [pid for pid, (doc, _) in app.env.get_domain("edition").data["placed"].items() if doc == docname]
    top = next(iter(doctree.findall(nodes.section)), None)
    if not placed or top is None or NARRATIVE_PAGE not in app.env.found_docs:
        return
    section = edition_of(app).by_id[placed[0]].section
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
