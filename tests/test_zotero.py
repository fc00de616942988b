"""Zotero- and Scholar-ready chapters: the Highwire citation_* tags (read with lxml), schema.org
JSON-LD (read with extruct), and what Zotero's Embedded Metadata translator would save."""

import json

import extruct
import pytest
from conftest import ROOT
from lxml import html as lxml_html

from edition.model.citation import edition_meta

# From Zotero's "Embedded Metadata" translator (zotero/translators, 2024): which Highwire tag fills
# which field, and which tag makes the item a book section.
HIGHWIRE_MAPPINGS = {
    "citation_title": "title",
    "citation_publication_date": "date",
    "citation_date": "date",
    "citation_inbook_title": "publicationTitle",
    "citation_book_title": "bookTitle",
    "citation_publisher": "publisher",
    "citation_public_url": "url",
    "citation_language": "language",
}
BOOK_SECTION_TAGS = ("citation_book_title", "citation_inbook_title")


def zotero_item(document) -> dict:
    """The item the translator would save from these meta tags (the fields it maps; first value wins)."""
    meta = [(m.get("name"), m.get("content")) for m in document.xpath("/html/head/meta[@name][@content]")]
    item = {"itemType": "bookSection" if any(name in BOOK_SECTION_TAGS for name, _ in meta) else "journalArticle"}
    for tag, field in HIGHWIRE_MAPPINGS.items():
        value = next((content for name, content in meta if name == tag and content.strip()), None)
        if value:
            item[field] = " ".join(value.split())
    item["creators"] = [
        {"name": content, "creatorType": "editor"} for name, content in meta if name == "citation_editor"
    ]
    item["creators"] += [
        {"name": content, "creatorType": "author"} for name, content in meta if name == "citation_author"
    ]
    return item


def chapters(edition, site):
    from edition.model.pages import chapter_docname

    return sorted({chapter_docname(edition, p.id) for p in edition.passages})


def test_every_text_chapter_is_saved_by_zotero_as_a_book_section(edition, site):
    meta = edition_meta(ROOT)
    names = chapters(edition, site)
    assert len(names) == len(edition.sections)
    for docname in names:
        document = lxml_html.fromstring((site / f"{docname}.html").read_bytes())
        item = zotero_item(document)
        heading = " ".join(document.xpath("string(//article//h1)").replace("#", "").split())
        assert item["itemType"] == "bookSection", docname
        assert item["title"] == heading and item["bookTitle"] == item["publicationTitle"] == meta.title
        assert item["date"] == meta.date_released.replace("-", "/") and item["publisher"] == meta.publisher
        assert item["url"] == f"{meta.base_url}{docname}.html" and item["language"] == "en"
        assert item["creators"] == [{"name": "The editors of the Afghan Civil War edition", "creatorType": "editor"}]
        version = document.xpath("/html/head/meta[@name='citation_version']/@content")
        assert version == [meta.version]
        assert not document.xpath("//span[contains(@class, 'Z3988')]")  # no COinS


def test_every_text_chapter_has_schema_org_json_ld_a_chapter_of_the_book(edition, site):
    meta = edition_meta(ROOT)
    for docname in chapters(edition, site):
        page = (site / f"{docname}.html").read_text(encoding="utf-8")
        data = extruct.extract(page, base_url=meta.base_url + docname + ".html", syntaxes=["json-ld"])["json-ld"]
        (chapter,) = [d for d in data if d.get("@type") == "Chapter"]
        assert chapter["url"] == f"{meta.base_url}{docname}.html" and chapter["version"] == meta.version
        assert chapter["license"] == meta.licence_url and chapter["editor"][0]["name"] == meta.editor_names
        book = chapter["isPartOf"]
        assert book["@type"] == "Book" and book["name"] == meta.title and book["url"] == meta.base_url
        assert book["editor"][0]["name"] == meta.editor_names and book["version"] == meta.version
        # the embedded JSON is escaped for <script> (script_json): no raw "<" inside it
        start = page.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
        assert "<" not in page[start : page.index("</script>", start)]


@pytest.mark.parametrize("docname", ["chapters/introduction", "chapters/how-to-cite"])
def test_pages_without_passages_carry_no_chapter_metadata(site, docname):
    document = lxml_html.fromstring((site / f"{docname}.html").read_bytes())
    assert not document.xpath("/html/head/meta[@name='citation_title']")


def test_passages_json_and_each_page_carry_the_python_made_citation_and_urn(edition, site):
    payload = json.loads((site / "passages.json").read_text(encoding="utf-8"))
    for record in payload["passages"]:
        assert record["urn"].endswith(":" + record["id"]) and record["urn"] in record["citation"]["text"]
        assert record["citation"]["csl"]["URL"] == record["absolute_url"]
    document = lxml_html.fromstring((site / "chapters/04-jalalabad.html").read_bytes())
    (embedded,) = document.xpath("//script[@id='edition-citations']/text()")
    made = json.loads(embedded)
    by_id = {r["id"]: r for r in payload["passages"]}
    assert set(made) == {p.id for p in edition.passages_in_section(4)}
    assert made["4.16"]["bibtex"] == by_id["4.16"]["citation"]["bibtex"]
