"""``{three-forms} 4.22``: one passage shown in its three forms (as received, edited, the editors'
plain English), drawn from the data like every passage; the home page shows it in its first screen.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from edition.model.edited import RENDERING_LABEL, edited_text
from edition.sphinxext.narrative import rendering_inlines
from edition.sphinxext.pages import passage_link
from edition.sphinxext.passage import inline_nodes, reader_words
from edition.sphinxext.state import edition_of


class ThreeFormsDirective(SphinxDirective):
    required_arguments = 1

    def run(self):
        edition = edition_of(self.env.app)
        pid = self.arguments[0].strip()
        passage = edition.by_id.get(pid)
        if passage is None:
            return [self.state.document.reporter.warning(f"unknown passage id {pid!r}", line=self.lineno)]
        docname = self.env.docname
        box = nodes.container(classes=["three-forms"])
        forms = [
            (
                "As received",
                "diplomatic",
                inline_nodes(edited_text(edition, passage, received=True), edition.tokens, docname),
            ),
            (
                "Edited, with the editors' marks",
                "reading",
                inline_nodes(
                    edited_text(edition, passage), edition.tokens, docname, edition.cite_label, reader_words(edition)
                ),
            ),
            (f"Plain English ({RENDERING_LABEL.lower()})", "rendering", rendering_inlines(edition.rendering_of(pid))),
        ]
        for label, kind, inlines in forms:
            form = nodes.paragraph(classes=["tf-form", f"tf-{kind}"], support_smartquotes=False)
            form += nodes.inline(text=label, classes=["tf-label"])
            text = nodes.inline(classes=["tf-text"])
            text += inlines
            form += text
            box += form
        where = nodes.paragraph(classes=["three-forms-source"])
        where += nodes.Text("Passage ")
        where += passage_link(pid, docname)
        where += nodes.Text(f" of the chapter “{edition.section_title(passage.section)}”, with its notes.")
        return [box, where]


def setup_home(app) -> None:
    app.add_directive("three-forms", ThreeFormsDirective)
