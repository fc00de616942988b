"""FAIR Signposting on the pages (typed ``<link>``s in the head) and the records they point at.

A handler of its own on ``html-page-context`` (beside ``metadata.page_metadata``; both add to the
page's ``metatags``): every text chapter gets ``cite-as``, ``describedby`` (CSL-JSON, TEI),
``license``, ``type`` (schema.org ``Chapter``) and ``item`` links; the home page the same for the
whole edition (``Book``), and ``describedby`` ``CITATION.cff``. When the build has finished, the
CSL-JSON records (``api/cite/``) and a copy of ``CITATION.cff`` are written into the site
(:mod:`edition.outputs.signposting`).
"""

from __future__ import annotations

import html
from pathlib import Path

from edition.model.citation import edition_meta
from edition.model.files import CHECKOUT
from edition.outputs import signposting
from edition.outputs.dts import Api
from edition.sphinxext.metadata import chapter_passages, passage_citations
from edition.sphinxext.state import edition_of


def text_chapters(app) -> dict[str, list[str]]:
    """Docname → its passage ids, for every page that places passages."""
    placed = app.env.get_domain("edition").data["placed"]
    return {doc: chapter_passages(app, doc) for doc in sorted({doc for doc, _ in placed.values()})}


def signpost(app, pagename, templatename, context, doctree):
    if app.builder.format != "html" or not hasattr(app.builder, "get_target_uri"):
        return
    meta = edition_meta()
    page_url = meta.base_url + app.builder.get_target_uri(pagename)
    if pagename == app.config.root_doc:
        found = signposting.links(meta, meta.base_url, None)
    else:
        passages = chapter_passages(app, pagename)
        if not passages:
            return
        section = str(edition_of(app).by_id[passages[0]].section)
        found = signposting.links(meta, page_url, pagename, "api/" + Api.document_path(section))
    tags = []
    for rel, href, kind in found:
        typed = f' type="{html.escape(kind, quote=True)}"' if kind else ""
        tags.append(f'<link rel="{rel}" href="{html.escape(href, quote=True)}"{typed} />')
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags) + "\n"


def write_records(app, exception):
    if exception is not None or app.builder.format != "html" or app.builder.name != "html":
        return
    citations = passage_citations(app)
    chapters = {doc: [citations[p] for p in pids if p in citations] for doc, pids in text_chapters(app).items()}
    signposting.write(edition_meta(), chapters, Path(app.outdir), CHECKOUT)


def setup_signposting(app) -> None:
    app.connect("html-page-context", signpost)
    app.connect("build-finished", write_records)
