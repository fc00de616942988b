"""The ``passage`` directive: one passage of the registry placed in its chapter.

``{passage} 4.7`` writes the passage's number (its permalink), its cite button, the diplomatic and
reading forms of its text (each indexed name linked to its index entry), the editors' plain-English
rendering, the figures and events charted from it, and (the directive's body) the notes on it.
"""

from __future__ import annotations

import html

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from edition.model.dates import date_words
from edition.model.edited import ALTERNATIVE_MARKER, Name, Unit, edited_text, explain, separators, spoken
from edition.model.edition import Edition
from edition.model.readable import ids_in_words
from edition.sphinxext.narrative import rendering_paragraph
from edition.sphinxext.nodes import cite_control, edited_toggle, siglum
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
        reading = nodes.paragraph(classes=["reading"], ids=[f"edited-{pid}"], support_smartquotes=False)
        reading += inline_nodes(
            edited_text(edition, passage), edition.tokens, self.env.docname, edition.cite_label, reader_words(edition)
        )
        rendering = rendering_paragraph(edition, pid)
        rendering += nodes.Text(" ")
        rendering += edited_toggle(target=f"edited-{pid}")
        text += [diplomatic, reading, rendering]
        box += text

        box += figure_links(edition, pid, self.env.docname)

        if self.content:
            notes = nodes.container(classes=["passage-notes"], ids=[f"notes-{pid}"])  # a search result opens them
            self.state.nested_parse(self.content, self.content_offset, notes)
            box += notes
        return [box]


def reader_words(edition: Edition):
    """A note's row ids in words, for this edition."""
    return lambda text: ids_in_words(edition, text)


def retired_notices(edition: Edition, pid: str, version: str) -> list[nodes.Node]:
    """At a successor, one notice per id it replaced, carrying the old anchor (``#p-4.7`` lands here)."""
    notices = []
    for record in edition.retired[edition.retired["successor"] == pid].to_dict("records"):
        text = f"¶ {record['id']} is retired in version {version} of the edition; its text is now ¶ {pid}."
        if record["note"]:
            text += f" {ids_in_words(edition, record['note'])}"
        notices.append(nodes.paragraph(text, text, classes=["retired-notice"], ids=[f"p-{record['id']}"]))
    return notices


def unit_node(unit: Unit, tokens: list[str], cite=None, words=None) -> nodes.Node:
    if unit.kind == "token":
        return nodes.Text(unit.text)
    return siglum(
        unit.siglum,
        unit.siglum,
        kind=unit.kind,
        entry_id=unit.entry["id"],
        explanation=explain(unit, tokens, cite, words),
        spoken=spoken(unit),
        negation=unit.negation,
        serial=str(unit.first),
        alternatives=len(unit.readings) - 1,
    )


def inline_nodes(pieces: list[Unit | Name], tokens: list[str], docname: str, cite=None, words=None) -> list[nodes.Node]:
    """The edited text (``edition.model.edited``) as inline nodes, spaced by its one rule, each indexed
    name a link to its index entry."""
    out: list[nodes.Node] = []
    for gap, piece in zip(separators(pieces), pieces):
        if gap:
            out.append(nodes.Text(gap))
        if isinstance(piece, Unit):
            out.append(unit_node(piece, tokens, cite, words))
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
        inner += inline_nodes(list(piece.units), tokens, docname, cite, words)
        link += inner
        out.append(link)
    return out


def figure_links(edition: Edition, pid: str, docname: str) -> list[nodes.Node]:
    """ "Charted: …" under a passage whose words feed a figure or an event of the charts."""
    rows = [(r["id"], r["measure"]) for r in edition.figures[edition.figures["passage"] == pid].to_dict("records")]
    rows += [
        (r["id"], f"event of {date_words(r['date'])}")
        for r in edition.events[edition.events["passage"] == pid].to_dict("records")
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
        link += nodes.inline(text=label)  # the row id stays in the link's target only
        line += link
    return [line]


def sigla_key() -> list[tuple[str, list[str], str]]:
    """The key of the marks of the edited text: each mark as the reading view draws it (``Unit.siglum``),
    its classes (so its colour) and its meaning, with the one rule for "?" (``Unit.uncertain``)."""

    def mark(kind, text, certainty="high", subtype="word", competing=False):
        entry = {"id": "", "certainty": certainty, "subtype": subtype}
        return Unit(kind, text, 0, 0, "after", entry, (entry, entry) if competing else (entry,))

    supplied, negation = mark("supplied", "word"), mark("supplied", "not", subtype="negation")
    uncertain, gap = mark("supplied", "word", certainty="medium"), mark("gap", "")
    return [
        (supplied.siglum, ["supplied"], "a word the preprocessing removed, supplied by the editors"),
        (
            negation.siglum,
            ["supplied", "negation"],
            "a removed negation, supplied: without it the text says the opposite",
        ),
        (
            uncertain.siglum,
            ["supplied"],
            "supplied, but uncertain: its certainty is below high, or another reading of the place is recorded. "
            "The question mark means this in every view; the plain English marks it where the sense turns on it",
        ),
        (gap.siglum, ["gap"], "something lost that cannot be restored"),
        (
            "was",
            ["regularisation"],
            "a form regularised by the editors (the received “wa” is shown as “was”, “10 000” as “10,000”)",
        ),
        (
            ALTERNATIVE_MARKER,
            ["alternative"],
            "another reading of the place is recorded: the mark's explanation gives each",
        ),
    ]


def add_sigla_key(app, doctree):
    """Every page that places passages carries a short key of the marks, where the reader meets them."""
    docname = app.env.docname
    placed = any(doc == docname for doc, _ in app.env.get_domain("edition").data["placed"].values())
    top = next(iter(doctree.findall(nodes.section)), None)
    if not placed or top is None:
        return
    items = "".join(
        f'<li><span class="siglum-sample {" ".join(classes)}" aria-hidden="true">{html.escape(sample)}</span> '
        f"{html.escape(meaning)}.</li>"
        for sample, classes, meaning in sigla_key()
    )
    key = nodes.raw(
        "",
        '<details class="sigla-key"><summary>Key to the marks in the edited text</summary>'
        f'<ul class="sigla-key-list">{items}</ul><p class="sigla-key-tip">Point at a mark, or tap it, for what '
        "the editors did there and on what evidence.</p></details>",
        format="html",
    )
    index = next((i + 1 for i, child in enumerate(top.children) if isinstance(child, nodes.title)), 0)
    while index < len(top.children) and "narrative-invitation" in top.children[index].get("classes", []):
        index += 1
    top.insert(index, key)


def setup_passage(app) -> None:
    app.add_directive("passage", PassageDirective)
    app.connect("doctree-read", add_sigla_key, priority=600)  # after the invitation to the narrative
