"""The glossary (``data/glossary.csv``): the page that lists its terms, and the link from each term's
first use on a page to its definition.

- ``{edition-glossary}`` writes the terms as a Sphinx glossary (``sphinx.domains.std.make_glossary_term``:
  each term a ``std:term`` target, anchored ``g-<id>``), each definition with its source as author
  and year, linked to the bibliography;
- on every page that places passages, and on the narrative, the first use of each term in a
  rendering or a note (and in the narrative's prose) becomes a ``std:term`` reference.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.domains.std import make_glossary_term
from sphinx.util.docutils import SphinxDirective

from edition.checks.reader import glossary_variants
from edition.model.pages import NARRATIVE_PAGE
from edition.sphinxext.nodes import siglum
from edition.sphinxext.state import edition_of

GLOSSARY_PAGE = "chapters/glossary"


def glossary_anchor(term_id: str) -> str:
    return f"g-{term_id}"


class GlossaryDirective(SphinxDirective):
    """``{edition-glossary}``: every term of ``data/glossary.csv``, in alphabetical order."""

    def run(self):
        edition = edition_of(self.env.app)
        glossary = addnodes.glossary()
        glossary["sorted"] = True  # as Sphinx's own glossary directive records it
        items = nodes.definition_list(classes=["glossary", "edition-glossary"])
        glossary += items
        records = sorted(edition.glossary.to_dict("records"), key=lambda r: r["term"].lower())
        for record in records:
            item = nodes.definition_list_item()
            term = make_glossary_term(
                self.env,
                [nodes.Text(record["term"])],
                None,
                self.env.docname,
                self.lineno,
                glossary_anchor(record["id"]),
                self.state.document,
            )
            item += term
            definition = nodes.definition()
            body = nodes.paragraph()
            body += nodes.Text(record["definition"])
            if record["source"]:
                body += nodes.Text(" (")
                link = addnodes.pending_xref(
                    "",
                    refdomain="std",
                    reftype="doc",
                    reftarget="/chapters/bibliography",
                    refdoc=self.env.docname,
                    refexplicit=True,
                )
                link += nodes.inline(text=edition.cite_label(record["source"]))
                body += link
                body += nodes.Text(")")
            definition += body
            spellings = glossary_variants(record)
            if spellings:
                line = nodes.paragraph(classes=["glossary-spellings"])
                line += nodes.Text("In the damaged source: ")
                for k, spelling in enumerate(spellings):
                    if k:
                        line += nodes.Text(", ")
                    line += nodes.emphasis(text=spelling)
                definition += line
            item += definition
            items += item
        return [glossary]


def term_patterns(edition) -> list[tuple[str, re.Pattern]]:
    """Each term with the pattern of its uses: the term and its spellings, whole words, any case."""
    out = []
    for record in edition.glossary.to_dict("records"):
        forms = sorted({record["term"], *glossary_variants(record)}, key=len, reverse=True)
        alternatives = "|".join(re.escape(form) for form in forms)
        out.append((record["term"], re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)))
    return out


# What a term's use may not be linked inside: links, code, sigla, the ¶ numbers, headings, marked notes.
def _linkable(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, (nodes.reference, addnodes.pending_xref, nodes.literal, nodes.title, siglum)):
            return False
        classes = parent.get("classes", []) if isinstance(parent, nodes.Element) else []
        if {"narrative-number", "rendering-mark", "rendering-label", "narrative-note"} & set(classes):
            return False
        parent = parent.parent
    return True


def _containers(doctree, docname: str):
    """Where a term is linked: the renderings and notes of the passages (chapters), the narrative's paragraphs."""
    if docname == NARRATIVE_PAGE:
        return [n for n in doctree.findall(nodes.paragraph) if "narrative-paragraph" in n["classes"]]

    def wanted(node):
        return isinstance(node, nodes.Element) and ({"rendering-text", "passage-notes"} & set(node.get("classes", [])))

    return list(doctree.findall(wanted))


def link_first_uses(app, doctree):
    """The first use of each glossary term on a page (a chapter or the narrative) links to its definition."""
    docname = app.env.docname
    if GLOSSARY_PAGE not in app.env.found_docs or docname == GLOSSARY_PAGE:
        return
    containers = _containers(doctree, docname)
    if not containers:
        return
    pending = term_patterns(edition_of(app))
    for container in containers:
        for text in list(container.findall(nodes.Text)):
            if not pending or not _linkable(text):
                continue
            _link_in(text, pending, docname)


def _link_in(text: nodes.Text, pending: list, docname: str) -> None:
    """Link the earliest first use in ``text``, then go on in what follows it."""
    value = str(text)
    found = [(m.start(), m.end(), term, k) for k, (term, pattern) in enumerate(pending) if (m := pattern.search(value))]
    if not found:
        return
    start, end, term, k = min(found)
    del pending[k]
    parent = text.parent
    link = addnodes.pending_xref(
        "",
        refdomain="std",
        reftype="term",
        reftarget=term,
        refdoc=docname,
        refexplicit=True,
        classes=["glossary-term"],
    )
    link += nodes.inline(text=value[start:end], classes=["xref", "std", "std-term"])
    rest = nodes.Text(value[end:])
    pieces = [nodes.Text(value[:start])] if start else []
    pieces += [link, rest] if value[end:] else [link]
    index = next(i for i, child in enumerate(parent.children) if child is text)
    del parent.children[index]
    for offset, piece in enumerate(pieces):
        parent.insert(index + offset, piece)
    if value[end:]:
        _link_in(rest, pending, docname)


def setup_glossary(app) -> None:
    app.add_directive("edition-glossary", GlossaryDirective)
    app.connect("doctree-read", link_first_uses, priority=800)
