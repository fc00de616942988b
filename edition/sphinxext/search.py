"""Search that lands on the passage (issue 24): the Pagefind index written when an HTML build has
finished (the records and the writer are :mod:`edition.web.search`), skipped when nothing it is made
from changed (:func:`~edition.sphinxext.state.made_from`). ``search.html`` (``_templates/search.html``)
carries the book's own search script, ``_static/search.js``, in place of Sphinx's.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.util import logging

from edition.sphinxext.metadata import passage_notes
from edition.sphinxext.state import edition_of, made_from, page_fingerprint
from edition.web import search

logger = logging.getLogger(__name__)


def write_search_index(app, exception):
    if exception is not None or app.builder.format != "html" or app.builder.name != "html":
        return
    from importlib.metadata import version

    site = Path(app.outdir)
    key = search.records_key(site, page_fingerprint(app), version("pagefind_bin"))
    current, record = made_from(app, f"{search.OUTPUT}/pagefind.js", key)
    if current:
        return
    edition = edition_of(app)
    placed = app.env.get_domain("edition").data["placed"]
    pages = {pid: app.builder.get_target_uri(docname) for pid, (docname, _) in placed.items()}
    entries = {
        eid: app.builder.get_target_uri(doc) for eid, doc in app.env.get_domain("edition").data["entities"].items()
    }
    records = search.passage_records(edition, pages, passage_notes(app))
    records += search.entry_records(edition, entries)
    records += search.page_records(site)
    search.write_index(records, site)
    logger.info(f"search index: {len(records)} records (Pagefind) in {search.OUTPUT}/")
    record()


def setup_search(app) -> None:
    # After the pages are final (stylesheets inlined, scripts moved: edition.sphinxext.weight, 900-950).
    app.connect("build-finished", write_search_index, priority=960)
