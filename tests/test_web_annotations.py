"""The editors' notes as W3C Web Annotations (annotations.jsonld): one Annotation per passage with
a note, its body the note (HTML and plain text), its target the passage, anchored by a
TextQuoteSelector on the passage's diplomatic text. The required members are checked as the Web
Annotation Data Model (W3C Recommendation, 23 February 2017) states them."""

import json

import pytest
import yaml
from helpers import ROOT, data_rows

BASE = yaml.safe_load((ROOT / "_config.yml").read_text())["html"]["baseurl"]


@pytest.fixture(scope="module")
def collection(site):
    return json.loads((site / "annotations.jsonld").read_text(encoding="utf-8"))


def diplomatic_texts(pages) -> dict[str, str]:
    """Passage id → the words of its diplomatic view, as the built page shows them."""
    out = {}
    for soup in pages.values():
        for box in soup.select("div.passage[id^=p-]"):
            out[box["id"][2:]] = " ".join(box.select_one("p.diplomatic").get_text().split())
    return out


def test_the_collection_has_the_members_the_model_requires(collection):
    # §5.1 Annotation Collection: @context, id, type; §5.2 Annotation Page: id, type, items
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection" and collection["id"] == BASE + "annotations.jsonld"
    assert collection["label"] and collection["total"] == len(collection["first"]["items"])
    page = collection["first"]
    assert page["type"] == "AnnotationPage" and page["id"].startswith(BASE) and collection["last"] == page["id"]
    assert 150 < len(page["items"]) <= len(data_rows("passages.csv"))  # a note's annotation on most passages
    for annotation in page["items"]:
        # §3.1 Annotation: id (an IRI), type Annotation, at least one target
        assert annotation["type"] == "Annotation" and annotation["id"].startswith(BASE + "annotations.jsonld#")
        assert annotation["motivation"] == "commenting"
        assert annotation["creator"] and all(c["type"] in ("Person", "Organization") for c in annotation["creator"])
        bodies = {body["format"]: body for body in annotation["body"]}
        assert set(bodies) == {"text/html", "text/plain"}
        for body in bodies.values():  # §3.2.4 Embedded Textual Body: type, value
            assert body["type"] == "TextualBody" and body["value"].strip() and body["language"] == "en"
        selector = annotation["target"]["selector"]  # §4.2.4 Text Quote Selector: type, exact
        assert selector["type"] == "TextQuoteSelector" and selector["exact"]
    assert len({a["id"] for a in page["items"]}) == len(page["items"])


def test_every_passage_with_a_note_has_exactly_one_annotation_anchored_in_it(collection, pages, edition):
    with_notes = set()
    for soup in pages.values():
        for box in soup.select("div.passage[id^=p-]"):
            if box.select_one(".passage-notes") and box.select_one(".passage-notes").get_text(strip=True):
                with_notes.add(box["id"][2:])
    assert len(with_notes) > 150
    targets = [a["target"]["source"] for a in collection["first"]["items"]]
    assert sorted(t.rsplit("#p-", 1)[1] for t in targets) == sorted(with_notes)
    shown = diplomatic_texts(pages)
    for annotation in collection["first"]["items"]:
        source = annotation["target"]["source"]
        pid = source.rsplit("#p-", 1)[1]
        page = source[len(BASE) :].split("#")[0]
        assert pages[page].select_one(f"div.passage[id='p-{pid}']") is not None, source
        assert annotation["target"]["selector"]["exact"] in shown[pid], pid


def test_the_bodies_are_the_notes_and_keep_their_links(collection, pages):
    items = {a["target"]["source"].rsplit("#p-", 1)[1]: a for a in collection["first"]["items"]}
    html_body = {b["format"]: b["value"] for b in items["4.3"]["body"]}
    assert "Hamid Gul" in html_body["text/plain"] and "(Coll 2004)" in html_body["text/plain"]
    assert "<a " in html_body["text/html"] and 'href="../' not in html_body["text/html"]
    linked = [
        b["value"] for a in items.values() for b in a["body"] if b["format"] == "text/html" and "href=" in b["value"]
    ]
    assert len(linked) > 50
    from bs4 import BeautifulSoup

    for value in linked:
        for link in BeautifulSoup(value, "html.parser").find_all("a", href=True):
            href = link["href"]
            assert href.startswith(("https://", "http://")), href
            if href.startswith(BASE):
                page, _, anchor = href[len(BASE) :].partition("#")
                assert page in pages, href
                assert not anchor or pages[page].find(id=anchor) is not None, href
