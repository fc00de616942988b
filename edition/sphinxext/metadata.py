"""What a chapter says about itself to machines, and what the writers need from the doctrees.

- ``passage_citations``: each passage's citation (``edition.model.citation``), with its absolute
  URL, once per build; used by ``passages.json``, the pages and the writers;
- ``page_metadata`` (html-page-context): on every text chapter, the Highwire ``citation_*`` meta
  tags that Zotero and Google Scholar read (a book section), schema.org JSON-LD (a ``Chapter``
  that ``isPartOf`` a ``Book``) and the citations of the page's passages for the cite dialog,
  every JSON through ``script_json``; on the home page, the same tags for the whole book;
- ``zotero_tags``: the tags in the form Zotero's Embedded Metadata translator reads (see there);
- ``passage_notes``: the editors' notes on each passage as plain text, from the doctrees, for the
  TEI and DTS writers (``edition.sphinxext.outputs``); ``passage_notes_html``: the same notes as
  HTML with absolute links, for the Web Annotations.
"""

from __future__ import annotations

import html

from docutils import nodes

from edition.model.citation import citation, cts_urn, edition_meta
from edition.sphinxext.state import edition_of
from edition.web.jsonscript import script_json


def passage_urls(app) -> dict[str, str]:
    """Passage id → absolute URL (html.baseurl + page + anchor) of every placed passage."""
    placed = app.env.get_domain("edition").data["placed"]
    meta = edition_meta()
    return {pid: f"{meta.base_url}{page_address(app, docname)}#p-{pid}" for pid, (docname, _) in placed.items()}


def page_address(app, docname: str) -> str:
    """A page's address in the HTML site, relative to its root; the same in every build (the
    single-page build that is printed cites the site's pages)."""
    if app.builder.name == "html":
        return app.builder.get_target_uri(docname)
    return docname + (app.config.html_file_suffix or ".html")


def passage_citations(app) -> dict[str, dict]:
    cached = getattr(app, "_edition_citations", None)
    if cached is None:
        meta = edition_meta()
        edition = edition_of(app)
        cached = {
            pid: citation(meta, pid, url, edition.section_title(edition.by_id[pid].section))
            for pid, url in passage_urls(app).items()
        }
        app._edition_citations = cached
    return cached


def forget_citations(app, env, *args):
    app._edition_citations = None


def chapter_passages(app, pagename: str) -> list[str]:
    placed = app.env.get_domain("edition").data["placed"]
    return sorted((pid for pid, (doc, _) in placed.items() if doc == pagename), key=lambda pid: placed[pid][1])


def zotero_tags(meta, title: str, page_url: str, description: str, book_title: str | None) -> list[tuple[str, str]]:
    """The meta tags of a page, in the form Zotero's Embedded Metadata translator (zotero/translators)
    reads them:

    - ``citation_book_title`` makes the item a book section; without it (the home page) ``og:type``
      ``book`` makes it a book (``page_metadata`` sets it);
    - a creator (``citation_author``, ``citation_editor``) without a comma is split at its last
      space into first and last name ("The editors of the Afghan Civil War" + "Edition"); with one,
      at the comma, so a body's name is written with a comma after it and is kept whole as a last
      name ("Wikipedia contributors,");
    - ``DC.rights`` fills Rights; ``prism.edition`` fills Edition, the field in which Zotero keeps a
      book's or a book section's version ("Version 0.3.0", which its styles print as it is);
    - ``citation_abstract`` fills the abstract: the page's own summary, its first paragraph of prose.
    No publisher: the edition is self-published, its publisher its editors, already named."""
    tags = [("citation_title", title)]
    if book_title:
        tags += [("citation_book_title", book_title), ("citation_inbook_title", book_title)]
    tags += [("citation_author", zotero_name(name)) for name in meta.text_authors]
    tags += [("citation_editor", zotero_name(name)) for name in meta.editors]
    tags += [
        ("citation_publication_date", meta.date_released.replace("-", "/")),
        ("citation_public_url", page_url),
        ("citation_language", meta.language),
        ("citation_version", meta.version),
        ("prism.edition", f"Version {meta.version}"),
        ("DC.rights", licence_statement(meta)),
    ]
    if description:
        tags.append(("citation_abstract", description))
    return tags


def zotero_name(name) -> str:
    """A person as "Family, Given"; a body's whole name followed by a comma (kept whole by Zotero)."""
    return f"{name.literal}," if name.literal else f"{name.family}, {name.given}"


def licence_statement(meta) -> str:
    names = {"CC-BY-SA-4.0": "Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)"}
    return " ".join(part for part in (names.get(meta.licence, meta.licence), meta.licence_url) if part)


def first_prose(doctree) -> str:
    """The page's own summary: the first paragraph of prose of its top section (a paragraph with no
    class of its own, so never a notice or a link the extension adds), as plain text."""
    top = next(iter(doctree.findall(nodes.section)), None) if doctree is not None else None
    for child in top.children if top is not None else []:
        if isinstance(child, nodes.paragraph) and not child.get("classes"):
            return " ".join(child.astext().split())
    return ""


def describe_page(context, description: str, **og) -> None:
    """The page's description for sphinxext-opengraph (og:description and the description tag) and any
    other og: override, set on a copy of the page's metadata (the environment's stays as it is)."""
    context["meta"] = dict(context.get("meta") or {}, **{"og:description": description}, **og)
    context["metatags"] = (
        context.get("metatags", "") + f'\n<meta name="description" content="{html.escape(description, quote=True)}" />'
    )


def page_metadata(app, pagename, templatename, context, doctree):
    if app.builder.format != "html" or not hasattr(app.builder, "get_target_uri"):
        return
    meta = edition_meta()
    if pagename == app.config.root_doc:
        description = first_prose(doctree)
        if description:
            describe_page(context, description, **{"og:type": "book"})
        tags = zotero_tags(meta, meta.title, meta.base_url, description, None)
        head = [f'<meta name="{name}" content="{html.escape(value, quote=True)}" />' for name, value in tags]
        context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(head) + "\n"
        return
    passages = chapter_passages(app, pagename)
    if not passages:
        return
    citations = passage_citations(app)
    page_url = meta.base_url + app.builder.get_target_uri(pagename)
    section = edition_of(app).by_id[passages[0]].section
    title = edition_of(app).section_title(section)
    description = first_prose(doctree)
    if description:
        describe_page(context, description)
    tags = zotero_tags(meta, title, page_url, description, meta.title)
    tags.append(("citation_id", cts_urn(str(section))))
    editors = [{"@type": "Organization" if n.literal else "Person", "name": n.display} for n in meta.editors]
    publisher = {"@type": "Organization", "name": meta.publisher}
    book = {
        "@type": "Book",
        "@id": meta.base_url,
        "name": meta.title,
        "url": meta.base_url,
        "editor": editors,
        "publisher": publisher,
        "datePublished": meta.date_released,
        "version": meta.version,
        "license": meta.licence_url,
        "inLanguage": meta.language,
        "identifier": cts_urn(),
        "author": [{"@type": "Organization", "name": n.display} for n in meta.text_authors],
    }
    chapter = {
        "@context": "https://schema.org",
        "@type": "Chapter",
        "@id": page_url,
        "name": title,
        "url": page_url,
        "isPartOf": book,
        "author": [{"@type": "Organization", "name": n.display} for n in meta.text_authors],
        "editor": editors,
        "publisher": publisher,
        "datePublished": meta.date_released,
        "version": meta.version,
        "license": meta.licence_url,
        "inLanguage": meta.language,
        "identifier": cts_urn(str(section)),
    }
    if description:
        chapter["description"] = description
    dialog = {
        pid: {key: citations[pid][key] for key in ("forms", "bibtex", "csl", "url", "urn")}
        for pid in passages
        if pid in citations
    }
    head = [f'<meta name="{name}" content="{html.escape(value, quote=True)}" />' for name, value in tags]
    head.append(f'<script type="application/ld+json">{script_json(chapter)}</script>')
    head.append(f'<script type="application/json" id="edition-citations">{script_json(dialog)}</script>')
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(head) + "\n"


def passage_notes(app) -> dict[str, str]:
    """The editors' notes on each passage as plain text, from the doctrees of the chapters."""
    notes = {}
    placed = app.env.get_domain("edition").data["placed"]
    for docname in sorted({doc for doc, _ in placed.values()}):
        doctree = app.env.get_doctree(docname)
        for box in doctree.findall(nodes.container):
            if "passage" not in box["classes"] or not box["ids"] or not box["ids"][0].startswith("p-"):
                continue
            for part in box.findall(nodes.container):
                if "passage-notes" in part["classes"]:
                    notes[box["ids"][0][2:]] = " ".join(plain_text(app, part).split())
    return notes


def passage_notes_html(app) -> dict[str, str]:
    """The editors' notes on each passage as HTML, rendered by the HTML builder from the resolved
    doctrees: the notes' own links (to passages, index entries, the bibliography) kept as links,
    made absolute (``html.baseurl``), so that the notes can leave the site (Web Annotations)."""
    from urllib.parse import urljoin

    from bs4 import BeautifulSoup

    notes = {}
    placed = app.env.get_domain("edition").data["placed"]
    base = edition_meta().base_url
    for docname in sorted({doc for doc, _ in placed.values()}):
        page = urljoin(base, app.builder.get_target_uri(docname))
        doctree = app.env.get_and_resolve_doctree(docname, app.builder)
        for box in doctree.findall(nodes.container):
            if "passage" not in box["classes"] or not box["ids"] or not box["ids"][0].startswith("p-"):
                continue
            for part in box.findall(nodes.container):
                if "passage-notes" in part["classes"]:
                    fragment = "".join(
                        app.builder.render_partial(child.deepcopy())["fragment"] for child in part.children
                    )
                    soup = BeautifulSoup(fragment, "html.parser")
                    for link in soup.find_all(href=True):
                        link["href"] = urljoin(page, link["href"])
                    notes[box["ids"][0][2:]] = str(soup).strip()
    return notes


def plain_text(app, part: nodes.Element) -> str:
    """A note's text, its citations ({cite:p}, still unresolved in the doctree) written "(Coll 2004)"."""
    from sphinx import addnodes

    from edition.sphinxext.pages import bibliography_label

    edition = edition_of(app)
    part = part.deepcopy()
    for ref in list(part.findall(addnodes.pending_xref)):
        if ref.get("refdomain") == "cite":
            keys = [k.strip() for k in ref.get("reftarget", "").split(",") if k.strip()]
            labels = "; ".join(bibliography_label(edition, k) for k in keys if k in edition.bibliography_keys)
            ref["ids"] = []
            ref.replace_self(nodes.Text(f"({labels})" if ref.get("reftype") == "p" else labels))
    return part.astext()


def setup_metadata(app) -> None:
    app.connect("html-page-context", page_metadata, priority=400)  # before sphinxext-opengraph reads the description
    app.connect("env-updated", forget_citations)
