"""``{edition-downloads}``: the Downloads page, every file the edition offers beside its pages, each
with what it is for. The site's own files are linked relatively (the site works from any folder);
the PDF and the archive bundle, which ``make pdf`` and ``make dist`` build outside the site, are
named with the command that makes them.
"""

from __future__ import annotations

import posixpath

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from edition.model.files import read_json
from edition.model.pages import CHART_PAGES, TIMELINE_PAGE
from edition.outputs import publish, tei
from edition.sphinxext.state import edition_of

NOTEBOOKS = sorted(set(CHART_PAGES.values()) | {TIMELINE_PAGE, "chapters/figures/map"})


def _site_link(docname: str, path: str, text: str) -> nodes.reference:
    """A link from the page ``docname`` to ``path`` at the site's root."""
    here = posixpath.dirname(docname)
    return nodes.reference("", text, refuri=posixpath.relpath(path, here or "."), internal=False)


class DownloadsDirective(SphinxDirective):
    def run(self):
        docname = self.env.docname
        config = self.env.config
        version = config.edition_version
        repository = (self.env.config.html_theme_options or {}).get("repository_url", "").rstrip("/")
        branch = (self.env.config.html_theme_options or {}).get("repository_branch", "main")
        items = nodes.definition_list(classes=["downloads"])

        def item(title: str, links: list[nodes.Node], what: str):
            entry = nodes.definition_list_item()
            term = nodes.term()
            term += nodes.Text(title)
            entry += term
            body = nodes.definition()
            if links:
                line = nodes.paragraph(classes=["download-links"])
                for k, link in enumerate(links):
                    if k:
                        line += nodes.Text(" · ")
                    line += link
                body += line
            body += words_with_commands(what)
            entry += body
            items.append(entry)

        item(
            "The whole edition in TEI",
            [_site_link(docname, tei.FILE, tei.FILE)],
            "The text, the apparatus, the notes, the named persons, places and events and the chronology in one "
            "TEI P5 file: for XML tools, other editions and long-term archiving.",
        )
        item(
            "The DTS entry point",
            [_site_link(docname, "api/dts.json", "api/dts.json")],
            "A Distributed Text Services (1.0) API, served as static files: text tools and readers that speak DTS "
            "can list the sections and passages and fetch any of them as TEI.",
        )
        item(
            "Every passage as data",
            [_site_link(docname, "passages.json", "passages.json")],
            "Each passage's number, text as received, edited text, the editors' plain English, address and "
            "citation, in JSON: for scripts that resolve a citation or reuse the text.",
        )
        item(
            "The notes as Web Annotations",
            [_site_link(docname, "annotations.jsonld", "annotations.jsonld")],
            "Every note on a passage as a W3C Web Annotation, anchored to the passage's words: for annotation "
            "tools such as hypothes.is or Recogito.",
        )
        item(
            "The places as Linked Places",
            [_site_link(docname, "api/places.lpf.json", "api/places.lpf.json")],
            "Every located place of the index in Linked Places Format (GeoJSON-LD), with its spellings in the "
            "source and the passages that name it: for gazetteers such as the World Historical Gazetteer.",
        )
        item(
            "Citation records",
            [
                _site_link(docname, "api/cite/edition.json", "api/cite/edition.json"),
                _site_link(docname, "CITATION.cff", "CITATION.cff"),
            ],
            "The edition and each passage as CSL-JSON (one file per chapter beside this one, api/cite/<chapter>.json), "
            "and the edition's CITATION.cff: for reference managers and archives.",
        )
        item(
            "The text as plain text and Markdown",
            [
                _site_link(docname, f"exports/{view}.{ext}", f"{view}.{ext}")
                for view in ("diplomatic", "reading", "rendering")
                for ext in ("txt", "md")
            ],
            "The text as received, the edited text and the editors' plain English, one passage per line with its "
            "¶ number (.txt) or under the section headings (.md): for reading offline, counting words, or "
            "comparing with other copies of the article.",
        )
        data_links = []
        if repository:
            data_links.append(
                nodes.reference(
                    "", "data/ in the repository", refuri=f"{repository}/tree/{branch}/data", internal=False
                )
            )
        edition = edition_of(self.env.app)
        item(
            "The data package",
            data_links,
            f"The source text, byte for byte, and the {len(edition_tables(edition))} tables the edition is made "
            "from (passages, apparatus, names, figures, events, renderings, glossary…), described by "
            "datapackage.json (Frictionless Data): for checking a figure or a reading, or for your own analysis. "
            "It is also in the archive bundle.",
        )
        item(
            "The notebooks",
            [_site_link(docname, f"_sources/{page}.ipynb", posixpath.basename(page) + ".ipynb") for page in NOTEBOOKS],
            "The Jupyter notebooks that draw the charts and the map from the data, with their outputs: open them "
            "in JupyterLab (or on Binder, with the rocket button of each chart page) to rerun or change a chart.",
        )
        item(
            "The book as a PDF",
            [],
            f"The whole book printed to one PDF, with the ¶ numbers, notes and charts, for reading on paper or "
            f"citing by page. It is not part of this site: `make pdf` builds it from a checkout "
            f"(`_build/pdf/{publish.NAME}.pdf`).",
        )
        item(
            "The archive bundle",
            [],
            f"One zip with this site, the data package, the notebooks, the TEI, the text exports and CITATION.cff, "
            f"with a README that says how to read it offline: for archiving version {version} or taking it where "
            f"there is no network. It is not part of this site: `make dist` builds it from a checkout "
            f"(`_build/dist/{publish.NAME}-{version}.zip`).",
        )
        return [items]


def words_with_commands(text: str) -> nodes.paragraph:
    """A sentence whose `commands` are set as code."""
    paragraph = nodes.paragraph()
    for k, part in enumerate(text.split("`")):
        if part:
            paragraph += nodes.literal(text=part) if k % 2 else nodes.Text(part)
    return paragraph


def edition_tables(edition) -> list[str]:
    return [resource["name"] for resource in read_json(edition.root, "datapackage.json")["resources"]]


def setup_downloads(app) -> None:
    app.add_directive("edition-downloads", DownloadsDirective)
