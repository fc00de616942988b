"""A way around every long chapter (issue 24): real headings for the source's sub-sections, and a
"go to ¶" control.

- ``ChapterSections`` (a transform, so that it runs before Sphinx collects the page's table of
  contents): each passage that is a sub-heading of the source (``kind`` ``subheading`` in
  ``data/passages.csv``) opens a section of the chapter, titled with the editors' plain English of
  that heading, which holds the heading passage and the passages after it up to the next one. The
  theme's page contents (and its contents button on a phone) list these sections. The passage
  boxes keep their anchors (``p-…``); the sections' are ``s-…`` (``s-4.8``). Where passages are
  placed is recorded by the directive, so the passage-order check does not see the move.
- ``goto_form``: at the top of every chapter that places passages, a small form, "Go to ¶", whose
  script (``_static/goto.js``) goes to ``#p-4.30`` on this page or on the chapter that holds it;
  without scripts it sends the number to the search page, which lists the passage first.
"""

from __future__ import annotations

import html
import json
import re

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.osutil import relative_uri

from edition.model.pages import chapter_docname
from edition.sphinxext.state import edition_of

SECTION_PREFIX = "s-"


def passage_box_id(node: nodes.Node) -> str | None:
    """The passage id of a passage box (the directive's container), else None."""
    if isinstance(node, nodes.container) and "passage" in node["classes"] and node["ids"]:
        anchor = node["ids"][0]
        return anchor[2:] if anchor.startswith("p-") else None
    return None


def heading_title(edition, pid: str) -> str:
    return " ".join(re.sub(r"[⟨⟩?]", "", edition.rendering_of(pid)).split()) or f"¶ {pid}"


class ChapterSections(SphinxTransform):
    """The sub-headings of the source become sections of the chapter (see the module's docstring)."""

    default_priority = 860  # before DoctreeReadEvent (880), which collects the page's contents

    def apply(self, **kwargs) -> None:
        edition = edition_of(self.app)
        for parent in list(self.document.findall(nodes.section)):
            heads = [
                child
                for child in parent.children
                if (pid := passage_box_id(child)) and pid in edition.by_id and edition.by_id[pid].kind == "subheading"
            ]
            if not heads:
                continue
            kept: list[nodes.Node] = []
            current = None
            for child in list(parent.children):
                pid = passage_box_id(child)
                if pid in edition.by_id and edition.by_id[pid].kind == "subheading":
                    current = nodes.section(ids=[f"{SECTION_PREFIX}{pid}"], classes=["source-subsection"])
                    current += nodes.title(text=heading_title(edition, pid))
                    kept.append(current)
                if isinstance(child, nodes.section):
                    current = None
                parent.remove(child)
                if current is not None:
                    current += child
                else:
                    kept.append(child)
            parent.extend(kept)


def goto_form(app, docname: str) -> nodes.raw:
    """The "go to ¶" form of a chapter (interface, not data: its only data, the chapters' addresses,
    is escaped)."""
    edition = edition_of(app)
    here = app.builder.get_target_uri(docname)
    chapters = {}
    for section in sorted({p.section for p in edition.passages}):
        first = next(p for p in edition.passages if p.section == section)
        chapters[str(section)] = relative_uri(here, app.builder.get_target_uri(chapter_docname(edition, first.id)))
    search = relative_uri(here, app.builder.get_target_uri("search"))
    markup = (
        f'<form class="goto-passage" action="{html.escape(search)}" method="get" role="search" '
        f'aria-label="Go to a passage" data-chapters="{html.escape(json.dumps(chapters))}" '
        f'data-passages="{html.escape(" ".join(p.id for p in edition.passages))}">'
        '<label for="goto-passage-number">Go to ¶</label>'
        '<input id="goto-passage-number" name="q" type="text" inputmode="decimal" autocomplete="off" '
        'placeholder="4.30" size="6" pattern="\\s*¶?\\s*[0-9]{1,2}\\.[0-9]{1,3}[a-z]?\\s*" '
        'title="A passage number, such as 4.30">'
        '<button type="submit">Go</button><span class="goto-status" role="status"></span></form>'
    )
    return nodes.raw("", markup, format="html")


def add_goto_form(app, doctree) -> None:
    """Chapters that place passages get the form under their title (in HTML: the form links pages)."""
    if app.builder.format != "html":
        return
    docname = app.env.docname
    placed = app.env.get_domain("edition").data["placed"]
    if not any(doc == docname for doc, _ in placed.values()):
        return
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None or not top.children or not isinstance(top.children[0], nodes.title):
        return
    top.insert(1, goto_form(app, docname))


def chapter_script(app, pagename, templatename, context, doctree):
    """goto.js only on the pages that have passages (the form and the highlight of a searched passage)."""
    if 'class="goto-passage"' in context.get("body", ""):
        app.add_js_file("goto.js", defer="defer")


def setup_navigation(app) -> None:
    app.add_css_file("navigation.css")
    app.add_transform(ChapterSections)
    app.connect("doctree-read", add_goto_form)
    app.connect("html-page-context", chapter_script)
