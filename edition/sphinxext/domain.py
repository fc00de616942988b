"""The ``edition`` domain: links to passages, index entries and figures, and where each passage is.

- roles ``p`` (``{p}`4.22```), ``e`` (``{e}`massoud```) and ``f`` (``{f}`F016```), each resolved and
  checked at build time: an unknown id, a retired passage or a figure without its chart page is a
  warning (and so fails the strict build);
- the domain keeps where each passage is placed (page and order) and which page indexes each entity;
- at the end of reading (``env-check-consistency``): every passage placed exactly once, in its own
  chapter and in registry order, and every published id still a passage or retired.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.domains import Domain
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from edition.model.pages import APPARATUS_PAGE, NARRATIVE_PAGE, TIMELINE_PAGE, chapter_docname, chart_page
from edition.sphinxext.state import edition_of

logger = logging.getLogger(__name__)


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
        if not self.has_explicit_title:  # the figure in words, never its row id
            from edition.sphinxext.pages import figure_words

            self.title = figure_words(edition_of(self.env.app), self.target)
        return super().create_xref_node()


class EditionDomain(Domain):
    name = "edition"
    label = "Edition"
    # Links read as prose, not as code: the inner node is a plain inline, not XRefRole's literal.
    roles = {
        "passage": PassageRole(innernodeclass=nodes.inline),
        "entity": EntityRole(innernodeclass=nodes.inline),
        "figure": FigureRole(innernodeclass=nodes.inline),
    }
    initial_data = {"placed": {}, "entities": {}}  # passage id -> (docname, serial); entity id -> docname
    data_version = 2

    def place(self, pid, docname, serial, location) -> bool:
        placed = self.data["placed"]
        if pid in placed:
            other = placed[pid][0]
            logger.warning(
                f"passage {pid} is placed twice (already in {other})",
                location=location,
                type="edition",
                subtype="placed-twice",
            )
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
            known = edition.indexed("apparatus", "ids", lambda frame: set(frame["id"])) | edition.indexed(
                "alternatives", "ids", lambda frame: set(frame.get("id", []))
            )
            if target not in known or APPARATUS_PAGE not in env.all_docs:
                logger.warning(
                    f"link to apparatus entry {target!r}: no such entry, or no page {APPARATUS_PAGE}",
                    location=node,
                    type="edition",
                    subtype="unknown-apparatus",
                )
                return contnode
            return make_refnode(
                builder, fromdocname, APPARATUS_PAGE, f"app-{target}", contnode, "This entry in the apparatus"
            )
        if typ == "narrative":  # a chapter's part of the narrative in plain English
            return make_refnode(
                builder, fromdocname, NARRATIVE_PAGE, f"narrative-{target}", contnode, "The chapter in plain English"
            )
        if typ == "figure":
            page = chart_page(edition, target)
            if page is None:
                logger.warning(
                    f"link to unknown figure or event {target!r}: it is in neither data/figures.csv "
                    f"nor data/events.csv",
                    location=node,
                    type="edition",
                    subtype="unknown-figure",
                )
                return contnode
            if page not in env.all_docs:
                logger.warning(
                    f"{target} should be drawn on {page}, but the book has no such page",
                    location=node,
                    type="edition",
                    subtype="missing-chart",
                )
                return contnode
            title = "This event on the timeline" if page == TIMELINE_PAGE else "This figure in its chart"
            return make_refnode(builder, fromdocname, page, target, contnode, title)
        if typ == "entity":
            if target not in edition.indexed("entities", "ids", lambda frame: set(frame["id"])):
                logger.warning(
                    f"link to unknown entity {target!r}: it is not in data/entities.csv",
                    location=node,
                    type="edition",
                    subtype="unknown-entity",
                )
                return contnode
            docname = self.data["entities"].get(target)
            if docname is None:
                logger.warning(
                    f"entity {target!r} has no index entry: no entity-index page lists its type",
                    location=node,
                    type="edition",
                    subtype="unindexed-entity",
                )
                return contnode
            return make_refnode(builder, fromdocname, docname, f"e-{target}", contnode, "Index entry")
        retired = edition.indexed("retired", "successors", lambda frame: dict(zip(frame["id"], frame["successor"])))
        if target in retired:
            logger.warning(
                f"link to retired passage id {target!r}: link to its successor {retired[target]} instead",
                location=node,
                type="edition",
                subtype="retired-passage",
            )
            return contnode
        if target not in edition.by_id:
            logger.warning(
                f"link to unknown passage id {target!r}: it is not in data/passages.csv",
                location=node,
                type="edition",
                subtype="unknown-passage",
            )
            return contnode
        where = self.data["placed"].get(target)
        if where is None:
            return contnode  # reported once, by the consistency check
        return make_refnode(builder, fromdocname, where[0], edition.by_id[target].anchor, contnode, f"Passage {target}")

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []

    def get_objects(self):
        return []


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
            logger.warning(
                f"passage {passage.id} is never placed: no chapter has a passage directive for it",
                type="edition",
                subtype="unplaced",
            )
    retired = set(edition.retired["id"])
    for pid in edition.published_ids:
        if pid not in edition.by_id and pid not in retired:
            logger.warning(
                f"published passage id {pid} is neither in data/passages.csv nor retired in "
                f"data/retired_ids.csv: citations of it would break",
                type="edition",
                subtype="unpublished",
            )
    # The figure tables link passages by the chapter naming convention (chapters/NN-key): hold to it.
    for pid, (docname, _) in placed.items():
        if pid in edition.by_id and docname != chapter_docname(edition, pid):
            logger.warning(
                f"passage {pid} is placed in {docname}, but its section's chapter is {chapter_docname(edition, pid)}",
                location=docname,
                type="edition",
                subtype="wrong-chapter",
            )
    rank = {doc: i for i, doc in enumerate(document_order(env))}
    sequence = sorted(placed, key=lambda pid: (rank.get(placed[pid][0], len(rank)), placed[pid][1]))
    expected = [p.id for p in edition.passages if p.id in placed]
    for got, want in zip(sequence, expected):
        if got != want:
            logger.warning(
                f"passage {got} is placed out of order (in {placed[got][0]}): "
                f"passage {want} should come first at that point",
                location=placed[got][0],
                type="edition",
                subtype="out-of-order",
            )
            break


def setup_domain(app) -> None:
    app.add_domain(EditionDomain)
    app.add_role("p", PassageRole(innernodeclass=nodes.inline))
    app.add_role("e", EntityRole(innernodeclass=nodes.inline))
    app.add_role("f", FigureRole(innernodeclass=nodes.inline))
    app.connect("env-check-consistency", check_placement)
