"""The citation as readers see it on the pages, and the printed book's title page.

- ``{citation-forms}`` (a directive; argument: a passage id, or none for the edition as a whole):
  the Chicago (note and bibliography), APA and MLA forms of that citation, exactly as the cite
  dialog gives them: the same ``forms`` of ``edition.model.citation.citation``, made once per build
  (``passage_citations``). The directive leaves a placeholder that is filled when the page is
  resolved, when every passage's page (and so its address) is known. Used by How to cite and the
  introduction; no citation is typed by hand.
- ``title_page``: in the single-page build that ``make pdf`` prints, the book opens with a title
  page: title, version, editors, release date, licence, how to cite and the site's address.
"""

from __future__ import annotations

import datetime

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from edition.model.citation import STYLES, citation, edition_meta
from edition.sphinxext.metadata import licence_statement, passage_citations
from edition.sphinxext.state import edition_of


class citation_forms(nodes.General, nodes.Element):
    """Placeholder: the forms of one citation (``passage``: an id, or "" for the edition)."""


class CitationFormsDirective(SphinxDirective):
    optional_arguments = 1
    option_spec = {"forms": directives.unchanged}

    def run(self):
        passage = self.arguments[0] if self.arguments else ""
        if passage and passage not in edition_of(self.env.app).by_id:
            raise self.error(f"{{citation-forms}}: no passage {passage!r}")
        forms = [f.strip() for f in (self.options.get("forms") or ",".join(STYLES)).split(",") if f.strip()]
        unknown = [f for f in forms if f not in STYLES]
        if unknown:
            raise self.error(f"{{citation-forms}}: unknown form(s) {', '.join(unknown)}; known: {', '.join(STYLES)}")
        return [citation_forms(passage=passage, forms=forms)]


def styled(form: dict) -> list[nodes.Node]:
    """A rendered citation as docutils nodes: its runs of words, italic ones as emphasis."""
    return [nodes.emphasis(words, words) if italic else nodes.Text(words) for words, italic in form["parts"]]


def forms_list(made: dict, keys: list[str]) -> nodes.definition_list:
    listing = nodes.definition_list(classes=["edition-citation-forms"])
    for key in keys:
        form = made["forms"][key]
        item = nodes.definition_list_item()
        item += nodes.term(form["name"], form["name"])
        item += nodes.definition("", nodes.paragraph("", "", *styled(form), classes=["cite-text"]))
        listing += item
    return listing


def edition_citation(app) -> dict:
    return citation(edition_meta())


def fill_citation_forms(app, doctree, docname):
    for node in list(doctree.findall(citation_forms)):
        if node["passage"]:
            made = passage_citations(app).get(node["passage"])
            if made is None:  # a passage no chapter places: the domain's own check reports it
                node.replace_self([])
                continue
        else:
            made = edition_citation(app)
        node.replace_self(forms_list(made, node["forms"]))


def in_words(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def title_page(app) -> nodes.container:
    """The printed book's title page, from CITATION.cff and ``html.baseurl`` (``edition_meta``)."""
    meta = edition_meta()
    page = nodes.container(classes=["edition-title-page"])
    page += nodes.paragraph("", meta.title, classes=["title-page-title"])
    page += nodes.paragraph(
        "", f"An edition of the Wikipedia article “{meta.source_title}”", classes=["title-page-subtitle"]
    )
    facts = nodes.field_list(classes=["title-page-facts"])
    for name, value in (
        ("Version", meta.version),
        ("Edited by", meta.editor_names),
        ("Released", in_words(meta.date_released)),
        ("Licence", licence_statement(meta)),
        ("Online at", meta.base_url),
    ):
        field = nodes.field()
        field += nodes.field_name(name, name)
        body = nodes.paragraph()
        body += nodes.reference(value, value, refuri=value) if value.startswith("https://") else nodes.Text(value)
        field += nodes.field_body("", body)
        facts += field
    page += facts
    page += nodes.paragraph("", "How to cite this book", classes=["title-page-cite-heading"])
    page += forms_list(edition_citation(app), ["chicago-bibliography", "apa", "mla"])
    page += nodes.paragraph(
        "",
        "Cite a passage by its number (¶ 4.22): every passage keeps its number in every version, in print "
        "as on the site, where its address is the chapter's page followed by #p- and the number.",
        classes=["title-page-note"],
    )
    return page


def add_title_page(app, doctree, docname):
    if app.builder.name != "singlehtml" or docname != app.config.root_doc:
        return
    if any("edition-title-page" in n["classes"] for n in doctree.findall(nodes.container)):
        return
    doctree.insert(0, title_page(app))


def running_title(app, pagename, templatename, context, doctree):
    """The single-page book's running title, in the top margin of every page but the title page, which
    opens the printed book (the theme's printed heading and contents, which would precede it, are left out)."""
    if app.builder.name != "singlehtml":
        return
    title = edition_meta().title.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    context["metatags"] = context.get("metatags", "") + (
        "\n<style>@page { @top-left { content: "
        f'"{title}"'
        "; font: 9pt system-ui, sans-serif; color: #444; } }"
        " @page :first { @top-left { content: ''; } @bottom-right { content: ''; } }"
        # the theme's printed heading and list of the page's sections would come before the title page
        " @media print { #jb-print-docs-body { display: none !important; } }</style>\n"
    )


def setup_citations(app) -> None:
    app.add_node(citation_forms)
    app.add_directive("citation-forms", CitationFormsDirective)
    app.connect("doctree-resolved", fill_citation_forms)
    app.connect("doctree-resolved", add_title_page)
    app.connect("html-page-context", running_title)
