"""Zotero- and Scholar-ready chapters: the Highwire citation_* tags (read with lxml), schema.org
JSON-LD (read with extruct), and what Zotero's Embedded Metadata translator would save."""

import csv
import json

import extruct
import pytest
from helpers import ROOT
from lxml import html as lxml_html

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


@pytest.fixture(scope="module")
def chapters(placed):
    """The text chapters: those that place passages (read from the chapters), one per section of data/sections.csv."""
    names = sorted(set(placed.values()))
    with open(ROOT / "data" / "sections.csv", encoding="utf-8", newline="") as handle:
        sections = list(csv.DictReader(handle))
    assert names == [f"chapters/{int(row['section']):02d}-{row['key']}" for row in sections] and len(names) == 11
    return names


def test_every_text_chapter_is_saved_by_zotero_as_a_book_section(chapters, site, published):
    for docname in chapters:
        document = lxml_html.fromstring((site / f"{docname}.html").read_bytes())
        item = zotero_item(document)
        heading = " ".join(document.xpath("string(//article//h1)").replace("#", "").split())
        assert item["itemType"] == "bookSection", docname
        assert heading and item["title"] == heading
        assert item["bookTitle"] == item["publicationTitle"] == published.title
        assert item["date"] == published.date.replace("-", "/") and item["publisher"] == published.editors
        assert item["url"] == f"{published.base_url}{docname}.html" and item["language"] == "en"
        assert item["creators"] == [{"name": "The editors of the Afghan Civil War edition", "creatorType": "editor"}]
        version = document.xpath("/html/head/meta[@name='citation_version']/@content")
        assert version == [published.version]
        assert not document.xpath("//span[contains(@class, 'Z3988')]")  # no COinS


def test_every_text_chapter_has_schema_org_json_ld_a_chapter_of_the_book(chapters, site, published):
    for docname in chapters:
        page = (site / f"{docname}.html").read_text(encoding="utf-8")
        data = extruct.extract(page, base_url=published.base_url + docname + ".html", syntaxes=["json-ld"])["json-ld"]
        (chapter,) = [d for d in data if d.get("@type") == "Chapter"]
        assert chapter["url"] == f"{published.base_url}{docname}.html" and chapter["version"] == published.version
        assert chapter["license"] == published.licence_url and chapter["editor"][0]["name"] == published.editors
        book = chapter["isPartOf"]
        assert book["@type"] == "Book" and book["name"] == published.title and book["url"] == published.base_url
        assert book["editor"][0]["name"] == published.editors and book["version"] == published.version
        # the embedded JSON is escaped for <script> (script_json): no raw "<" inside it
        start = page.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
        assert "<" not in page[start : page.index("</script>", start)]


@pytest.mark.parametrize("docname", ["chapters/introduction", "chapters/how-to-cite"])
def test_pages_without_passages_carry_no_chapter_metadata(site, docname):
    document = lxml_html.fromstring((site / f"{docname}.html").read_bytes())
    assert not document.xpath("/html/head/meta[@name='citation_title']")


def test_passages_json_and_each_page_carry_the_python_made_citation_and_urn(edition, site):
    payload = json.loads((site / "passages.json").read_text(encoding="utf-8"))
    assert len(payload["passages"]) == len(edition.passages) > 150
    for record in payload["passages"]:
        assert record["urn"].endswith(":" + record["id"]) and record["urn"] in record["citation"]["text"]
        assert record["citation"]["csl"]["URL"] == record["absolute_url"]
    document = lxml_html.fromstring((site / "chapters/04-jalalabad.html").read_bytes())
    (embedded,) = document.xpath("//script[@id='edition-citations']/text()")
    made = json.loads(embedded)
    by_id = {r["id"]: r for r in payload["passages"]}
    assert set(made) == {p.id for p in edition.passages_in_section(4)}
    assert made["4.16"]["bibtex"] == by_id["4.16"]["citation"]["bibtex"]
