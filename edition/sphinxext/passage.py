"""The ``passage`` directive: one passage of the registry placed in its chapter.

``{passage} 4.7`` writes the passage's number (its permalink), its cite button, the diplomatic and
reading forms of its text (each indexed name linked to its index entry), the editors' plain-English
rendering, the figures and events charted from it, and (the directive's body) the notes on it.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from edition.model.edited import Name, Unit, edited_text, explain, separators
from edition.model.edition import Edition
from edition.sphinxext.narrative import rendering_paragraph
from edition.sphinxext.nodes import cite_control, siglum
from edition.sphinxext.state import edition_of

logger = logging.getLogger(__name__)


class PassageDirective(SphinxDirective):
    """``{passage} 4.7`` places passage 4.7; the directive's body holds the notes on it."""

    required_arguments = 1
    has_content = True
    option_spec = {"class": directives.class_option}

    def run(self):
        edition = edition_of(self.env.app)
        pid = self.arguments[0].strip()
        passage = edition.by_id.get(pid)
        if passage is None:
            logger.warning(
                f"unknown passage id {pid!r}: it is not in data/passages.csv",
                location=self.get_location(),
                type="edition",
                subtype="unknown-passage",
            )
            return []
        domain = self.env.get_domain("edition")
        serial = self.env.temp_data.setdefault("edition_serial", 0)
        self.env.temp_data["edition_serial"] = serial + 1
        if not domain.place(pid, self.env.docname, serial, self.get_location()):
            return []

        box = nodes.container(classes=["passage", f"passage-{passage.kind}"], ids=[passage.anchor])
        box["ids"] = [passage.anchor]
        label = nodes.paragraph(classes=["passage-label"])
        label += nodes.reference(
            "", f"¶ {pid}", refid=passage.anchor, classes=["passage-number"], reftitle=f"Permalink to passage {pid}"
        )
        label += cite_control(passage=pid)
        box += label
        box += retired_notices(edition, pid, self.env.config.edition_version)

        text = nodes.container(classes=["passage-text"])
        # support_smartquotes=False: the source's apostrophes must stay exactly as received.
        diplomatic = nodes.paragraph(classes=["diplomatic"], support_smartquotes=False)
        diplomatic += inline_nodes(edited_text(edition, passage, received=True), edition.tokens, self.env.docname)
        reading = nodes.paragraph(classes=["reading"], support_smartquotes=False)
        reading += inline_nodes(edited_text(edition, passage), edition.tokens, self.env.docname)
        text += [diplomatic, reading, rendering_paragraph(edition, pid)]
        box += text

        box += figure_links(edition, pid, self.env.docname)

        if self.content:
            notes = nodes.container(classes=["passage-notes"], ids=[f"notes-{pid}"])  # a search result opens them
            self.state.nested_parse(self.content, self.content_offset, notes)
            box += notes
        return [box]


def retired_notices(edition: Edition, pid: str, version: str) -> list[nodes.Node]:
    """At a successor, one notice per id it replaced, carrying the old anchor (``#p-4.7`` lands here)."""
    notices = []
    for record in edition.retired[edition.retired["successor"] == pid].to_dict("records"):
        text = f"¶ {record['id']} is retired in version {version} of the edition; its text is now ¶ {pid}."
        if record["note"]:
            text += f" {record['note']}"
        notices.append(nodes.paragraph(text, text, classes=["retired-notice"], ids=[f"p-{record['id']}"]))
    return notices


def unit_node(unit: Unit, tokens: list[str]) -> nodes.Node:
    if unit.kind == "token":
        return nodes.Text(unit.text)
    return siglum(
        unit.siglum,
        unit.siglum,
        kind=unit.kind,
        entry_id=unit.entry["id"],
        explanation=explain(unit, tokens),
        negation=unit.negation,
        serial=str(unit.first),
        alternatives=len(unit.readings) - 1,
    )


def inline_nodes(pieces: list[Unit | Name], tokens: list[str], docname: str) -> list[nodes.Node]:
    """The edited text (``edition.model.edited``) as inline nodes, spaced by its one rule, each indexed
    name a link to its index entry."""
    out: list[nodes.Node] = []
    for gap, piece in zip(separators(pieces), pieces):
        if gap:
            out.append(nodes.Text(gap))
        if isinstance(piece, Unit):
            out.append(unit_node(piece, tokens))
            continue
        link = addnodes.pending_xref(
            "",
            refdomain="edition",
            reftype="entity",
            reftarget=piece.entity,
            refdoc=docname,
            refexplicit=True,
            classes=["entity-link"],
        )
        inner = nodes.inline("", "", classes=["entity"])
        inner += inline_nodes(list(piece.units), tokens, docname)
        link += inner
        out.append(link)
    return out


def figure_links(edition: Edition, pid: str, docname: str) -> list[nodes.Node]:
    """ "Charted: …" under a passage whose words feed a figure or an event of the charts."""
    rows = [(r["id"], r["measure"]) for r in edition.figures[edition.figures["passage"] == pid].to_dict("records")]
    rows += [
        (r["id"], f"event, {r['date']}") for r in edition.events[edition.events["passage"] == pid].to_dict("records")
    ]
    if not rows:
        return []
    line = nodes.paragraph(classes=["passage-figures"])
    line += nodes.Text("Charted: ")
    for k, (row_id, label) in enumerate(rows):
        if k:
            line += nodes.Text("; ")
        link = addnodes.pending_xref(
            "",
            refdomain="edition",
            reftype="figure",
            reftarget=row_id,
            refdoc=docname,
            refexplicit=True,
            classes=["figure-ref"],
        )
        link += nodes.inline(text=f"{row_id} ({label})")
        line += link
    return [line]


def setup_passage(app) -> None:
    app.add_directive("passage", PassageDirective)
