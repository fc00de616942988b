"""The edition's Sphinx extension (``extra_extensions: [edition]``): thin glue between the model and
Sphinx. ``setup`` reads as the table of contents of what the extension does, one module a feature.
"""

from __future__ import annotations

from edition.execution import setup as setup_execution
from edition.sphinxext.charts import setup_charts
from edition.sphinxext.citations import setup_citations
from edition.sphinxext.domain import setup_domain
from edition.sphinxext.downloads import setup_downloads
from edition.sphinxext.glossary import setup_glossary
from edition.sphinxext.home import setup_home
from edition.sphinxext.livecode import setup_livecode
from edition.sphinxext.metadata import setup_metadata
from edition.sphinxext.narrative import setup_narrative
from edition.sphinxext.navigation import setup_navigation
from edition.sphinxext.nodes import setup_nodes
from edition.sphinxext.outputs import setup_outputs
from edition.sphinxext.page import setup_page
from edition.sphinxext.pages import setup_pages
from edition.sphinxext.passage import setup_passage
from edition.sphinxext.search import setup_search
from edition.sphinxext.signposting import setup_signposting
from edition.sphinxext.state import setup_state
from edition.sphinxext.weight import setup_weight


def setup(app):
    setup_state(app)  # the data loaded once; what each output was made from; pages re-read when it changes
    setup_page(app)  # the edition's settings, static files and what every page carries
    setup_nodes(app)  # the siglum and the cite button
    setup_passage(app)  # {passage}: one passage of the registry, with its notes
    setup_domain(app)  # {p}, {e}, {f}; every passage placed once, in order
    setup_navigation(app)  # the source's sub-headings as sections of a chapter; go to ¶
    setup_pages(app)  # indexes, chronology, apparatus, corrections
    setup_narrative(app)  # the editors' plain English, and the narrative read straight through
    setup_glossary(app)  # {edition-glossary}, and each term's first use on a page linked to it
    setup_downloads(app)  # {edition-downloads}: every file beside the pages, with what it is for
    setup_home(app)  # {three-forms}: one passage as received, edited and in plain English
    setup_metadata(app)  # citation meta tags and JSON-LD on the chapters and the home page
    setup_citations(app)  # {citation-forms}: the dialog's citation on the pages; the printed title page
    setup_signposting(app)  # FAIR Signposting links on the chapters and the home page, their records
    setup_charts(app)  # the chart module, imported on first intent
    setup_livecode(app)  # the Live code button on the chart pages
    setup_outputs(app)  # passages.json, TEI, DTS, text exports, Web Annotations, Linked Places
    setup_search(app)  # the Pagefind index: one record per passage, then notes, index entries, pages
    setup_weight(app)  # what a page loads before the reader does anything; reading in parallel
    setup_execution(app)  # the notebooks run without a kernel each
    return {"version": "0.3", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 3}
