"""The edition's Sphinx extension.

- ``passage`` directive: places one passage of the registry in a chapter: its number, anchor,
  permalink and cite control, the diplomatic and reading forms, and (its body) the notes on it.
- ``p`` role (and ``edition:passage``): a link to a passage from anywhere, checked at build time.
- At the end of reading: every passage placed exactly once and in registry order, or the build
  fails with a message that names the passage and the page.
- After an HTML build: ``passages.json`` for tools that resolve citations.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.domains import Domain
from sphinx.errors import ExtensionError
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from .data import Edition, EditionDataError, load_edition
from .reading import reading_pieces, reading_text

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


def edition_of(app) -> Edition:
    return app.edition


# --- nodes --------------------------------------------------------------------------------------

class siglum(nodes.Inline, nodes.TextElement):
    """An editorial mark in the reading view, with its explanation on hover and focus."""


def visit_siglum_html(self, node):
    note_id = f"note-{node['entry_id']}-{node['serial']}"
    classes = " ".join(["siglum", node["kind"]] + (["negation"] if node["negation"] else []))
    self.body.append(
        f'<span class="{classes}" tabindex="0" aria-describedby="{note_id}">'
        f"{html.escape(node.astext())}"
        f'<span class="siglum-note" role="tooltip" id="{note_id}">{html.escape(node["explanation"])}</span></span>'
    )
    raise nodes.SkipNode


def visit_siglum_text(self, node):
    self.add_text(node.astext())
    raise nodes.SkipNode


class cite_control(nodes.General, nodes.Element):
    """A button that offers a ready citation of its passage (built by edition.js)."""


def visit_cite_control_html(self, node):
    pid = html.escape(node["passage"])
    self.body.append(
        f'<button type="button" class="cite-button" data-passage="{pid}" '
        f'aria-label="Cite passage {pid}">cite</button>'
    )
    raise nodes.SkipNode


def skip(self, node):
    raise nodes.SkipNode


# --- the passage directive --------------------------------------------------------------------------

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
            logger.warning(f"unknown passage id {pid!r}: it is not in data/passages.csv", location=self.get_location(),
                           type="edition", subtype="unknown-passage")
            return []
        domain = self.env.get_domain("edition")
        serial = self.env.temp_data.setdefault("edition_serial", 0)
        self.env.temp_data["edition_serial"] = serial + 1
        if not domain.place(pid, self.env.docname, serial, self.get_location()):
            return []

        box = nodes.container(classes=["passage", f"passage-{passage.kind}"], ids=[passage.anchor])
        box["ids"] = [passage.anchor]
        label = nodes.paragraph(classes=["passage-label"])
        label += nodes.reference("", f"¶ {pid}", refid=passage.anchor, classes=["passage-number"],
                                 reftitle=f"Permalink to passage {pid}")
        label += cite_control(passage=pid)
        box += label

        text = nodes.container(classes=["passage-text"])
        diplomatic = nodes.paragraph(classes=["diplomatic"])
        diplomatic += nodes.Text(passage.text)
        reading = nodes.paragraph(classes=["reading"])
        for index, piece in enumerate(reading_pieces(edition, passage)):
            if index:
                reading += nodes.Text(" ")
            if piece.kind == "token":
                reading += nodes.Text(piece.text)
            else:
                reading += siglum(piece.text, piece.text, kind=piece.kind, entry_id=piece.entry_id,
                                  explanation=piece.explanation, negation=piece.negation, serial=f"{pid}")
        text += [diplomatic, reading]
        box += text

        if self.content:
            notes = nodes.container(classes=["passage-notes"])
            self.state.nested_parse(self.content, self.content_offset, notes)
            box += notes
        return [box]


# --- domain: where each passage is placed, and links to it ---------------------------------------------

class PassageRole(XRefRole):
    """``{p}`4.7``` → a link "¶ 4.7" to the passage, wherever it is placed."""

    def create_xref_node(self):
        self.refdomain, self.reftype = "edition", "passage"
        self.classes = ["xref", "passage-ref"]
        if not self.has_explicit_title:
            self.title = f"¶ {self.target}"
        return super().create_xref_node()


class EditionDomain(Domain):
    name = "edition"
    label = "Edition"
    roles = {"passage": PassageRole()}
    initial_data = {"placed": {}}  # passage id -> (docname, serial)
    data_version = 1

    def place(self, pid, docname, serial, location) -> bool:
        placed = self.data["placed"]
        if pid in placed:
            other = placed[pid][0]
            logger.warning(f"passage {pid} is placed twice (already in {other})", location=location,
                           type="edition", subtype="placed-twice")
            return False
        placed[pid] = (docname, serial)
        return True

    def clear_doc(self, docname):
        for pid, (doc, _) in list(self.data["placed"].items()):
            if doc == docname:
                del self.data["placed"][pid]

    def merge_domaindata(self, docnames, otherdata):
        for pid, where in otherdata["placed"].items():
            if where[0] in docnames:
                self.data["placed"][pid] = where

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        edition = edition_of(env.app)
        if target not in edition.by_id:
            logger.warning(f"link to unknown passage id {target!r}: it is not in data/passages.csv",
                           location=node, type="edition", subtype="unknown-passage")
            return contnode
        where = self.data["placed"].get(target)
        if where is None:
            return contnode  # reported once, by the consistency check
        return make_refnode(builder, fromdocname, where[0], edition.by_id[target].anchor, contnode,
                            f"Passage {target}")

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []

    def get_objects(self):
        return []


# --- checks and outputs ---------------------------------------------------------------------------------

def document_order(env) -> list[str]:
    """Documents in reading order: the table of contents walked depth-first from the root."""
    order, seen = [], set()

    def walk(docname):
        if docname in seen:
            return
        seen.add(docname)
        order.append(docname)
        for child in env.toctree_includes.get(docname, []):
            walk(child)

    walk(env.config.root_doc)
    return order + sorted(set(env.found_docs) - seen)


def check_placement(app, env):
    """Every passage placed exactly once, in the order of the registry."""
    edition = edition_of(app)
    placed = env.get_domain("edition").data["placed"]
    for passage in edition.passages:
        if passage.id not in placed:
            logger.warning(f"passage {passage.id} is never placed: no chapter has a passage directive for it",
                           type="edition", subtype="unplaced")
    rank = {doc: i for i, doc in enumerate(document_order(env))}
    sequence = sorted(placed, key=lambda pid: (rank.get(placed[pid][0], len(rank)), placed[pid][1]))
    expected = [p.id for p in edition.passages if p.id in placed]
    for got, want in zip(sequence, expected):
        if got != want:
            logger.warning(f"passage {got} is placed out of order (in {placed[got][0]}): "
                           f"passage {want} should come first at that point", location=placed[got][0],
                           type="edition", subtype="out-of-order")
            break


def passage_records(app) -> list[dict]:
    """One record per passage, for passages.json and for the cite control."""
    edition = edition_of(app)
    placed = app.env.get_domain("edition").data["placed"]
    base = (app.config.html_baseurl or "").rstrip("/")
    records = []
    for passage in edition.passages:
        docname = placed.get(passage.id, (None,))[0]
        url = f"{app.builder.get_target_uri(docname)}#{passage.anchor}" if docname else None
        records.append(dict(id=passage.id, section=passage.section, section_title=edition.section_title(passage.section),
                            kind=passage.kind, chapter=docname, url=url, absolute_url=f"{base}/{url}" if base and url else None,
                            diplomatic=passage.text, reading=reading_text(edition, passage)))
    return records


def write_passages_json(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    payload = dict(edition=app.config.edition_title, version=app.config.edition_version,
                   token_count=len(edition_of(app).tokens), passages=passage_records(app))
    (Path(app.outdir) / "passages.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")


def load_data(app):
    root = Path(app.confdir) / app.config.edition_data
    try:
        app.edition = load_edition(root)
    except EditionDataError as error:
        raise ExtensionError(str(error)) from None
    # What the cite control needs to know about the edition, once per page.
    meta = dict(title=app.config.edition_title, version=app.config.edition_version,
                editors=app.config.edition_editors, base_url=app.config.html_baseurl or "")
    app.add_js_file(None, body=f"window.EDITION = {json.dumps(meta, ensure_ascii=False)};")


def add_static(app, config):
    config.html_static_path.append(str(STATIC))


def setup(app):
    app.add_config_value("edition_data", "data", "env")
    app.add_config_value("edition_title", "Afghan Civil War 1989–1992: A Digital Edition", "html")
    app.add_config_value("edition_version", "0.1.0", "html")
    app.add_config_value("edition_editors", "the editors", "html")
    app.add_node(siglum, html=(visit_siglum_html, None), text=(visit_siglum_text, None),
                 latex=(visit_siglum_text, None))
    app.add_node(cite_control, html=(visit_cite_control_html, None), text=(skip, None), latex=(skip, None))
    app.add_domain(EditionDomain)
    app.add_role("p", PassageRole())
    app.add_directive("passage", PassageDirective)
    app.connect("config-inited", add_static)
    app.connect("builder-inited", load_data)
    app.connect("env-check-consistency", check_placement)
    app.connect("build-finished", write_passages_json)
    app.add_css_file("edition.css")
    app.add_js_file("edition.js", defer="defer")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
