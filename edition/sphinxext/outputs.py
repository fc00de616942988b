"""The writers, called when an HTML build has finished: ``passages.json`` and the exports (TEI, DTS,
text, Web Annotations, Linked Places), each skipped when what it is made from has not changed (:func:`~edition.sphinxext.state.made_from`).

The writers themselves are :mod:`edition.outputs`: they take the edition, the citations, where each
passage is placed and the editors' notes (taken here from the doctrees), and write files.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from edition.model.citation import edition_meta
from edition.model.files import PACKAGE
from edition.model.pages import PLACES_INDEX_PAGE, entity_anchor
from edition.outputs import Context, passages_json, write_all
from edition.sphinxext.metadata import passage_citations, passage_notes, passage_notes_html, passage_urls
from edition.sphinxext.state import edition_of, made_from, page_fingerprint


def placed_pages(app) -> dict[str, tuple[str, str]]:
    """Passage id → (page name, page URL relative to the site) of every placed passage."""
    placed = app.env.get_domain("edition").data["placed"]
    return {pid: (docname, app.builder.get_target_uri(docname)) for pid, (docname, _) in placed.items()}


def entity_urls(app) -> dict[str, str]:
    """Entity id → the absolute URL of its entry in the index of places (the places' ``@id``)."""
    page = edition_meta().base_url + app.builder.get_target_uri(PLACES_INDEX_PAGE)
    edition = edition_of(app)
    return {e: f"{page}#{entity_anchor(e)}" for e in edition.entities.loc[edition.entities["type"] == "place", "id"]}


def writers_key(app, *extra: str) -> str:
    """What the outputs are made from: the pages' inputs, the writers' code, and ``extra``."""
    code = b"".join(path.read_bytes() for path in sorted((PACKAGE / "outputs").glob("*.py")))
    return hashlib.sha256(
        " ".join([page_fingerprint(app), hashlib.sha256(code).hexdigest(), *extra]).encode()
    ).hexdigest()


def write_passages_json(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    # Skipped when neither the inputs nor the placing of the passages changed (a no-op rebuild).
    placed = sorted(app.env.get_domain("edition").data["placed"].items())
    current, record = made_from(app, passages_json.FILE, writers_key(app, str(placed)))
    if current:
        return
    passages_json.write(
        edition_of(app),
        Path(app.outdir),
        title=app.config.edition_title,
        version=app.config.edition_version,
        pages=placed_pages(app),
        base=app.config.html_baseurl or "",
        citations=passage_citations(app),
    )
    record()


def note_reading(app, env, docnames):
    """Whether this build reads any page (the exports carry the pages' notes)."""
    app.edition_reads_pages = bool(docnames)


def write_exports(app, exception):
    """TEI, DTS, the text exports, the Web Annotations and the Linked Places; skipped when the build read no page and neither the data nor
    the code changed since they were written (a no-op rebuild)."""
    if exception is not None or app.builder.format != "html" or app.builder.name != "html":
        return
    current, record = made_from(app, "edition.tei.xml", writers_key(app))
    if current and not getattr(app, "edition_reads_pages", True):
        return
    context = Context(
        edition_of(app),
        edition_meta(),
        urls=passage_urls(app),
        notes=passage_notes(app),
        notes_html=passage_notes_html(app),
        entity_urls=entity_urls(app),
    )
    write_all(context, Path(app.outdir))
    record()


def setup_outputs(app) -> None:
    app.connect("env-before-read-docs", note_reading)
    app.connect("build-finished", write_passages_json)
    app.connect("build-finished", write_exports)
