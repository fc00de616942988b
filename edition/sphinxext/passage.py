"""The edition's Sphinx extension.

- ``passage`` directive: places one passage of the registry in a chapter: its number, anchor,
  permalink and cite control, the diplomatic and reading forms, and (its body) the notes on it.
- ``p``, ``e`` and ``f`` roles (the ``edition`` domain): links to a passage, an index entry, a
  figure's row under its chart, all checked at build time.
- Generated pages (indexes, chronology, apparatus) are in ``sphinx_pages``.
- At the end of reading: every passage placed exactly once and in registry order, or the build
  fails with a message that names the passage and the page.
- After an HTML build: ``passages.json`` for tools that resolve citations.
"""
from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import shutil
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from .data import Edition, EditionDataError, load_edition
from .entities import occurrences
from .jsonscript import script_json
from .reading import (ALTERNATIVE_MARKER, Piece, competing_readings, diplomatic_pieces, reading_pieces, reading_text,
                      separators)
from .sphinx_pages import (ApparatusDirective, ChronologyDirective, CorrectionsDirective, EntityIndexDirective,
                           append_chapter_apparatus, edition_of)
from .citation import cts_urn
from .sphinx_exports import passage_citations, setup_exports
from .sphinx_weight import setup_weight
from .sphinx_pages import (NARRATIVE_PAGE, RENDERING_LABEL, NarrativeDirective, link_chapter_to_narrative,
                           narrative_toc_without_numbers, rendering_paragraph)

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
CHART_BUNDLE = "edition-charts.js"
APPARATUS_PAGE = "chapters/apparatus"


# --- nodes --------------------------------------------------------------------------------------

class siglum(nodes.Inline, nodes.TextElement):
    """An editorial mark in the reading view, with its explanation on hover and focus."""


def visit_siglum_html(self, node):
    note_id = f"note-{node['entry_id']}-{node['serial']}"
    classes = " ".join(["siglum", node["kind"]] + (["negation"] if node["negation"] else [])
                       + (["has-alternatives"] if node.get("alternatives") else []))
    # A span with competing readings carries the marker ‡ (its tooltip gives every reading).
    marker = f'<sup class="siglum-alt">{ALTERNATIVE_MARKER}</sup>' if node.get("alternatives") else ""
    self.body.append(
        f'<span class="{classes}" tabindex="0" aria-describedby="{note_id}">'
        f"{html.escape(node.astext())}{marker}"
        f'<span class="siglum-note" role="tooltip" id="{note_id}">{html.escape(node["explanation"])}</span></span>'
    )
    raise nodes.SkipNode


def visit_siglum_text(self, node):
    self.add_text(node.astext() + (ALTERNATIVE_MARKER if node.get("alternatives") else ""))
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
        box += retired_notices(edition, pid, self.env.config.edition_version)

        spans = occurrences(edition)
        spans = spans[spans["passage"] == pid].to_dict("records")
        text = nodes.container(classes=["passage-text"])
        # support_smartquotes=False: the source's apostrophes must stay exactly as received.
        diplomatic = nodes.paragraph(classes=["diplomatic"], support_smartquotes=False)
        diplomatic += inline_nodes(diplomatic_pieces(edition, passage), spans, self.env.docname)
        reading = nodes.paragraph(classes=["reading"], support_smartquotes=False)
        reading += inline_nodes(reading_pieces(edition, passage), spans, self.env.docname)
        text += [diplomatic, reading, rendering_paragraph(edition, pid)]
        box += text

        box += figure_links(edition, pid, self.env.docname)

        if self.content:
            notes = nodes.container(classes=["passage-notes"])
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


def piece_node(piece: Piece) -> nodes.Node:
    if piece.kind == "token":
        return nodes.Text(piece.text)
    return siglum(piece.text, piece.text, kind=piece.kind, entry_id=piece.entry_id,
                  explanation=piece.explanation, negation=piece.negation, serial=str(piece.token),
                  alternatives=piece.alternatives)


def inline_nodes(pieces: list[Piece], spans: list[dict], docname: str) -> list[nodes.Node]:
    """The pieces of a passage, space-separated, with each indexed name linked to its index entry."""
    starts = {span["first_token"]: span for span in spans}
    groups: list[tuple[nodes.Node, Piece]] = []
    i = 0
    while i < len(pieces):
        span = starts.get(pieces[i].token) if pieces[i].position in ("token", "replace") else None
        if span is None:
            groups.append((piece_node(pieces[i]), pieces[i]))
            i += 1
            continue
        j = i
        while j < len(pieces) and span["first_token"] <= pieces[j].token <= span["last_token"] and not (
                pieces[j].position == "after" and pieces[j].token == span["last_token"]):
            j += 1
        link = addnodes.pending_xref("", refdomain="edition", reftype="entity", reftarget=span["entity"],
                                     refdoc=docname, refexplicit=True, classes=["entity-link"])
        inner = nodes.inline("", "", classes=["entity"])
        inside = pieces[i:j]
        for gap, piece in zip(separators(inside), inside):
            if gap:
                inner += nodes.Text(gap)
            inner += piece_node(piece)
        link += inner
        groups.append((link, pieces[i]))
        i = j
    spaced: list[nodes.Node] = []
    gaps = dict(zip(map(id, pieces), separators(pieces)))
    for node, piece in groups:
        if gaps[id(piece)]:
            spaced.append(nodes.Text(gaps[id(piece)]))
        spaced.append(node)
    return spaced


def figure_links(edition: Edition, pid: str, docname: str) -> list[nodes.Node]:
    """"Charted: …" under a passage whose words feed a figure or an event of the charts."""
    rows = [(r["id"], r["measure"]) for r in edition.figures[edition.figures["passage"] == pid].to_dict("records")]
    rows += [(r["id"], f"event, {r['date']}") for r in edition.events[edition.events["passage"] == pid].to_dict("records")]
    if not rows:
        return []
    line = nodes.paragraph(classes=["passage-figures"])
    line += nodes.Text("Charted: ")
    for k, (row_id, label) in enumerate(rows):
        if k:
            line += nodes.Text("; ")
        link = addnodes.pending_xref("", refdomain="edition", reftype="figure", reftarget=row_id, refdoc=docname,
                                     refexplicit=True, classes=["figure-ref"])
        link += nodes.inline(text=f"{row_id} ({label})")
        line += link
    return [line]


# --- domain: where each passage is placed, and links to it ---------------------------------------------

class PassageRole(XRefRole):
    """``{p}`4.7``` → a link "¶ 4.7" to the passage, wherever it is placed."""

    def create_xref_node(self):
        self.refdomain, self.reftype = "edition", "passage"
        self.classes = ["xref", "passage-ref"]
        if not self.has_explicit_title:
            self.title = f"¶ {self.target}"
        return super().create_xref_node()


class EntityRole(XRefRole):
    """``{e}`massoud``` → a link to the index entry, titled with the entity's name."""

    def create_xref_node(self):
        self.refdomain, self.reftype = "edition", "entity"
        self.classes = ["xref", "entity-ref"]
        if not self.has_explicit_title:
            entities = edition_of(self.env.app).entities.set_index("id")["name"]
            self.title = entities.get(self.target, self.target)
        return super().create_xref_node()


class FigureRole(XRefRole):
    """``{f}`F016``` → the row of figure F016 (or event E…) under the chart that draws it."""

    def create_xref_node(self):
        self.refdomain, self.reftype = "edition", "figure"
        self.classes = ["xref", "figure-ref"]
        return super().create_xref_node()


class EditionDomain(Domain):
    name = "edition"
    label = "Edition"
    # Links read as prose, not as code: the inner node is a plain inline, not XRefRole's literal.
    roles = {"passage": PassageRole(innernodeclass=nodes.inline), "entity": EntityRole(innernodeclass=nodes.inline),
             "figure": FigureRole(innernodeclass=nodes.inline)}
    initial_data = {"placed": {}, "entities": {}}  # passage id -> (docname, serial); entity id -> docname
    data_version = 2

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
        for eid, doc in list(self.data["entities"].items()):
            if doc == docname:
                del self.data["entities"][eid]

    def merge_domaindata(self, docnames, otherdata):
        for pid, where in otherdata["placed"].items():
            if where[0] in docnames:
                self.data["placed"][pid] = where
        for eid, doc in otherdata["entities"].items():
            if doc in docnames:
                self.data["entities"][eid] = doc

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        edition = edition_of(env.app)
        if typ == "apparatus":  # an apparatus entry or alternative reading, on the apparatus page
            known = edition.indexed("apparatus", "ids", lambda frame: set(frame["id"])) | \
                edition.indexed("alternatives", "ids", lambda frame: set(frame.get("id", [])))
            if target not in known or APPARATUS_PAGE not in env.all_docs:
                logger.warning(f"link to apparatus entry {target!r}: no such entry, or no page {APPARATUS_PAGE}",
                               location=node, type="edition", subtype="unknown-apparatus")
                return contnode
            return make_refnode(builder, fromdocname, APPARATUS_PAGE, f"app-{target}", contnode, f"{target} in the apparatus")
        if typ == "narrative":  # a chapter's part of the narrative in plain English
            return make_refnode(builder, fromdocname, NARRATIVE_PAGE, f"narrative-{target}", contnode,
                                "The chapter in plain English")
        if typ == "figure":
            page = chart_page(edition, target)
            if page is None:
                logger.warning(f"link to unknown figure or event {target!r}: it is in neither data/figures.csv "
                               f"nor data/events.csv", location=node, type="edition", subtype="unknown-figure")
                return contnode
            if page not in env.all_docs:
                logger.warning(f"{target} should be drawn on {page}, but the book has no such page",
                               location=node, type="edition", subtype="missing-chart")
                return contnode
            return make_refnode(builder, fromdocname, page, target, contnode, f"{target} in its chart")
        if typ == "entity":
            if target not in edition.indexed("entities", "ids", lambda frame: set(frame["id"])):
                logger.warning(f"link to unknown entity {target!r}: it is not in data/entities.csv",
                               location=node, type="edition", subtype="unknown-entity")
                return contnode
            docname = self.data["entities"].get(target)
            if docname is None:
                logger.warning(f"entity {target!r} has no index entry: no entity-index page lists its type",
                               location=node, type="edition", subtype="unindexed-entity")
                return contnode
            return make_refnode(builder, fromdocname, docname, f"e-{target}", contnode, "Index entry")
        retired = edition.indexed("retired", "successors", lambda frame: dict(zip(frame["id"], frame["successor"])))
        if target in retired:
            logger.warning(f"link to retired passage id {target!r}: link to its successor {retired[target]} instead",
                           location=node, type="edition", subtype="retired-passage")
            return contnode
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


def chart_page(edition: Edition, row_id: str) -> str | None:
    from .chart_pages import CHART_PAGES, TIMELINE_PAGE

    if row_id in edition.indexed("events", "ids", lambda frame: set(frame["id"])):
        return TIMELINE_PAGE
    category = edition.indexed("figures", "categories", lambda frame: dict(zip(frame["id"], frame["category"]))).get(row_id)
    return CHART_PAGES.get(category)


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
    retired = set(edition.retired["id"])
    for pid in edition.published_ids:
        if pid not in edition.by_id and pid not in retired:
            logger.warning(f"published passage id {pid} is neither in data/passages.csv nor retired in "
                           f"data/retired_ids.csv: citations of it would break", type="edition", subtype="unpublished")
    # The figure tables link passages by the chapter naming convention (chapters/NN-key): hold to it.
    from .charts import chapter_docname

    for pid, (docname, _) in placed.items():
        if pid in edition.by_id and docname != chapter_docname(edition, pid):
            logger.warning(f"passage {pid} is placed in {docname}, but its section's chapter is "
                           f"{chapter_docname(edition, pid)}", location=docname, type="edition", subtype="wrong-chapter")
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
                            diplomatic=passage.text, reading=reading_text(edition, passage),
                            alternatives=competing_readings(edition, passage), urn=cts_urn(passage.id),
                            citation=passage_citation(app, passage.id),
                            rendering=edition.rendering_of(passage.id)))
    return records


def passage_citation(app, pid: str) -> dict | None:
    """The passage's citation (edition.citation: CSL-JSON, text, BibTeX), as the cite dialog gives it."""
    made = passage_citations(app).get(pid)
    return {key: made[key] for key in ("text", "bibtex", "csl")} if made else None


def retired_records(app, passages: list[dict]) -> list[dict]:
    """Retired ids for passages.json: each with its successor (in ``passages``, the records of
    ``passage_records``) and the URL its old anchor lands on."""
    records = []
    successors = {r["id"]: r for r in passages}
    for record in edition_of(app).retired.to_dict("records"):
        url = successors[record["successor"]]["url"]
        records.append(dict(id=record["id"], status="retired", successor=record["successor"], note=record["note"],
                            url=url.split("#")[0] + f"#p-{record['id']}" if url else None))
    return records


def made_from(app, output: str, key: str):
    """Whether ``output`` in the built site was made from ``key`` by an earlier build (then a
    rebuild need not make it again), and the function that records that it now is. One record per
    output and builder, outside the site."""
    marker = Path(app.outdir).parent / f".edition-{Path(output).name}-{Path(app.outdir).name}"
    current = (Path(app.outdir) / output).exists() and marker.exists() and marker.read_text() == key
    return current, lambda: marker.write_text(key)


def write_passages_json(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    # Skipped when neither the data and code nor the placing of the passages changed (a no-op rebuild).
    placed = sorted(app.env.get_domain("edition").data["placed"].items())
    current, record = made_from(app, "passages.json", hashlib.sha256(f"{inputs_fingerprint()} {placed}".encode()).hexdigest())
    if current:
        return
    passages = passage_records(app)
    payload = dict(edition=app.config.edition_title, version=app.config.edition_version,
                   token_count=len(edition_of(app).tokens), passages=passages,
                   rendering=f"{RENDERING_LABEL}: each passage's 'rendering' is the editors' plain English, "
                             "not the original text",
                   retired=retired_records(app, passages))
    (Path(app.outdir) / "passages.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    record()


def write_chart_bundle(app):
    """vl-convert's Vega bundle, written into the built site's static files (not the book's
    _static/, whose .js files Jupyter Book 1 would add to every page as classic scripts)."""
    if app.builder.format != "html":
        return
    from .chart_pages import bundle_key

    target = Path(app.outdir) / "_static" / CHART_BUNDLE
    # Making the bundle takes vl-convert over a second: keep the one already built when its key
    # (vl-convert's and Vega-Lite's versions and the hydrating code) has not changed.
    stamp = f"// edition-charts {bundle_key()}\n"
    if target.exists():
        with target.open(encoding="utf-8") as existing:
            if existing.readline() == stamp:
                return
    target.parent.mkdir(parents=True, exist_ok=True)
    from .charts import javascript_bundle

    target.write_text(stamp + javascript_bundle(), encoding="utf-8")


def fix_bibliography_roles(app, pagename, templatename, context, doctree):
    """Docutils writes a bibliography as role="list" holding role="doc-biblioentry" items, which
    axe-core reports as a critical ARIA error (a list must hold listitems): use listitem."""
    if 'role="doc-biblioentry"' in context.get("body", ""):
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


# The chart module (Vega, Vega-Lite, Vega-Embed and charts.HYDRATE, 0.9 MB) is imported on the
# reader's first intent, a pointer over, a focus in or a tap on a chart; until then the static SVG
# in the page is the chart. The figures become focusable so that a keyboard can show intent too.
CHART_INTENT = """(function () {
  var started = false;
  function start(event) {
    if (started || !(event.target.closest && event.target.closest("figure.edition-chart"))) { return; }
    started = true;
    var root = document.documentElement.dataset.content_root || "./";
    import(new URL(root + "_static/%s", document.baseURI).href).catch(function (error) {
      console.error("the chart module did not load, the charts stay static: " + error);
    });
  }
  ["pointerover", "pointerdown", "touchstart", "focusin"].forEach(function (type) {
    document.addEventListener(type, start, { capture: true, passive: true });
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("figure.edition-chart:not([tabindex])").forEach(function (figure) { figure.tabIndex = 0; });
  });
})();""" % CHART_BUNDLE


def add_chart_script(app, pagename, templatename, context, doctree):
    """Only pages that have a chart get the chart module, imported on the reader's first intent."""
    if "edition-chart" in context.get("body", ""):
        app.add_js_file(None, body=CHART_INTENT)


def place_live_code_bar(app, doctree, docname):
    """The Live code button goes into the page itself, before its first code cell."""
    if app.builder.format == "html":
        from .livecode import place_bar

        place_bar(doctree)


def add_live_code(app, pagename, templatename, context, doctree):
    """Pages with the Live code button (the chart notebooks) get one small script to run it;
    Thebe itself is loaded only when the reader presses it."""
    if 'class="live-code"' in context.get("body", ""):
        app.add_js_file("livecode.js", defer="defer")
        app.add_css_file("livecode.css")


def write_live_code(app, exception):
    """The Thebe client (vendored from npm, pinned) and the options the page starts it with."""
    if exception is not None or app.builder.format != "html":
        return
    from .livecode import VendorError, live_code_options, vendor_thebe, write_config

    static = Path(app.outdir) / "_static"
    write_config(static, live_code_options(app.config.html_theme_options, app.config.edition_live_code))
    try:
        vendor_thebe(Path(app.outdir).parent / ".vendor", static)
    except VendorError as error:  # as bad data does: the problem in one line, no traceback
        logger.error(f"live code: {error}", type="edition", subtype="vendor")
        raise SystemExit("the live-code client could not be vendored (see above): the build stops")


def load_data(app):
    """Load the data; validate it unless this very data (and code) was validated by the last build."""
    root = Path(app.confdir) / app.config.edition_data
    marker = Path(app.outdir).parent / ".edition-validated"
    fingerprint = str(inputs_fingerprint())
    already_valid = marker.exists() and marker.read_text() == fingerprint
    try:
        app.edition = load_edition(root, validate=not already_valid)
    except EditionDataError as error:
        stop_on_bad_data(error)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(fingerprint)


def stop_on_bad_data(error: EditionDataError):
    """Bad data ends the build cleanly: each problem logged as an error, then exit status 1.

    Not an exception: Jupyter Book prints a traceback for any exception a build raises, and the
    reader of the log needs the file, the row and the problem, nothing else.
    """
    for line in error.problems:
        logger.error(line, type="edition", subtype="data")
    raise SystemExit("the edition's data is not valid (see above): the build stops")


def forget_stale_executions(app, config):
    """Clear myst-nb's execution cache when the edition's code or data changed since the last build.

    The cache keys a notebook on its own cells only; the charts also depend on the data tables
    and on ``edition.charts``, so a change there must re-run them.
    """
    if "nb_execution_cache_path" not in config:
        return  # no myst-nb, no notebooks
    marker = Path(app.outdir).parent / ".edition-inputs"
    fingerprint = str(inputs_fingerprint())
    if marker.exists() and marker.read_text() == fingerprint:
        return
    cache = Path(config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
    if cache.exists():
        shutil.rmtree(cache)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(fingerprint)


def derive_from_baseurl(app, config):
    """The 404 page needs absolute links under the published sub-path: take it from html_baseurl."""
    from urllib.parse import urlparse

    if "notfound_urls_prefix" in config and config.html_baseurl:
        config.notfound_urls_prefix = urlparse(config.html_baseurl).path or "/"
    if "ogp_site_url" in config and config.html_baseurl and not config.ogp_site_url:
        config.ogp_site_url = config.html_baseurl


def mark_book_output(app, config):
    """The notebooks run inside this build: tell ``edition.charts`` (the processes that run them,
    and any kernel, inherit the environment) to draw the book's figures and link passages relatively."""
    from .chart_pages import OUTPUT_ENV

    os.environ[OUTPUT_ENV] = "book"


def add_static(app, config):
    config.html_static_path.append(str(STATIC))
    # Pages quote the version as {{ edition_version }}: it is written only in CITATION.cff.
    if "myst_substitutions" in config:
        config.myst_substitutions = {**config.myst_substitutions, "edition_version": config.edition_version}
    # What the cite control needs to know about the edition, once per page.
    meta = dict(title=config.edition_title, version=config.edition_version,
                editors=config.edition_editors, base_url=config.html_baseurl or "")
    app.add_js_file(None, body=f"window.EDITION = {script_json(meta)};")


def tidy_scripts(app, pagename, templatename, context, doctree):
    """Drop scripts that Jupyter Book 1 adds twice, and Thebe's, which the book does not use.

    Stock pages declare ``THEBE_JS_URL`` twice (a page error) because extensions that add
    scripts at builder-inited get them registered twice; Thebe is switched off here anyway.
    """
    seen, kept = set(), []
    for script in context.get("script_files", []):
        key = (str(script), tuple(sorted(getattr(script, "attributes", {}).items())))
        if key in seen or "THEBE" in str(getattr(script, "attributes", {}).get("body", "")) or "thebe" in str(script):
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept



def setup(app):
    app.add_config_value("edition_data", "data", "env")
    app.add_config_value("edition_live_code", {}, "html")  # {server: URL, token: …}; default: Binder
    app.add_config_value("edition_title", "Afghan Civil War 1989–1992: A Digital Edition", "html")
    citation = citation_metadata()
    app.add_config_value("edition_version", citation.get("version", "unversioned"), "html")
    app.add_config_value("edition_editors", " and ".join(a.get("name", "") for a in citation.get("authors", [])), "html")
    app.add_node(siglum, html=(visit_siglum_html, None), text=(visit_siglum_text, None),
                 latex=(visit_siglum_text, None))
    app.add_node(cite_control, html=(visit_cite_control_html, None), text=(skip, None), latex=(skip, None))
    app.add_domain(EditionDomain)
    app.add_role("p", PassageRole(innernodeclass=nodes.inline))
    app.add_role("e", EntityRole(innernodeclass=nodes.inline))
    app.add_role("f", FigureRole(innernodeclass=nodes.inline))
    app.add_directive("passage", PassageDirective)
    app.add_directive("entity-index", EntityIndexDirective)
    app.add_directive("chronology", ChronologyDirective)
    app.add_directive("apparatus", ApparatusDirective)
    app.add_directive("corrections", CorrectionsDirective)
    app.add_directive("narrative", NarrativeDirective)
    app.connect("doctree-read", link_chapter_to_narrative)
    app.connect("doctree-read", narrative_toc_without_numbers, priority=900)  # after Sphinx's table of contents
    app.connect("doctree-read", append_chapter_apparatus)
    app.connect("config-inited", add_static)
    app.connect("config-inited", mark_book_output)
    app.connect("config-inited", forget_stale_executions)
    app.connect("config-inited", derive_from_baseurl, priority=900)
    app.connect("builder-inited", load_data)
    app.connect("builder-inited", write_chart_bundle)
    app.connect("html-page-context", add_chart_script)
    app.connect("html-page-context", fix_bibliography_roles)
    app.connect("env-check-consistency", check_placement)
    app.connect("build-finished", write_passages_json)
    app.connect("build-finished", write_live_code)
    app.connect("doctree-resolved", place_live_code_bar)
    app.connect("html-page-context", add_live_code)
    app.connect("html-page-context", tidy_scripts)
    setup_exports(app)  # citation metadata on the chapters; TEI, DTS and text exports at build-finished
    setup_weight(app)  # what a page loads before the reader does anything; reading in parallel
    app.add_css_file("edition.css")
    app.add_js_file("edition.js", defer="defer")
    app.add_js_file("cite.js", defer="defer")  # the cite dialog, after edition.js (deferred scripts run in order)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": inputs_fingerprint()}


def citation_metadata() -> dict:
    """The edition's version and editors come from CITATION.cff, the one place they are written."""
    import yaml

    path = Path(__file__).resolve().parent.parent / "CITATION.cff"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


@functools.lru_cache(maxsize=1)
def inputs_fingerprint() -> int:
    """A number that changes whenever the extension's code or the edition's data change.

    Sphinx re-reads every page when an extension's env_version changes; the pages are made
    from the data tables, which Sphinx cannot otherwise know they depend on.
    """
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted([*package.glob("*.py"), *package.glob("static/*"), *(package.parent / "data").rglob("*"),
                        package.parent / "CITATION.cff"]):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return int(digest.hexdigest()[:12], 16)
