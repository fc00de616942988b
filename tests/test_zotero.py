"""Zotero- and Scholar-ready chapters: the Highwire citation_* tags (read with lxml), schema.org
JSON-LD (read with extruct), and what Zotero's Embedded Metadata translator would save."""

import csv
import json

import extruct
import pytest
from helpers import ROOT, toc_docnames
from lxml import html as lxml_html

# From Zotero's "Embedded Metadata" translator (zotero/translators, "Embedded Metadata.js", read in
# 2026): which Highwire tag fills which field, and which tag makes the item a book section; tags of
# Dublin Core ("DC.") and PRISM ("prism.") go to its RDF translator, which fills Rights from
# dc:rights and Edition from prism:edition, and takes the item type from og:type when no Highwire
# tag sets one ("book" → book, "website" → web page).
HIGHWIRE_MAPPINGS = {
    "citation_title": "title",
    "citation_publication_date": "date",
    "citation_date": "date",
    "citation_inbook_title": "publicationTitle",
    "citation_book_title": "bookTitle",
    "citation_publisher": "publisher",
    "citation_abstract": "abstractNote",
    "citation_public_url": "url",
    "citation_language": "language",
}
RDF_MAPPINGS = {"DC.rights": "rights", "prism.edition": "edition"}
BOOK_SECTION_TAGS = ("citation_book_title", "citation_inbook_title")
OG_TYPES = {"book": "book", "website": "webpage", "article": "journalArticle"}


def clean_author(creator: str, role: str) -> dict:
    """ZU.cleanAuthor(creator, role, creator.includes(",")) (zotero/utilities): with a comma, last name
    before it and first name after it; without, the name split at its last space. Trailing commas and
    spaces are trimmed first, so "Wikipedia contributors," is a last name alone (a whole name)."""
    use_comma = "," in creator
    creator = creator.strip().rstrip(" .,/[]:").lstrip(" .,/[]:")
    if use_comma:
        last, _, first = creator.partition(",")
        first = first.strip()
    else:
        first, _, last = creator.rpartition(" ")
    if not first:
        return {"name": last, "creatorType": role}  # Zotero's single-field name
    return {"firstName": first, "lastName": last, "creatorType": role}


def zotero_item(document) -> dict:
    """The item the translator would save from these meta tags (the fields it maps; first value wins)."""
    meta = [(m.get("name") or m.get("property"), m.get("content")) for m in document.xpath("/html/head/meta[@content]")]
    og_type = next((content for name, content in meta if name == "og:type"), "")
    if any(name in BOOK_SECTION_TAGS for name, _ in meta):
        item_type = "bookSection"
    else:
        item_type = OG_TYPES.get(og_type, "journalArticle")
    item = {"itemType": item_type}
    for tag, field in {**HIGHWIRE_MAPPINGS, **RDF_MAPPINGS}.items():
        value = next((content for name, content in meta if name == tag and content.strip()), None)
        if value:
            item[field] = " ".join(value.split())
    item["creators"] = [clean_author(content, "author") for name, content in meta if name == "citation_author"]
    item["creators"] += [clean_author(content, "editor") for name, content in meta if name == "citation_editor"]
    return item


def first_paragraph(document) -> str:
    """The page's first paragraph of prose: the first <p> of its article's top section with no class."""
    (paragraph,) = document.xpath("(//article//section)[1]/p[not(@class)][1]")
    return " ".join(paragraph.text_content().split())


# The text chapters the table of contents lists (_toc.yml), the narrative retelling them aside.
TEXT_CHAPTERS = sorted(set(toc_docnames("The text")) - {"chapters/narrative"})


def chapters(edition, site):
    from edition.model.pages import chapter_docname

    return sorted({chapter_docname(edition, p.id) for p in edition.passages})


def test_every_text_chapter_is_saved_by_zotero_as_a_book_section(edition, site, published):
    sections = {int(r["section"]): r["title"] for r in csv.DictReader((ROOT / "data" / "sections.csv").open())}
    names = chapters(edition, site)
    assert names == TEXT_CHAPTERS and len(names) == len(edition.sections)
    for docname in names:
        document = lxml_html.fromstring((site / f"{docname}.html").read_bytes())
        item = zotero_item(document)
        assert item["itemType"] == "bookSection", docname
        assert item["title"] == sections[int(docname.split("/")[-1][:2])]
        assert item["bookTitle"] == item["publicationTitle"] == published.title
        assert item["date"] == published.date.replace("-", "/") and "publisher" not in item
        assert item["url"] == f"{published.base_url}{docname}.html" and item["language"] == "en"
        # whole names: the article's authors and the editors, never split into first and last names
        assert item["creators"] == [
            {"name": "Wikipedia contributors", "creatorType": "author"},
            {"name": "The editors of the Afghan Civil War edition", "creatorType": "editor"},
        ]
        assert (
            item["rights"].startswith("Creative Commons Attribution-ShareAlike 4.0")
            and published.licence_url in item["rights"]
        )
        assert item["edition"] == f"Version {published.version}"
        # the chapter's own summary, whole: its first paragraph of prose, no interface text
        assert item["abstractNote"] == first_paragraph(document) and len(item["abstractNote"]) > 150
        assert "Read this chapter" not in item["abstractNote"] and not item["abstractNote"].endswith("...")
        for tag in ("og:description", "description"):
            (value,) = document.xpath(f"/html/head/meta[@property='{tag}' or @name='{tag}']/@content")
            assert " ".join(value.split()) == item["abstractNote"], tag
        assert not document.xpath("//span[contains(@class, 'Z3988')]")  # no COinS


def test_the_home_page_is_saved_by_zotero_as_the_book(site, published):
    document = lxml_html.fromstring((site / "index.html").read_bytes())
    item = zotero_item(document)
    assert item["itemType"] == "book" and item["title"] == published.title and item["url"] == published.base_url
    assert item["creators"] == [
        {"name": "Wikipedia contributors", "creatorType": "author"},
        {"name": "The editors of the Afghan Civil War edition", "creatorType": "editor"},
    ]
    assert item["edition"] == f"Version {published.version}" and published.licence_url in item["rights"]
    assert item["abstractNote"] == first_paragraph(document)
    # the home page's own opening words: what the edition is, never interface text
    assert "Wikipedia article on the Afghan civil war of 1989–1992" in item["abstractNote"]
    assert "Read this" not in item["abstractNote"] and len(item["abstractNote"]) > 100


def test_every_text_chapter_has_schema_org_json_ld_a_chapter_of_the_book(edition, site, published):
    names = chapters(edition, site)
    assert names == TEXT_CHAPTERS
    for docname in names:
        page = (site / f"{docname}.html").read_text(encoding="utf-8")
        data = extruct.extract(page, base_url=published.base_url + docname + ".html", syntaxes=["json-ld"])["json-ld"]
        (chapter,) = [d for d in data if d.get("@type") == "Chapter"]
        assert chapter["url"] == f"{published.base_url}{docname}.html" and chapter["version"] == published.version
        assert chapter["license"] == published.licence_url and chapter["editor"][0]["name"] == published.editors
        assert chapter["author"][0]["name"] == "Wikipedia contributors" and chapter["description"]
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
        assert record["urn"].endswith(":" + record["id"]) and record["urn"] in record["citation"]["csl"]["note"]
        assert record["urn"] not in record["citation"]["text"] and record["urn"] in record["citation"]["bibtex"]
        assert record["citation"]["csl"]["URL"] == record["absolute_url"]
    document = lxml_html.fromstring((site / "chapters/04-jalalabad.html").read_bytes())
    (embedded,) = document.xpath("//script[@id='edition-citations']/text()")
    made = json.loads(embedded)
    by_id = {r["id"]: r for r in payload["passages"]}
    assert set(made) == {p.id for p in edition.passages_in_section(4)}
    assert made["4.16"]["bibtex"] == by_id["4.16"]["citation"]["bibtex"]
